using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Dsp;
using LiveAmp.Engine.Dsp.Filters;
using LiveAmp.Engine.Dsp.Gain;
using LiveAmp.Engine.Dsp.Gate;
using LiveAmp.Engine.Dsp.Safety;
using LiveAmp.Engine.Dsp.ToneStack;

namespace LiveAmp.Engine.Chain;

/// <summary>The whole mono chain of design.md, one prepared instance per preset:
/// <code>input gain → gate detect → amp (resampled around if its rate differs) → amp calibration → gate apply
///   → tone stack → cabinet IR → cab level → output level → DC blocker → safety</code>
/// Every block but the gains, the DC blocker and the safety stage is optional. Built and prepared by
/// <see cref="ChainBuilder"/> on the loader thread; <see cref="Process"/> runs on the engine thread, allocation-free.
/// Knobs arrive through <see cref="Parameters"/> (lock-free) and are picked up at the top of each block; the gains and
/// the tone stack glide, so the output does not depend on how the input is cut into blocks.</summary>
public sealed class SignalChain : IProcessor, IDisposable
{
    readonly IProcessor? _amp;
    readonly NoiseGate? _gate;
    readonly ToneStackFilter? _toneStack;
    readonly IProcessor? _cab;
    readonly SmoothedGain _input = new(), _ampLevel, _cabLevel = new(), _output = new();
    readonly DcBlocker _dcBlocker = new();
    readonly IProcessor[] _blocks;   // in signal order; an array so resetting them on the engine thread cannot allocate
    readonly double _inputOffsetDb;
    int _maxBlock, _seenVersion = -1;

    /// <param name="amp">The amp model, or a <see cref="ModelRateAdapter"/> around it; null for no amp.</param>
    /// <param name="inputOffsetDb">Input calibration (model-formats.md §3.5), dB, added to the input knob.</param>
    /// <param name="ampLevelDb">Output calibration after the amp (model-formats.md §3.5), dB.</param>
    public SignalChain(ChainParameters parameters, IProcessor? amp, double inputOffsetDb, double ampLevelDb, NoiseGate? gate,
                       ToneStackFilter? toneStack, IProcessor? cab, ChainDescription description)
    {
        Parameters = parameters;
        _amp = amp;
        _inputOffsetDb = inputOffsetDb;
        _ampLevel = new SmoothedGain(ampLevelDb);
        _gate = gate;
        _toneStack = toneStack;
        _cab = cab;
        Description = description;
        _blocks = Blocks().ToArray();
    }

    /// <summary>Knob values; the UI writes, the engine reads at the top of each block.</summary>
    public ChainParameters Parameters { get; }

    /// <summary>What is in the chain, for display.</summary>
    public ChainDescription Description { get; }

    public SafetyStage Safety { get; } = new();

    /// <summary>Delay of the whole chain in frames at the running rate (only resampling around a model adds any).</summary>
    public int LatencyFrames => _amp?.LatencyFrames ?? 0;

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        _maxBlock = maxBlockFrames;
        foreach (var block in _blocks) block.Prepare(sampleRate, maxBlockFrames);
        Reset();
    }

    /// <summary>Runs the chain over silence long enough to reach every buffer (all of the IR's partitions), then resets
    /// it: first-touch page faults and cold caches are paid by the caller (the preset loader thread), not by the audio
    /// thread's first blocks after a switch (measured: blocks of 2–4 periods of CPU time without this).</summary>
    public void WarmUp()
    {
        Span<float> block = stackalloc float[64];
        for (int done = 0, frames = 2 * Math.Max(Description.CabFrames, 4096); done < frames; done += block.Length)
        {
            block.Clear();
            Process(block);
        }
        Reset();
    }

    public void Reset()
    {
        ApplyKnobs(force: true);
        foreach (var block in _blocks) block.Reset();
    }

    public void Process(Span<float> block)
    {
        while (block.Length > _maxBlock)
        {
            ProcessChunk(block[.._maxBlock]);
            block = block[_maxBlock..];
        }
        if (!block.IsEmpty) ProcessChunk(block);
    }

    void ProcessChunk(Span<float> block)
    {
        if (Safety.ResetRequested)
        {
            // A NaN got through last time: start every block from silence so it cannot recirculate.
            foreach (var b in _blocks) if (b != Safety) b.Reset();
            Safety.AcknowledgeReset();
        }
        ApplyKnobs(force: false);
        _input.Process(block);
        _gate?.Detect(block);
        if (_amp is not null)
        {
            _amp.Process(block);
            _ampLevel.Process(block);
        }
        _gate?.Apply(block);
        _toneStack?.Process(block);
        if (_cab is not null)
        {
            _cab.Process(block);
            _cabLevel.Process(block);
        }
        _output.Process(block);
        _dcBlocker.Process(block);
        Safety.Process(block);
    }

    void ApplyKnobs(bool force)
    {
        int version = Parameters.Version;
        if (!force && version == _seenVersion) return;
        _seenVersion = version;
        _input.GainDb = Parameters[Knob.InputDb] + _inputOffsetDb;
        if (_gate is not null) _gate.ThresholdDb = Parameters[Knob.GateThresholdDb];
        if (_toneStack is not null)
        {
            _toneStack.SetGainDb(ToneStackFilter.Band.Bass, Parameters[Knob.BassDb]);
            _toneStack.SetGainDb(ToneStackFilter.Band.Mid, Parameters[Knob.MidDb]);
            _toneStack.SetGainDb(ToneStackFilter.Band.Treble, Parameters[Knob.TrebleDb]);
            _toneStack.SetGainDb(ToneStackFilter.Band.Presence, Parameters[Knob.PresenceDb]);
        }
        _cabLevel.GainDb = Parameters[Knob.CabLevelDb];
        _output.GainDb = Parameters[Knob.OutputDb];
    }

    IEnumerable<IProcessor> Blocks()
    {
        yield return _input;
        if (_gate is not null) yield return _gate;
        if (_amp is not null) { yield return _amp; yield return _ampLevel; }
        if (_toneStack is not null) yield return _toneStack;
        if (_cab is not null) { yield return _cab; yield return _cabLevel; }
        yield return _output;
        yield return _dcBlocker;
        yield return Safety;
    }

    public void Dispose() => (_amp as IDisposable)?.Dispose();
}

/// <summary>What a chain holds, for the UI and <c>liveamp presets</c>.</summary>
/// <param name="AmpName">Model file name or "DSP amp (crunch)"; null without an amp.</param>
/// <param name="AmpInfo">The model's architecture and cost; null without an amp.</param>
/// <param name="ModelRate">The rate the amp runs at, Hz.</param>
/// <param name="Resampled">True when the amp runs at another rate than the chain (resampled around).</param>
/// <param name="CabName">IR file name; null without a cab.</param>
/// <param name="CabFrames">IR length at the running rate.</param>
public sealed record ChainDescription(string? AmpName, ModelInfo? AmpInfo, int ModelRate, bool Resampled,
                                      string? CabName, int CabFrames)
{
    public static ChainDescription Empty { get; } = new(null, null, 0, false, null, 0);
}
