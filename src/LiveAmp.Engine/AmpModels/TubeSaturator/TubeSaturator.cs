using LiveAmp.Engine.Dsp.Filters;

namespace LiveAmp.Engine.AmpModels.TubeSaturator;

/// <summary>The built-in parametric amp ("tube saturator"): a baseline next to the neural captures and a
/// reference effect for synthetic training data.
/// <para>Path: input high-pass and pre-emphasis bell (tightness and mid push before the gain) → 2× up-sampling →
/// 2 or 3 triode-like stages <c>tanh(g·x + b) − tanh(b)</c>, each followed by a coupling high-pass (removes the
/// DC the asymmetry makes) and a one-pole low-pass (tames fizz) → down-sampling → tone (a ±9 dB high shelf at
/// 1.2 kHz) → power stage: a sag-free compressor (5 ms/80 ms level follower) into the softer
/// <c>x/√(1+x²)</c> curve → output level. Every stage runs sample by sample, so the output does not depend on
/// the block size.</para>
/// <para>Measured with a 220 Hz sine of peak 0.1 at level 5: clean drive 2 THD 0.8 % (H2 −42 dB), −20 dBFS RMS out;
/// crunch drive 3 THD 23 %; lead drive 8 THD 43 % (H2 −28 dB, H3 −10 dB), −13.4 dBFS RMS out. With 2× oversampling
/// the aliases of a 4.1 kHz lead tone sum to −27 dB re the fundamental, −18 dB without.</para>
/// Engine thread: Process/Reset allocation-free. Latency: 15 frames with oversampling, 0 without.</summary>
public sealed class TubeSaturator : AmpModelBase
{
    /// <summary>Per-character constants.</summary>
    internal sealed record Voice(
        double MinDriveDb, double MaxDriveDb, float[] StageGains, float[] StageBiases,
        double InputHighPassHz, double EmphasisHz, double EmphasisDb, double StageLowPassHz,
        double PowerDrive, double Compression, double MakeUpDb);

    internal static Voice VoiceOf(TubeCharacter character) => character switch
    {
        TubeCharacter.Clean => new(-6, 10, [1f, 1.2f], [0.12f, 0.08f], 50, 800, 2, 12_000, 0.8, 0.3, 6),
        TubeCharacter.Crunch => new(8, 32, [1f, 3f], [0.25f, 0.2f], 80, 900, 4, 9000, 1.5, 0.5, -10),
        _ => new(16, 44, [1f, 4f, 2.5f], [0.3f, 0.2f, 0.15f], 110, 1000, 6, 7000, 2.0, 0.6, -11),
    };

    readonly TubeSaturatorSettings _settings;
    readonly Voice _voice;
    readonly HalfbandOversampler _oversampler = new();
    readonly float[] _tanhBiases;
    float[] _fast = [];              // doubled-rate (or base-rate) work buffer
    Biquad _inputHighPass, _emphasis, _tone;
    float _driveGain, _levelGain, _powerDrive, _compression;
    double _couplingPole, _lowPassCoefficient;
    double[] _couplingIn = [], _couplingOut = [], _lowPass = [];
    double _envelope, _attack, _release;

    public TubeSaturator(TubeSaturatorSettings settings, ModelOptions? options = null)
        : base((options ?? ModelOptions.Default) with { Prewarm = false })
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _voice = VoiceOf(settings.Character);
        _tanhBiases = [.. _voice.StageBiases.Select(TubeShaper.Tanh)];
        Info = new ModelInfo("DSP TubeSaturator",
            $"{settings.Character}, {_voice.StageGains.Length} stages, drive {settings.Drive:0.#}, tone {settings.Tone:0.#}, level {settings.Level:0.#}{(settings.Oversample ? ", 2× oversampled" : "")}",
            ParameterCount: 0, MacsPerSample: (settings.Oversample ? 2 : 1) * 12 * _voice.StageGains.Length + (settings.Oversample ? 32 : 0) + 20,
            ReceptiveFieldFrames: null, PrewarmFrames: 0);
        Metadata = new ModelMetadata { Name = $"Tube saturator ({settings.Character.ToString().ToLowerInvariant()})", GearType = "amp", ToneType = settings.Character.ToString().ToLowerInvariant() };
    }

    public TubeSaturatorSettings Settings => _settings;
    public override ModelInfo Info { get; }
    public override int LatencyFrames => _settings.Oversample ? HalfbandOversampler.LatencyFrames : 0;

    /// <summary>No output sample can exceed this in magnitude: the power curve stays inside ±1, times the level.</summary>
    public float OutputBound => _levelGain;

    protected override void OnPrepare(int sampleRate, int maxBlockFrames)
    {
        int factor = _settings.Oversample ? 2 : 1;
        double fastRate = (double)sampleRate * factor;
        _fast = new float[maxBlockFrames * factor];
        _inputHighPass = new Biquad(BiquadCoefficients.HighPass(_voice.InputHighPassHz, 0.707, sampleRate));
        _emphasis = new Biquad(BiquadCoefficients.Peaking(_voice.EmphasisHz, 0.8, _voice.EmphasisDb, sampleRate));
        _tone = new Biquad(BiquadCoefficients.HighShelf(1200, (_settings.Tone - 5) * 1.8, sampleRate));
        _driveGain = (float)Math.Pow(10, (_voice.MinDriveDb + (_voice.MaxDriveDb - _voice.MinDriveDb) * _settings.Drive / 10) / 20);
        _levelGain = (float)Math.Pow(10, (_voice.MakeUpDb + (_settings.Level - 5) * 3) / 20);
        _powerDrive = (float)_voice.PowerDrive;
        _compression = (float)_voice.Compression;
        _couplingPole = Math.Exp(-2 * Math.PI * 20 / fastRate);
        _lowPassCoefficient = 1 - Math.Exp(-2 * Math.PI * _voice.StageLowPassHz / fastRate);
        int stages = _voice.StageGains.Length;
        _couplingIn = new double[stages];
        _couplingOut = new double[stages];
        _lowPass = new double[stages];
        _attack = 1 - Math.Exp(-1000.0 / (5 * sampleRate));
        _release = 1 - Math.Exp(-1000.0 / (80 * sampleRate));
    }

    protected override void OnReset()
    {
        _oversampler.Reset();
        _inputHighPass.Reset();
        _emphasis.Reset();
        _tone.Reset();
        Array.Clear(_couplingIn);
        Array.Clear(_couplingOut);
        Array.Clear(_lowPass);
        _envelope = 0;
    }

    protected override void ProcessChunk(Span<float> block)
    {
        _inputHighPass.Process(block);
        _emphasis.Process(block);

        Span<float> fast;
        if (_settings.Oversample)
        {
            fast = _fast.AsSpan(0, 2 * block.Length);
            _oversampler.Up(block, fast);
        }
        else
        {
            fast = _fast.AsSpan(0, block.Length);
            block.CopyTo(fast);
        }
        Saturate(fast);
        if (_settings.Oversample) _oversampler.Down(fast, block);
        else fast.CopyTo(block);

        _tone.Process(block);
        PowerStage(block);
    }

    void Saturate(Span<float> x)
    {
        var gains = _voice.StageGains;
        var biases = _voice.StageBiases;
        double pole = _couplingPole, lp = _lowPassCoefficient;
        for (int s = 0; s < gains.Length; s++)
        {
            float gain = s == 0 ? _driveGain : gains[s];
            float bias = biases[s], tanhBias = _tanhBiases[s];
            double xIn = _couplingIn[s], yOut = _couplingOut[s], smooth = _lowPass[s];
            for (int i = 0; i < x.Length; i++)
            {
                double shaped = TubeShaper.Triode(gain * x[i], bias, tanhBias);
                yOut = shaped - xIn + pole * yOut;        // coupling capacitor: 20 Hz high-pass
                xIn = shaped;
                smooth += (yOut - smooth) * lp;           // Miller capacitance: one-pole low-pass
                x[i] = (float)smooth;
            }
            _couplingIn[s] = xIn;
            _couplingOut[s] = Math.Abs(yOut) < 1e-15 ? 0 : yOut;
            _lowPass[s] = Math.Abs(smooth) < 1e-15 ? 0 : smooth;
        }
    }

    void PowerStage(Span<float> x)
    {
        double envelope = _envelope;
        for (int i = 0; i < x.Length; i++)
        {
            double level = Math.Abs(x[i]);
            envelope += (level - envelope) * (level > envelope ? _attack : _release);
            // Sag-free compression: the louder the recent level, the less drive into the power curve.
            float drive = _powerDrive / (1f + _compression * (float)envelope);
            x[i] = _levelGain * TubeShaper.Soft(drive * x[i]);
        }
        _envelope = envelope < 1e-15 ? 0 : envelope;
    }
}
