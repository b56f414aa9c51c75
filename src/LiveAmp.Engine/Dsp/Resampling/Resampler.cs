using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace LiveAmp.Engine.Dsp.Resampling;

/// <summary>Streaming sample-rate converter for one channel at any ratio: a Kaiser-windowed sinc evaluated as a
/// polyphase filter bank. Output sample j is the band-limited input evaluated at input time
/// <c>j · inputRate / outputRate − LatencyInputFrames</c>. The filter follows the specification sox documents for
/// <c>rate -v</c>: −3 dB at 95 % of the lower Nyquist frequency, stopband from that Nyquist frequency on, 175 dB design
/// attenuation. That puts the passband edge at 91.15 % (20.1 kHz at 44.1 kHz); float coefficients and arithmetic leave
/// the realised floor near −140 dB, so the passband is flat to about ±1e-6 dB and nothing above the lower Nyquist
/// frequency folds back by more than that floor.
/// <para>When the ratio reduces to a fraction p/q with q ≤ 4096 (44.1↔48↔88.2↔96↔192 kHz all do), the bank holds
/// every phase the conversion visits and uses it exactly. Otherwise it holds 2048 phases per input sample and
/// interpolates linearly between the two nearest, which keeps the interpolation error near −135 dB.</para>
/// <para><see cref="Prepare"/> runs on the loader thread and allocates; <see cref="Process"/> and
/// <see cref="Reset"/> run on the engine thread and allocate nothing.</para></summary>
public sealed class Resampler
{
    /// <summary>Default stopband attenuation the Kaiser window is designed for (dB); sets β = 0.1102 · (A − 8.7) ≈ 18.3.
    /// A lower value given to <see cref="Prepare"/> shortens the filter, and so the latency, in proportion to
    /// (A − 8): 120 dB takes about a third off.</summary>
    public const double StopbandAttenuationDb = 175;

    /// <summary>The lowest design attenuation <see cref="Prepare"/> accepts (dB).</summary>
    public const double MinStopbandAttenuationDb = 100;

    /// <summary>Passband edge as a fraction of the lower of the two Nyquist frequencies; with the stopband edge at
    /// Nyquist and 175 dB this places the −3 dB point at 95.0 % (computed from the kernel's response).</summary>
    public const double PassbandFraction = 0.9115;

    const int MaxExactPhases = 4096;
    const long MaxExactCoefficients = 1 << 22;
    const int InterpolatedPhases = 2048;
    const double MinRateHz = 1, MaxRateHz = 1_000_000;
    const double MaxRatio = 256;   // keeps the filter (≈ 200 taps × the downsampling ratio) and the tables bounded

    float[] _coefficients = [];   // rows of _tapCount, row r = phase r / _phaseCount of an input sample
    float[] _buffer = [];         // _historyFrames of past input, then the current chunk
    int _tapCount, _historyFrames, _phaseCount, _maxInputFrames;
    bool _exactPhases, _identity, _prepared;
    long _stepWhole, _stepRemainder, _denominator;   // input frames per output frame = _stepWhole + _stepRemainder/_denominator
    int _next;       // buffer index where the pending output's window starts, relative to the current chunk
    long _phase;     // fractional input position of the pending output, in units of 1/_denominator
    int _initialNext;

    /// <summary>Input rate given to <see cref="Prepare"/> (Hz).</summary>
    public double InputRate { get; private set; }

    /// <summary>Output rate given to <see cref="Prepare"/> (Hz).</summary>
    public double OutputRate { get; private set; }

    /// <summary>Filter length in input frames (0 when the rates are equal and samples pass through).</summary>
    public int TapCount => _identity ? 0 : _tapCount;

    /// <summary>Whether every phase is computed exactly (rational ratio with a small denominator) rather than
    /// interpolated between stored phases.</summary>
    public bool UsesExactPhases => _exactPhases;

    /// <summary>Delay from input to output, an exact whole number of input frames (half the filter length; 0 when the
    /// rates are equal).</summary>
    public int LatencyInputFrames { get; private set; }

    /// <summary>The same delay in output frames; fractional in general (<c>LatencyInputFrames · out / in</c>).</summary>
    public double LatencyOutputFrames => LatencyInputFrames * OutputRate / InputRate;

    /// <summary>The same delay in seconds (<c>LatencyInputFrames / in</c>).</summary>
    public double LatencySeconds => LatencyInputFrames / InputRate;

    /// <summary>Designs the filter and sizes the buffers for input blocks of up to <paramref name="maxInputFrames"/>
    /// (longer blocks are processed in pieces). Rates are honoured to 1 mHz. <paramref name="stopbandAttenuationDb"/>
    /// trades rejection for latency (see <see cref="StopbandAttenuationDb"/>). Loader thread; allocates; clears state.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not finite or outside 1 Hz to 1 MHz, one rate is more
    /// than 256 times the other, <paramref name="maxInputFrames"/> ≤ 0, or the attenuation is outside
    /// 100–175 dB.</exception>
    public void Prepare(double inputRate, double outputRate, int maxInputFrames,
                        double stopbandAttenuationDb = StopbandAttenuationDb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInputFrames);
        if (!(stopbandAttenuationDb >= MinStopbandAttenuationDb && stopbandAttenuationDb <= StopbandAttenuationDb))
            throw new ArgumentOutOfRangeException(nameof(stopbandAttenuationDb), stopbandAttenuationDb,
                $"the stopband attenuation must be from {MinStopbandAttenuationDb} to {StopbandAttenuationDb} dB");
        long inputMilliHz = ToMilliHz(inputRate, nameof(inputRate)), outputMilliHz = ToMilliHz(outputRate, nameof(outputRate));
        if (Math.Max(inputRate, outputRate) / Math.Min(inputRate, outputRate) > MaxRatio)
            throw new ArgumentOutOfRangeException(nameof(outputRate), outputRate,
                $"converting {inputRate} Hz to {outputRate} Hz exceeds the supported ratio of {MaxRatio}");
        long divisor = (long)System.Numerics.BigInteger.GreatestCommonDivisor(inputMilliHz, outputMilliHz);
        long p = inputMilliHz / divisor, q = outputMilliHz / divisor;

        InputRate = inputRate;
        OutputRate = outputRate;
        _maxInputFrames = maxInputFrames;
        _identity = p == q;
        _stepWhole = p / q;
        _stepRemainder = p % q;
        _denominator = q;
        if (_identity)
        {
            LatencyInputFrames = 0;
            _prepared = true;
            return;
        }

        // Kaiser's design formulas (Oppenheim & Schafer, "Discrete-Time Signal Processing", §7.6).
        double nyquist = Math.Min(inputRate, outputRate) / 2;
        double passHz = PassbandFraction * nyquist, stopHz = nyquist;
        double cutoff = (passHz + stopHz) / 2 / inputRate;               // cycles per input frame
        double transition = (stopHz - passHz) / inputRate;
        double beta = 0.1102 * (stopbandAttenuationDb - 8.7);
        double order = (stopbandAttenuationDb - 7.95) / (14.36 * transition);
        int half = (int)Math.Ceiling(order / 2);
        half = (half + 3) / 4 * 4;                                        // tap count a multiple of 8 for the vector dot
        _tapCount = 2 * half;
        _historyFrames = _tapCount - 1;
        LatencyInputFrames = half;

        _exactPhases = q <= MaxExactPhases && q * _tapCount <= MaxExactCoefficients;
        _phaseCount = _exactPhases ? (int)q : InterpolatedPhases;
        int rows = _exactPhases ? _phaseCount : _phaseCount + 1;          // interpolation reads row i + 1
        _coefficients = new float[rows * _tapCount];
        var row = new double[_tapCount];
        double windowNorm = 1 / BesselI0(beta);
        // Row r and row phaseCount − r are mirror images (the kernel is even), so only half are computed.
        for (int r = 0; 2 * r <= _phaseCount; r++)
        {
            double mu = (double)r / _phaseCount, sum = 0;
            for (int k = 0; k < _tapCount; k++)
            {
                // Tap k multiplies input frame (window end − (tapCount − 1) + k); its distance from the output time:
                double t = half - 1 - k + mu;
                double x = t / half;
                double window = x * x >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - x * x)) * windowNorm;
                row[k] = 2 * cutoff * Sinc(2 * cutoff * t) * window;
                sum += row[k];
            }
            // Unit gain at DC in every phase, so a constant input gives a constant output.
            int mirror = _phaseCount - r;
            for (int k = 0; k < _tapCount; k++)
            {
                float c = (float)(row[k] / sum);
                _coefficients[r * _tapCount + k] = c;
                if (mirror < rows) _coefficients[mirror * _tapCount + _tapCount - 1 - k] = c;
            }
        }

        _buffer = new float[_historyFrames + maxInputFrames];
        _initialNext = 0;
        _prepared = true;
        Reset();
    }

    /// <summary>The most output frames <see cref="Process"/> can produce from <paramref name="inputFrames"/> input
    /// frames: <c>ceil(inputFrames · out / in)</c>. Allocation-free.</summary>
    public int MaxOutputFrames(int inputFrames)
    {
        ThrowIfNotPrepared();
        if (_identity) return inputFrames;
        long p = _stepWhole * _denominator + _stepRemainder;
        return (int)((inputFrames * _denominator + p - 1) / p);
    }

    /// <summary>Exactly how many output frames the next <see cref="Process"/> call produces from
    /// <paramref name="inputFrames"/> input frames, given the current state (at most
    /// <see cref="MaxOutputFrames"/>). Allocation-free.</summary>
    public int OutputFramesFor(int inputFrames)
    {
        ThrowIfNotPrepared();
        if (_identity) return inputFrames;
        // Pending output j sits at (next + phase/q) + j·p/q input frames; it is produced if that is < inputFrames.
        long p = _stepWhole * _denominator + _stepRemainder;
        long room = (inputFrames - (long)_next) * _denominator - _phase;
        return room <= 0 ? 0 : (int)((room + p - 1) / p);
    }

    /// <summary>Converts <paramref name="input"/> (any length) and writes the output frames that became available to
    /// the front of <paramref name="output"/>, returning how many. The output does not depend on how the input is cut
    /// into blocks. Engine thread; allocation-free.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than
    /// <see cref="OutputFramesFor"/>(input.Length) (sizing it by <see cref="MaxOutputFrames"/> is always enough): a
    /// programming error, checked before any state changes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // no tier-0 code or later recompilation on the audio path
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int needed = OutputFramesFor(input.Length);
        if (output.Length < needed) ThrowOutputTooShort(output.Length, needed);
        if (_identity)
        {
            input.CopyTo(output);
            return input.Length;
        }
        int produced = 0;
        while (!input.IsEmpty)
        {
            int frames = Math.Min(input.Length, _maxInputFrames);
            produced += ProcessChunk(input[..frames], output[produced..]);
            input = input[frames..];
        }
        return produced;
    }

    /// <summary>Clears the input history and restarts the output clock, keeping the filter. Engine thread;
    /// allocation-free.</summary>
    public void Reset()
    {
        ThrowIfNotPrepared();
        Array.Clear(_buffer);
        _next = _initialNext;
        _phase = 0;
    }

    /// <summary>Resamples a whole signal with the latency removed: output frame k is the input at time
    /// <c>k / outputRate</c>, so frame 0 lines up with input frame 0, and the output has
    /// <c>round(n · out / in)</c> frames. The input is taken as zero beyond its ends. Loader/CLI thread; allocates.</summary>
    public static float[] ResampleAll(ReadOnlySpan<float> input, double inputRate, double outputRate)
    {
        const int BlockFrames = 4096;
        var resampler = new Resampler();
        resampler.Prepare(inputRate, outputRate, BlockFrames);
        if (resampler._identity) return input.ToArray();

        long p = resampler._stepWhole * resampler._denominator + resampler._stepRemainder, q = resampler._denominator;
        long outputFrames = (2 * input.Length * q + p) / (2 * p);
        var result = new float[outputFrames];
        // Starting the clock LatencyInputFrames later makes output time k·in/out instead of k·in/out − latency.
        resampler._initialNext = resampler.LatencyInputFrames;
        resampler.Reset();

        var block = new float[resampler.MaxOutputFrames(BlockFrames)];
        var silence = new float[BlockFrames];
        int written = 0, consumed = 0;
        while (written < outputFrames)
        {
            int frames = Math.Min(BlockFrames, input.Length - consumed);
            var chunk = frames > 0 ? input.Slice(consumed, frames) : silence;
            consumed += Math.Max(frames, 0);
            int produced = resampler.Process(chunk, block);
            int take = (int)Math.Min(produced, outputFrames - written);
            block.AsSpan(0, take).CopyTo(result.AsSpan(written));
            written += take;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    int ProcessChunk(ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(_buffer.AsSpan(_historyFrames));
        int next = _next, produced = 0, taps = _tapCount;
        long phase = _phase;
        var buffer = _buffer.AsSpan();
        var coefficients = _coefficients.AsSpan();
        while (next < input.Length)
        {
            var window = buffer.Slice(next, taps);
            if (_exactPhases)
            {
                output[produced++] = TensorPrimitives.Dot(window, coefficients.Slice((int)phase * taps, taps));
            }
            else
            {
                long scaled = phase * _phaseCount;
                int row = (int)(scaled / _denominator);
                double fraction = (double)(scaled - row * _denominator) / _denominator;
                double a = TensorPrimitives.Dot(window, coefficients.Slice(row * taps, taps));
                double b = TensorPrimitives.Dot(window, coefficients.Slice((row + 1) * taps, taps));
                output[produced++] = (float)(a + fraction * (b - a));
            }
            next += (int)_stepWhole;
            phase += _stepRemainder;
            if (phase >= _denominator)
            {
                phase -= _denominator;
                next++;
            }
        }
        _next = next - input.Length;
        _phase = phase;
        // Keep the newest history for the next chunk (Span.CopyTo handles the overlap).
        buffer.Slice(input.Length, _historyFrames).CopyTo(buffer);
        return produced;
    }

    static long ToMilliHz(double rate, string name)
    {
        if (!double.IsFinite(rate) || rate < MinRateHz || rate > MaxRateHz)
            throw new ArgumentOutOfRangeException(name, rate, $"a sample rate must be from {MinRateHz:N0} to {MaxRateHz:N0} Hz");
        // At most 1e9 mHz, so frame counts (< 2^31) times either term of the ratio stay within a long.
        return (long)Math.Round(rate * 1000);
    }

    static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges for any x).</summary>
    static double BesselI0(double x)
    {
        double sum = 1, term = 1, quarter = x * x / 4;
        for (int k = 1; k < 200 && term > sum * 1e-17; k++)
        {
            term *= quarter / ((double)k * k);
            sum += term;
        }
        return sum;
    }

    void ThrowIfNotPrepared()
    {
        if (!_prepared) ThrowNotPrepared();
    }

    [DoesNotReturn]
    static void ThrowNotPrepared() => throw new InvalidOperationException("Resampler.Prepare must run before use");

    [DoesNotReturn]
    static void ThrowOutputTooShort(int length, int needed) =>
        throw new ArgumentException($"output holds {length} frames but {needed} will be produced", "output");
}
