using LiveAmp.Engine.Dsp.Filters;

namespace LiveAmp.Engine.Dsp.ToneStack;

/// <summary>The post-amp EQ: bass (low shelf at 150 Hz), mid (bell at 425 Hz, Q 0.7), treble (high shelf at
/// 1.8 kHz) and presence (bell at 4 kHz, Q 0.7), each ±12 dB, as four RBJ biquads in series.
/// <para>Glide: each band's gain in dB follows its target with a 10 ms one-pole and the coefficients are
/// redesigned every 32 frames of a fixed grid (counted from Reset, not from block starts), so knob moves never
/// click and the output does not depend on how the input is cut into blocks. At 0 dB RBJ's formulas give an
/// exact identity, so a flat stack passes the signal unchanged.</para>
/// Gains are set from the engine thread between blocks; everything here is allocation-free after
/// <see cref="Prepare"/>.</summary>
public sealed class ToneStackFilter : IProcessor
{
    public const double BassHz = 150, MidHz = 425, TrebleHz = 1800, PresenceHz = 4000;
    public const double MidQ = 0.7, PresenceQ = 0.7;
    public const double MaxGainDb = 12;
    const int UpdateInterval = 32;
    const double GlideMs = 10;

    public enum Band { Bass, Mid, Treble, Presence }

    readonly Biquad[] _filters = new Biquad[4];
    readonly double[] _currentDb = new double[4];
    readonly double[] _targetDb = new double[4];
    double _sampleRate = 48_000, _glideCoefficient;
    int _untilUpdate;

    public int LatencyFrames => 0;

    /// <summary>Sets a band's target gain, clamped to ±12 dB. Engine thread, between blocks.</summary>
    public void SetGainDb(Band band, double gainDb) =>
        _targetDb[(int)band] = Math.Clamp(double.IsNaN(gainDb) ? 0 : gainDb, -MaxGainDb, MaxGainDb);

    public double TargetGainDb(Band band) => _targetDb[(int)band];

    /// <summary>The gain in use now (it glides toward the target).</summary>
    public double CurrentGainDb(Band band) => _currentDb[(int)band];

    /// <summary>The coefficients a band has at <paramref name="gainDb"/>: the design the response is tested
    /// against.</summary>
    public static BiquadCoefficients Design(Band band, double gainDb, double sampleRate) => band switch
    {
        Band.Bass => BiquadCoefficients.LowShelf(BassHz, gainDb, sampleRate),
        Band.Mid => BiquadCoefficients.Peaking(MidHz, MidQ, gainDb, sampleRate),
        Band.Treble => BiquadCoefficients.HighShelf(TrebleHz, gainDb, sampleRate),
        _ => BiquadCoefficients.Peaking(PresenceHz, PresenceQ, gainDb, sampleRate),
    };

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        _sampleRate = sampleRate;
        _glideCoefficient = 1 - Math.Exp(-UpdateInterval * 1000.0 / (GlideMs * sampleRate));
        Reset();
    }

    /// <summary>Clears the filter state and jumps every band to its target (no glide).</summary>
    public void Reset()
    {
        for (int b = 0; b < 4; b++)
        {
            _currentDb[b] = _targetDb[b];
            _filters[b] = new Biquad(Design((Band)b, _currentDb[b], _sampleRate));
        }
        _untilUpdate = UpdateInterval;
    }

    public void Process(Span<float> block)
    {
        while (!block.IsEmpty)
        {
            if (_untilUpdate == 0)
            {
                Glide();
                _untilUpdate = UpdateInterval;
            }
            int n = Math.Min(block.Length, _untilUpdate);
            var piece = block[..n];
            for (int b = 0; b < 4; b++) _filters[b].Process(piece);
            _untilUpdate -= n;
            block = block[n..];
        }
    }

    void Glide()
    {
        for (int b = 0; b < 4; b++)
        {
            double current = _currentDb[b], target = _targetDb[b];
            if (current == target) continue;
            current += (target - current) * _glideCoefficient;
            if (Math.Abs(target - current) < 0.005) current = target;
            _currentDb[b] = current;
            _filters[b].Coefficients = Design((Band)b, current, _sampleRate);
        }
    }
}
