namespace LiveAmp.Engine.Dsp.Gain;

/// <summary>A gain in dB whose changes glide: the linear gain follows the target with a one-pole smoother
/// (time constant <see cref="SmoothingMs"/>, 10 ms by default), per sample, so knob moves never click and the
/// output does not depend on block boundaries. <see cref="GainDb"/> may be set from the engine thread at the
/// top of a block; the dB→linear conversion happens once per change, not per sample.</summary>
public sealed class SmoothedGain(double initialGainDb = 0, double smoothingMs = 10) : IProcessor
{
    double _target = DbToLinear(initialGainDb), _current = DbToLinear(initialGainDb), _coefficient;
    double _gainDb = initialGainDb;

    public double SmoothingMs { get; } = smoothingMs;
    public int LatencyFrames => 0;

    /// <summary>Target gain in dB; −∞ (or anything below −150 dB) is silence.</summary>
    public double GainDb
    {
        get => _gainDb;
        set
        {
            if (value == _gainDb) return;
            _gainDb = value;
            _target = DbToLinear(value);
        }
    }

    /// <summary>The linear gain applied to the last sample processed.</summary>
    public double CurrentGain => _current;

    public static double DbToLinear(double db) => db <= -150 ? 0 : Math.Pow(10, db / 20);

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        _coefficient = SmoothingMs <= 0 ? 1 : 1 - Math.Exp(-1000.0 / (SmoothingMs * sampleRate));
        Reset();
    }

    /// <summary>Jumps to the target (no glide), e.g. when a chain starts.</summary>
    public void Reset() => _current = _target;

    public void Process(Span<float> block)
    {
        double g = _current, target = _target, k = _coefficient;
        if (g == target)
        {
            if (g != 1) for (int i = 0; i < block.Length; i++) block[i] = (float)(block[i] * g);
            return;
        }
        // Land exactly once the remaining step is far below audibility (and before it turns denormal); checked
        // per sample so that the output does not depend on where blocks end.
        double landing = 1e-7 * Math.Max(target, 1e-3);
        for (int i = 0; i < block.Length; i++)
        {
            g += (target - g) * k;
            if (Math.Abs(g - target) <= landing) g = target;
            block[i] = (float)(block[i] * g);
        }
        _current = g;
    }
}
