using System.Numerics.Tensors;

namespace LiveAmp.Engine.AmpModels.TubeSaturator;

/// <summary>2× up- and down-sampling with one 31-tap half-band FIR (Kaiser window, β = 8), in polyphase form:
/// every other tap is zero except the centre, so each direction costs 16 multiply-adds per base-rate frame.
/// Passband flat to ~18 kHz at 48 kHz, stopband ≈ −75 dB above 30 kHz (of the doubled rate). Each direction delays
/// by 7.5 base frames; the pair by <see cref="LatencyFrames"/> = 15. Allocation-free after construction.
/// The 16-tap dot products run the same way for every frame, so the output never depends on block boundaries.</summary>
internal sealed class HalfbandOversampler
{
    public const int Taps = 31;
    public const int LatencyFrames = 15;
    const int Branch = 16;   // the nonzero taps at even indices

    readonly float[] _evenTaps = new float[Branch];  // h[0], h[2], … h[30]
    readonly float[] _upHistory;                      // base-rate input history for the up filter (x[m−15 … m])
    readonly float[] _downEven, _downOdd;             // doubled-rate histories for the down filter
    int _upPosition, _downPosition;

    public HalfbandOversampler()
    {
        const int centre = Taps / 2;
        const double beta = 8.0;
        double i0Beta = BesselI0(beta);
        var h = new double[Taps];
        for (int n = 0; n < Taps; n++)
        {
            int k = n - centre;
            double sinc = k == 0 ? 0.5 : Math.Sin(Math.PI * k / 2) / (Math.PI * k);
            double r = (double)k / centre;
            h[n] = sinc * BesselI0(beta * Math.Sqrt(1 - r * r)) / i0Beta;
        }
        // Normalise so the even (nonzero) taps sum to 0.5 and the centre is 0.5: unity gain at DC in both phases.
        double evenSum = 0;
        for (int p = 0; p < Branch; p++) evenSum += h[2 * p];
        for (int p = 0; p < Branch; p++) _evenTaps[p] = (float)(h[2 * p] * 0.5 / evenSum);
        // Rings twice as long as needed so a window is always contiguous (write at p and p + Branch).
        _upHistory = new float[2 * Branch];
        _downEven = new float[2 * Branch];
        _downOdd = new float[2 * Branch];
    }

    public void Reset()
    {
        Array.Clear(_upHistory);
        Array.Clear(_downEven);
        Array.Clear(_downOdd);
        _upPosition = 0;
        _downPosition = 0;
    }

    /// <summary>Writes 2·input.Length samples at the doubled rate.</summary>
    public void Up(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int m = 0; m < input.Length; m++)
        {
            _upPosition = _upPosition == 0 ? Branch - 1 : _upPosition - 1;
            _upHistory[_upPosition] = input[m];
            _upHistory[_upPosition + Branch] = input[m];
            var window = _upHistory.AsSpan(_upPosition, Branch);   // window[p] = x[m − p]
            output[2 * m] = 2 * TensorPrimitives.Dot(_evenTaps, window);
            output[2 * m + 1] = window[7];    // 2·h[15]·x[m − 7], h[15] = 0.5
        }
    }

    /// <summary>Reads 2·output.Length doubled-rate samples, writes output.Length base-rate samples.</summary>
    public void Down(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int m = 0; m < output.Length; m++)
        {
            // y[m] = Σ_p h[2p]·s[2m − 2p] + h[15]·s[2m − 15]; s[2m] is the even phase, s[2m − 15] an odd one.
            _downPosition = _downPosition == 0 ? Branch - 1 : _downPosition - 1;
            _downEven[_downPosition] = input[2 * m];
            _downEven[_downPosition + Branch] = input[2 * m];
            _downOdd[_downPosition] = input[2 * m + 1];
            _downOdd[_downPosition + Branch] = input[2 * m + 1];
            var even = _downEven.AsSpan(_downPosition, Branch);   // even[p] = s[2m − 2p]
            var odd = _downOdd.AsSpan(_downPosition, Branch);     // odd[p] = s[2m + 1 − 2p]
            output[m] = TensorPrimitives.Dot(_evenTaps, even) + 0.5f * odd[8];   // s[2m − 15] = s[2m + 1 − 2·8]
        }
    }

    static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (int k = 1; k < 50; k++)
        {
            term *= x * x / (4.0 * k * k);
            sum += term;
        }
        return sum;
    }
}
