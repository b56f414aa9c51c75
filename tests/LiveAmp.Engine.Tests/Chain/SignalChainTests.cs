using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Dsp.Convolution;
using LiveAmp.Engine.Dsp.Gate;
using LiveAmp.Engine.Dsp.ToneStack;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Chain;

public class SignalChainTests
{
    const int Rate = 48_000;

    static SignalChain FullChain(string model = "zoo/wavenet_nano.nam", int modelRate = Rate, float bassDb = 3)
    {
        var amp = ModelLoader.Load(SharedData.File("models", model));
        var rng = new Random(5);
        var ir = new float[2048];
        for (int i = 0; i < ir.Length; i++) ir[i] = (float)((rng.NextDouble() - 0.5) * Math.Exp(-i / 300.0));
        ir[0] = 1;
        var parameters = new ChainParameters { [Knob.BassDb] = bassDb, [Knob.GateThresholdDb] = -80 };
        var chain = new SignalChain(parameters, modelRate == Rate ? amp : new ModelRateAdapter(amp, modelRate), 0, -3,
            new NoiseGate(), new ToneStackFilter(), new Convolver(ir), ChainDescription.Empty);
        chain.Prepare(Rate, 256);
        return chain;
    }

    static float[] Guitar(int frames) => Signals.Sine(frames, 196, Rate, 0.3);

    [Theory]
    [InlineData(Rate)]
    [InlineData(44_100)]   // the model resampled around: the FIFO must keep the result independent of block sizes
    public void Output_does_not_depend_on_how_the_input_is_cut(int modelRate)
    {
        var input = Guitar(Rate / 2);
        var whole = Signals.RunSplit(FullChain(modelRate: modelRate), input, [input.Length]);
        var split = Signals.RunSplit(FullChain(modelRate: modelRate), input, Signals.RandomSplits(new Random(3), input.Length, 300));
        Assert.True(Signals.Rms(whole) > 1e-3, "the chain should make sound");
        for (int i = 0; i < input.Length; i++)
            Assert.True(Math.Abs(whole[i] - split[i]) <= 1e-6, $"frame {i}: whole {whole[i]} vs split {split[i]}");
    }

    [Fact]
    public void Process_allocates_nothing()
    {
        var chain = FullChain(modelRate: 44_100);
        var block = Guitar(64);
        long bytes = Signals.AllocatedBytes(() => { chain.Parameters[Knob.MidDb] = block[3]; chain.Process(block); });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void A_NaN_mutes_the_block_resets_the_chain_and_raises_the_flag()
    {
        var chain = FullChain();
        var block = Guitar(64);
        chain.Process(block);
        var bad = Guitar(64);
        bad[10] = float.NaN;
        chain.Process(bad);
        Assert.All(bad, x => Assert.Equal(0f, x));
        Assert.Equal(1, chain.Safety.TripCount);
        var after = Guitar(64);
        chain.Process(after);
        Assert.All(after, x => Assert.True(float.IsFinite(x) && Math.Abs(x) <= 1));
        Assert.False(chain.Safety.ResetRequested);
    }

    [Fact]
    public void Output_knob_sets_the_level_in_dB()
    {
        var chain = new SignalChain(new ChainParameters(), null, 0, 0, null, null, null, ChainDescription.Empty);
        chain.Prepare(Rate, 512);
        var tone = Signals.Sine(Rate, 1000, Rate, 0.1);
        chain.Process(tone.AsSpan());
        double before = Signals.Amplitude(tone.AsSpan(Rate / 2), 1000, Rate);
        chain.Parameters[Knob.OutputDb] = -12;
        var quieter = Signals.Sine(Rate, 1000, Rate, 0.1);
        chain.Process(quieter);
        double after = Signals.Amplitude(quieter.AsSpan(Rate / 2), 1000, Rate);
        Assert.InRange(Signals.Db(after / before), -12.05, -11.95);
    }

    [Fact]
    public void Rate_adapter_passes_a_tone_through_with_the_latency_it_reports()
    {
        var adapter = new ModelRateAdapter(new IdentityModel(), 44_100);
        adapter.Prepare(Rate, 64);
        var input = Signals.Sine(Rate, 1000, Rate, 0.5);
        var output = Signals.RunSplit(adapter, input, Signals.RandomSplits(new Random(9), input.Length, 64));
        int latency = adapter.LatencyFrames;
        Assert.InRange(latency, 1, 300);   // two 130 dB resamplers: about 4.4 ms
        double error = 0, signal = 0;
        for (int i = Rate / 4; i < input.Length; i++)
        {
            double e = output[i] - input[i - latency];
            error += e * e;
            signal += (double)input[i - latency] * input[i - latency];
        }
        // The reported latency is rounded to whole frames: a ≤ 0.5-frame shift of a 1 kHz tone is ~ −20 dB at worst.
        Assert.True(10 * Math.Log10(signal / error) > 19, $"SNR {10 * Math.Log10(signal / error):0.0} dB at latency {latency}");
    }

    [Fact]
    public void Crossfading_between_two_very_different_chains_makes_no_click()
    {
        var clean = new SignalChain(new ChainParameters(), null, 0, 0, null, null, null, ChainDescription.Empty);
        clean.Prepare(Rate, 64);
        var loud = FullChain("wavenet_a1_standard.nam", bassDb: 12);
        var switcher = new ChainSwitcher(clean, 64, ChainSwitcher.DefaultFadeFrames(Rate));
        var input = Guitar(Rate / 2);
        var output = (float[])input.Clone();
        for (int at = 0; at < output.Length; at += 64)
        {
            if (at == 64 * 100) Assert.True(switcher.Offer(loud));
            switcher.Process(output.AsSpan(at, 64));
        }
        // The largest sample-to-sample step of either chain alone, around the switch.
        var cleanAlone = Signals.RunSplit(Rebuilt(clean), input, [input.Length]);
        var loudAlone = Signals.RunSplit(FullChain("wavenet_a1_standard.nam", bassDb: 12), input, [input.Length]);
        double ownStep = Math.Max(MaxStep(cleanAlone), MaxStep(loudAlone));
        double swapStep = MaxStep(output);
        Assert.True(swapStep <= ownStep * 1.0001, $"step during the swap {swapStep} > the signals' own {ownStep}");
        Assert.Same(clean, switcher.TakeRetired());
    }

    static SignalChain Rebuilt(SignalChain chain)
    {
        chain.Reset();
        return chain;
    }

    static double MaxStep(float[] x)
    {
        double max = 0;
        for (int i = 1; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i] - x[i - 1]));
        return max;
    }

    sealed class IdentityModel() : AmpModelBase(ModelOptions.Default)
    {
        public override ModelInfo Info { get; } = new("Identity", "passes the input through", 0, 0, 0, 0);
        protected override void OnPrepare(int sampleRate, int maxBlockFrames) { }
        protected override void OnReset() { }
        protected override void ProcessChunk(Span<float> block) { }
    }
}
