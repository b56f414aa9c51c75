namespace LiveAmp.Engine.Dsp.Safety;

/// <summary>The last block of the chain: guards the speakers and the ears.
/// <list type="bullet">
/// <item>NaN or ±∞ anywhere in a block: the whole block is muted, <see cref="TripCount"/> increases,
/// <see cref="ResetRequested"/> is raised for the chain to reset its blocks, and the output fades back in over
/// <see cref="RecoveryMs"/> so the return is not a click.</item>
/// <item>Soft limiter: identity for |x| ≤ <see cref="KneeLevel"/> (−6 dBFS); above it
/// <c>knee + (1 − knee)·tanh((|x| − knee)/(1 − knee))</c>, which has slope 1 at the knee (no kink) and never
/// leaves ±1.</item>
/// </list>
/// Engine thread; allocation-free. The host reads the counters from any thread.</summary>
public sealed class SafetyStage : IProcessor
{
    /// <summary>−6.02 dBFS: the limiter leaves everything below untouched.</summary>
    public const float KneeLevel = 0.5f;
    public const double RecoveryMs = 20;

    int _tripCount, _resetRequested;
    double _recoveryStep = 1.0 / 960, _recoveryGain = 1;

    public int LatencyFrames => 0;

    /// <summary>Blocks muted because they held NaN or infinity since the stage was built.</summary>
    public int TripCount => Volatile.Read(ref _tripCount);

    /// <summary>Raised by a trip; the chain resets its blocks and clears it with <see cref="AcknowledgeReset"/>.</summary>
    public bool ResetRequested => Volatile.Read(ref _resetRequested) != 0;

    public void AcknowledgeReset() => Volatile.Write(ref _resetRequested, 0);

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        _recoveryStep = 1.0 / Math.Max(1, RecoveryMs * sampleRate / 1000);
        Reset();
    }

    /// <summary>Ends any fade-in; the trip count and the reset flag are kept (the host reads them).</summary>
    public void Reset() => _recoveryGain = 1;

    public void Process(Span<float> block)
    {
        if (!AllFinite(block))
        {
            block.Clear();
            Interlocked.Increment(ref _tripCount);
            Volatile.Write(ref _resetRequested, 1);
            _recoveryGain = 0;
            return;
        }
        if (_recoveryGain < 1)
        {
            double g = _recoveryGain;
            for (int i = 0; i < block.Length; i++)
            {
                g = Math.Min(1, g + _recoveryStep);
                block[i] = (float)(block[i] * g);
            }
            _recoveryGain = g;
        }
        for (int i = 0; i < block.Length; i++)
        {
            float x = block[i];
            if (MathF.Abs(x) > KneeLevel) block[i] = Limit(x);
        }
    }

    /// <summary>The limiter's curve for one sample (also for tests and plots).</summary>
    public static float Limit(float x)
    {
        float magnitude = MathF.Abs(x);
        if (magnitude <= KneeLevel) return x;
        const float span = 1 - KneeLevel;
        float limited = KneeLevel + span * MathF.Tanh((magnitude - KneeLevel) / span);
        return MathF.CopySign(MathF.Min(limited, 1f), x);
    }

    /// <summary>x − x is 0 for finite x and NaN for NaN or ±∞, so one sum tells whether every sample is finite.</summary>
    static bool AllFinite(ReadOnlySpan<float> block)
    {
        float probe = 0;
        for (int i = 0; i < block.Length; i++) probe += block[i] - block[i];
        return probe == 0;
    }
}
