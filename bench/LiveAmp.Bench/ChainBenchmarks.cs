using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Dsp.Convolution;
using LiveAmp.Engine.Dsp.Resampling;
using LiveAmp.Tests;

namespace LiveAmp.Bench;

/// <summary>The cabinet convolver at a 64-frame block against direct time-domain convolution (a vectorized dot product
/// per output sample), for an 8192-tap and a 96000-tap (2 s) IR. Same run, so the ratio is fair.</summary>
[Config(typeof(Jobs.Fast))]
public class ConvolverBenchmarks
{
    readonly float[] _input = new float[64];
    readonly float[] _block = new float[64];
    Convolver _convolver = null!;
    DirectConvolution _direct = null!;

    [Params(8192, 96000)]
    public int Taps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var ir = new float[Taps];
        for (int i = 0; i < ir.Length; i++) ir[i] = (float)((rng.NextDouble() - 0.5) * Math.Exp(-4.0 * i / Taps));
        _convolver = new Convolver(ir);
        _convolver.Prepare(48_000, 64);
        _direct = new DirectConvolution(ir, 64);
        BenchSignals.Guitar(48_000).AsSpan(0, 64).CopyTo(_input);
    }

    // Fresh input every call: processing one buffer in place over and over would feed the output back in.
    [Benchmark(Baseline = true)]
    public void Direct()
    {
        _input.CopyTo(_block, 0);
        _direct.Process(_block);
    }

    [Benchmark]
    public void Partitioned()
    {
        _input.CopyTo(_block, 0);
        _convolver.Process(_block);
    }

    /// <summary>y[n] = Σ h[k]·x[n−k] with the history kept reversed-ready: one dot product per output sample.</summary>
    sealed class DirectConvolution(float[] ir, int maxBlock)
    {
        readonly float[] _reversed = ir.Reverse().ToArray();
        readonly float[] _history = new float[ir.Length - 1 + maxBlock];

        public void Process(Span<float> block)
        {
            int taps = _reversed.Length;
            // Shift the history left by the block and append it, then each output is a dot over a window.
            _history.AsSpan(block.Length).CopyTo(_history);
            block.CopyTo(_history.AsSpan(_history.Length - block.Length));
            int first = _history.Length - block.Length - (taps - 1);
            for (int i = 0; i < block.Length; i++)
                block[i] = TensorPrimitives.Dot(_history.AsSpan(first + i, taps), _reversed);
        }
    }
}

/// <summary>The streaming resampler's cost per 64-frame input block at 44.1 → 48 kHz (an IR or a model at 44.1 kHz).</summary>
[Config(typeof(Jobs.Fast))]
public class ResamplerBenchmarks
{
    readonly float[] _input = new float[64];
    readonly float[] _output = new float[128];
    readonly Resampler _resampler = new();

    [GlobalSetup]
    public void Setup()
    {
        _resampler.Prepare(44_100, 48_000, 64);
        BenchSignals.Guitar(44_100).AsSpan(0, 64).CopyTo(_input);
    }

    [Benchmark]
    public int From44k1To48k() => _resampler.Process(_input, _output);
}

/// <summary>The whole chain as a preset runs it live: wavenet_a1_standard.nam + an 8192-tap IR + gate, tone stack,
/// levels and safety, per 64-frame block at 48 kHz; the model alone beside it for the chain's overhead.</summary>
[Config(typeof(Jobs.Fast))]
public class ChainBenchmarks
{
    readonly float[] _block = new float[64];
    float[] _signal = [];
    int _cursor;
    SignalChain _chain = null!, _modelOnly = null!;
    string _irPath = "";

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        var ir = new float[8192];
        for (int i = 0; i < ir.Length; i++) ir[i] = (float)((rng.NextDouble() - 0.5) * Math.Exp(-4.0 * i / ir.Length));
        _irPath = Path.Combine(Path.GetTempPath(), $"liveamp-bench-ir-{Environment.ProcessId}.wav");
        LiveAmp.Engine.Formats.Wav.WavWriter.Write(_irPath, ir, 48_000, LiveAmp.Engine.Formats.Wav.WavSampleFormat.Float32);
        var amp = new AmpSettings { ModelPath = SharedData.File("models", "wavenet_a1_standard.nam") };
        _chain = ChainBuilder.Build(new ChainSettings { Amp = amp, Cab = new CabSettings { IrPath = _irPath } }, 48_000, 64);
        _modelOnly = ChainBuilder.Build(new ChainSettings { Amp = amp, Gate = new() { Enabled = false }, Eq = new() { Enabled = false } }, 48_000, 64);
        _signal = BenchSignals.Guitar(48_000);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_irPath);

    [Benchmark(Baseline = true)]
    public void ModelOnly() => Run(_modelOnly);

    [Benchmark]
    public void FullChain() => Run(_chain);

    void Run(SignalChain chain)
    {
        if (_cursor + 64 > _signal.Length) _cursor = 0;
        _signal.AsSpan(_cursor, 64).CopyTo(_block);
        _cursor += 64;
        chain.Process(_block);
    }
}
