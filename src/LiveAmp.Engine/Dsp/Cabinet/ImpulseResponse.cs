using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Dsp.Cabinet;

/// <summary>Turns the samples of a cabinet IR file into the IR the convolver runs: checks them, resamples to the
/// running rate, optionally trims with a short fade-out, and normalises. Loader thread; allocates.
/// <para>Normalisation rule: the IR's energy Σh² is set to <c>48000 / rate</c>, i.e. exactly 1 at 48 kHz. Energy 1
/// means white noise band-limited to 24 kHz keeps its power, and scaling with 1/rate keeps the in-band gain of
/// the same cabinet equal at every rate (a cabinet passes nothing above ~10 kHz, so at 96 kHz the same energy
/// would otherwise be spread over half the relative bandwidth). Files recorded at different levels therefore play
/// at the same loudness; the chain's cab-level knob sets taste.</para></summary>
public static class ImpulseResponse
{
    /// <summary>Longest IR accepted, in seconds of the file's own rate.</summary>
    public const double MaxSeconds = 10;
    /// <summary>An IR whose peak stays below this (−120 dBFS) is silent.</summary>
    public const double SilencePeak = 1e-6;
    /// <summary>Length of the raised-cosine fade applied at a trim point.</summary>
    public const double TrimFadeMs = 5;
    /// <summary>The energy Σh² a normalised IR has at 48 kHz.</summary>
    public const double EnergyAt48kHz = 1.0;

    /// <summary>The target energy at <paramref name="sampleRate"/>: <c>EnergyAt48kHz · 48000 / rate</c>.</summary>
    public static double TargetEnergy(int sampleRate) => EnergyAt48kHz * 48_000.0 / sampleRate;

    /// <param name="sourceName">The file as the user named it, for errors.</param>
    /// <param name="samples">Mono samples (stereo already mixed by the caller).</param>
    /// <param name="sampleRate">The file's rate, Hz.</param>
    /// <param name="targetRate">The running rate, Hz.</param>
    /// <param name="resample">(samples, fromHz, toHz) → resampled samples; called only when the rates differ.</param>
    /// <param name="trimMs">Keep only the first <paramref name="trimMs"/> ms (with a fade-out); null keeps all.</param>
    /// <exception cref="FileFormatException">Empty, NaN/infinite, too long or silent, naming the sample index.</exception>
    public static float[] Prepare(string sourceName, float[] samples, int sampleRate, int targetRate,
                                  Func<float[], double, double, float[]> resample, double? trimMs = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetRate, 1);
        if (trimMs is double t && !(t > 0)) throw new ArgumentOutOfRangeException(nameof(trimMs), t, "the trim length must be positive");

        Check(sourceName, samples, sampleRate, "");
        float[] ir = samples;
        if (sampleRate != targetRate)
        {
            ir = resample(samples, sampleRate, targetRate);
            Check(sourceName, ir, targetRate, $" after resampling from {sampleRate} Hz to {targetRate} Hz");
        }
        else ir = (float[])samples.Clone();

        if (trimMs is double keepMs)
        {
            int keep = (int)Math.Round(keepMs * targetRate / 1000);
            if (keep < ir.Length)
            {
                ir = ir[..Math.Max(1, keep)];
                int fade = Math.Min(ir.Length / 2, (int)Math.Round(TrimFadeMs * targetRate / 1000));
                for (int i = 0; i < fade; i++)
                {
                    double x = (i + 1.0) / (fade + 1);   // 0 → 1 over the fade, ends before the last sample
                    ir[ir.Length - fade + i] *= (float)(0.5 * (1 + Math.Cos(Math.PI * x)));
                }
                if (Peak(ir) < SilencePeak)
                    throw new FileFormatException(sourceName, SourceLocation.Unknown,
                        $"the first {keepMs:0.###} ms of the impulse response are silent; trim it later or not at all");
            }
        }
        Normalise(ir, targetRate);
        return ir;
    }

    /// <summary>Scales <paramref name="ir"/> in place so that Σh² = <see cref="TargetEnergy"/>.</summary>
    public static void Normalise(float[] ir, int sampleRate)
    {
        double energy = Energy(ir);
        if (energy <= 0) throw new ArgumentException("cannot normalise a silent impulse response", nameof(ir));
        float scale = (float)Math.Sqrt(TargetEnergy(sampleRate) / energy);
        for (int i = 0; i < ir.Length; i++) ir[i] *= scale;
    }

    public static double Energy(ReadOnlySpan<float> ir)
    {
        double sum = 0;
        foreach (float v in ir) sum += (double)v * v;
        return sum;
    }

    static double Peak(ReadOnlySpan<float> x)
    {
        float peak = 0;
        foreach (float v in x) peak = MathF.Max(peak, MathF.Abs(v));
        return peak;
    }

    static void Check(string sourceName, float[] samples, int sampleRate, string stage)
    {
        if (samples.Length == 0)
            throw new FileFormatException(sourceName, SourceLocation.Unknown, $"the impulse response holds no samples{stage}");
        long maxFrames = (long)(MaxSeconds * sampleRate);
        if (samples.Length > maxFrames)
            throw new FileFormatException(sourceName, SourceLocation.Sample(maxFrames),
                $"the impulse response is {samples.Length / (double)sampleRate:0.##} s long ({samples.Length:N0} samples at {sampleRate} Hz){stage}; at most {MaxSeconds:0} s are accepted — trim it");
        for (int i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i]))
                throw new FileFormatException(sourceName, SourceLocation.Sample(i),
                    $"{(float.IsNaN(samples[i]) ? "NaN" : "an infinite value")} in the impulse response{stage}; expected finite samples");
        if (Peak(samples) < SilencePeak)
            throw new FileFormatException(sourceName, SourceLocation.Unknown,
                $"the impulse response is silent (peak below −120 dBFS){stage}");
    }
}
