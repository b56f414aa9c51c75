using System.Diagnostics;

namespace LiveAmp.Engine.Dsp.Gate;

/// <summary>Noise gate split in two as NAM's plugin does: <see cref="Detect"/> reads the chain's input (before the
/// amp model, where the noise floor is cleanest) and computes one gain per frame; <see cref="Apply"/> multiplies
/// the amp's output for the same frames by those gains. The amp adds no latency, so the frames line up.
/// <para>Level: mean square with a 5 ms one-pole detector, compared with the thresholds as RMS dBFS (a sine of
/// peak A reads 20·log10(A/√2)). The gate opens when the level rises above <see cref="ThresholdDb"/> and closes
/// when it has stayed below <c>ThresholdDb − HysteresisDb</c> for the hold time. The gain ramps linearly to 1
/// over the attack time and to 0 over the release time.</para>
/// Engine thread: <see cref="Detect"/>, <see cref="Apply"/>, <see cref="Process"/>, <see cref="Reset"/> and the
/// threshold setter are allocation-free.</summary>
public sealed class NoiseGate : IProcessor
{
    const double DetectorMs = 5;

    readonly double _hysteresisDb, _attackMs, _holdMs, _releaseMs;
    double _thresholdDb;
    double _openPower, _closePower, _detectorCoefficient, _attackStep, _releaseStep;
    int _holdFrames;
    float[] _gains = [];
    int _detectedFrames;

    // State
    double _power, _gain;
    bool _open;
    int _holdLeft;

    public NoiseGate(double thresholdDb = -70, double hysteresisDb = 6, double attackMs = 1, double holdMs = 50,
                     double releaseMs = 80)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hysteresisDb);
        ArgumentOutOfRangeException.ThrowIfNegative(attackMs);
        ArgumentOutOfRangeException.ThrowIfNegative(holdMs);
        ArgumentOutOfRangeException.ThrowIfNegative(releaseMs);
        _thresholdDb = thresholdDb;
        _hysteresisDb = hysteresisDb;
        _attackMs = attackMs;
        _holdMs = holdMs;
        _releaseMs = releaseMs;
    }

    public int LatencyFrames => 0;
    public int MaxBlockFrames => _gains.Length;

    /// <summary>Opening threshold, RMS dBFS. Engine thread, between blocks.</summary>
    public double ThresholdDb
    {
        get => _thresholdDb;
        set
        {
            if (value == _thresholdDb) return;   // the chain writes it every time any knob moves
            _thresholdDb = value;
            UpdateThresholds();
        }
    }

    /// <summary>True while the gate is open (for a meter).</summary>
    public bool IsOpen => _open;

    /// <summary>The gain of the last frame detected, 0..1.</summary>
    public double CurrentGain => _gain;

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockFrames, 1);
        _gains = new float[maxBlockFrames];
        _detectorCoefficient = 1 - Math.Exp(-1000.0 / (DetectorMs * sampleRate));
        _attackStep = 1.0 / Math.Max(1, _attackMs * sampleRate / 1000);
        _releaseStep = 1.0 / Math.Max(1, _releaseMs * sampleRate / 1000);
        _holdFrames = (int)Math.Round(_holdMs * sampleRate / 1000);
        UpdateThresholds();
        Reset();
    }

    void UpdateThresholds()
    {
        _openPower = Math.Pow(10, _thresholdDb / 10);
        _closePower = Math.Pow(10, (_thresholdDb - _hysteresisDb) / 10);
    }

    /// <summary>Starts closed, detector at silence.</summary>
    public void Reset()
    {
        _power = 0;
        _gain = 0;
        _open = false;
        _holdLeft = 0;
        _detectedFrames = 0;
    }

    /// <summary>Computes the gains for <paramref name="input"/> (at most <see cref="MaxBlockFrames"/> frames),
    /// advancing the detector. Call <see cref="Apply"/> with a block of the same length next.</summary>
    public void Detect(ReadOnlySpan<float> input)
    {
        Debug.Assert(input.Length <= _gains.Length, "Detect: block longer than prepared");
        double power = _power, gain = _gain, k = _detectorCoefficient;
        bool open = _open;
        int holdLeft = _holdLeft;
        for (int i = 0; i < input.Length; i++)
        {
            double x = input[i];
            power += (x * x - power) * k;
            if (open)
            {
                if (power >= _closePower) holdLeft = _holdFrames;
                else if (holdLeft > 0) holdLeft--;
                else open = false;
            }
            else if (power > _openPower)
            {
                open = true;
                holdLeft = _holdFrames;
            }
            gain = open ? Math.Min(1, gain + _attackStep) : Math.Max(0, gain - _releaseStep);
            _gains[i] = (float)gain;
        }
        _power = power < 1e-30 ? 0 : power;
        _gain = gain;
        _open = open;
        _holdLeft = holdLeft;
        _detectedFrames = input.Length;
    }

    /// <summary>Multiplies <paramref name="block"/> by the gains of the last <see cref="Detect"/>.</summary>
    public void Apply(Span<float> block)
    {
        Debug.Assert(block.Length == _detectedFrames, "Apply: length differs from the last Detect");
        int n = Math.Min(block.Length, _detectedFrames);
        System.Numerics.Tensors.TensorPrimitives.Multiply(block[..n], _gains.AsSpan(0, n), block[..n]);
    }

    /// <summary>Detects on and gates the same block (a gate on its own, e.g. without an amp between).</summary>
    public void Process(Span<float> block)
    {
        while (!block.IsEmpty)
        {
            var piece = block[..Math.Min(block.Length, _gains.Length)];
            Detect(piece);
            Apply(piece);
            block = block[piece.Length..];
        }
    }
}
