using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace LiveAmp.Engine.Dsp.Cabinet;

/// <summary>Builds a plausible guitar-cabinet impulse response without a recording, so a fresh install has a
/// cab to play through. The magnitude is a product of analog prototypes:
/// <list type="bullet">
/// <item>the speaker's low-frequency resonance: a 2nd-order high-pass at the box-loaded resonance with Q &gt; 0.7
/// (a peak of a few dB; closed boxes resonate lower and with a higher Q), plus a 1st-order high-pass for an open
/// back (front/rear cancellation);</item>
/// <item>low-mid "body" (closed boxes), presence peaks in 2–4 kHz, and a narrow dip where the cone starts to break
/// up;</item>
/// <item>the steep top roll-off of a guitar speaker: a 6th-order Butterworth low-pass around 5–6 kHz
/// (36 dB/octave).</item>
/// </list>
/// It is made minimum-phase with the real cepstrum (fold the cepstrum onto positive quefrencies), truncated to
/// the style's length with a half-cosine fade, and gets two early reflections (floor; back wall or room),
/// each a delayed, low-passed and attenuated copy — so the result is causal with its energy at the start.
/// Normalised by <see cref="ImpulseResponse.Normalise"/>. Loader thread; allocates.</summary>
public static class CabinetSynthesizer
{
    internal sealed record Design(
        double ResonanceHz, double ResonanceQ, double? OpenBackHz,
        (double Hz, double Q, double GainDb)[] Bells,
        double LowPassHz, int LowPassOrder, double LengthMs,
        (double DelayMs, double Gain)[] Reflections);

    internal static Design DesignOf(CabStyle style) => style switch
    {
        CabStyle.OpenBack1x12 => new(104, 1.6, 70,
            [(2600, 1.6, 4.5), (3800, 2.5, 3), (1700, 5, -9)], 5800, 6, 40,
            [(2.2, 0.12), (3.7, -0.1)]),
        CabStyle.OpenBack2x12 => new(98, 1.7, 62,
            [(220, 1.2, 1.5), (2500, 1.6, 4), (3600, 2.5, 3), (1600, 5, -9)], 5600, 6, 45,
            [(2.4, 0.12), (4.0, -0.1)]),
        CabStyle.Closed2x12 => new(98, 2.0, null,
            [(200, 1.0, 1.5), (2400, 1.6, 4), (3500, 2.5, 3), (1500, 5, -9)], 5400, 6, 50,
            [(2.6, 0.12), (4.8, 0.08)]),
        _ => new(88, 2.2, null,
            [(190, 1.0, 2), (2300, 1.5, 4), (3400, 2.5, 3.5), (1400, 5, -10)], 5000, 6, 60,
            [(2.8, 0.12), (5.2, 0.08)]),
    };

    /// <summary>Reads a style as presets and the command line write it: "1x12 open", "2x12-open", "2x12_closed",
    /// "4x12" (closed) … — case, spaces, hyphens and underscores do not matter; also the enum names.</summary>
    public static CabStyle ParseStyle(string text)
    {
        string key = new([.. text.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
        return key switch
        {
            "1x12" or "1x12open" or "1x12openback" or "openback1x12" => CabStyle.OpenBack1x12,
            "2x12open" or "2x12openback" or "openback2x12" => CabStyle.OpenBack2x12,
            "2x12" or "2x12closed" or "2x12closedback" or "closed2x12" => CabStyle.Closed2x12,
            "4x12" or "4x12closed" or "4x12closedback" or "closed4x12" => CabStyle.Closed4x12,
            _ => throw new ArgumentException(
                $"unknown cabinet style \"{text}\"; expected 1x12 open, 2x12 open, 2x12 closed or 4x12 closed", nameof(text)),
        };
    }

    /// <summary>The IR of <paramref name="style"/> at <paramref name="sampleRate"/> Hz, energy-normalised.</summary>
    public static float[] Synthesize(CabStyle style, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        var design = DesignOf(style);
        int fftSize = (int)BitOperations.RoundUpToPowerOf2((uint)sampleRate);   // ~1 s: cepstral aliasing negligible
        var minimumPhase = MinimumPhase(design, sampleRate, fftSize);

        int length = (int)Math.Round(design.LengthMs * sampleRate / 1000);
        var ir = new double[length];
        for (int i = 0; i < length; i++) ir[i] = minimumPhase[i];

        // Early reflections: delayed, duller (one-pole low-pass at 3 kHz), weaker copies of the direct sound.
        double pole = Math.Exp(-2 * Math.PI * 3000 / sampleRate);
        foreach (var (delayMs, gain) in design.Reflections)
        {
            int delay = (int)Math.Round(delayMs * sampleRate / 1000);
            double state = 0;
            for (int i = 0; i + delay < length; i++)
            {
                state = (1 - pole) * minimumPhase[i] + pole * state;
                ir[i + delay] += gain * state;
            }
        }

        // Fade the last 30 % with a half cosine so the truncation adds no click or ripple.
        int fade = (int)(0.3 * length);
        for (int i = 0; i < fade; i++)
            ir[length - fade + i] *= 0.5 * (1 + Math.Cos(Math.PI * (i + 1) / fade));

        var result = new float[length];
        for (int i = 0; i < length; i++) result[i] = (float)ir[i];
        ImpulseResponse.Normalise(result, sampleRate);
        return result;
    }

    /// <summary>|H(f)| of the analog design (before reflections), for tests and plots.</summary>
    internal static double DesignMagnitude(Design d, double hz)
    {
        double x = hz / d.ResonanceHz;
        double magnitude = x * x / Math.Sqrt(Math.Pow(1 - x * x, 2) + Math.Pow(x / d.ResonanceQ, 2));
        if (d.OpenBackHz is double ob) magnitude *= (hz / ob) / Math.Sqrt(1 + Math.Pow(hz / ob, 2));
        foreach (var (centre, q, gainDb) in d.Bells)
        {
            // Analog peaking section (s² + s·A/Q·ω0 + ω0²) / (s² + s/(A·Q)·ω0 + ω0²) at s = jω.
            double a = Math.Pow(10, gainDb / 40), w = hz / centre;
            var num = new Complex(1 - w * w, w * a / q);
            var den = new Complex(1 - w * w, w / (a * q));
            magnitude *= (num / den).Magnitude;
        }
        magnitude /= Math.Sqrt(1 + Math.Pow(hz / d.LowPassHz, 2 * d.LowPassOrder));
        return magnitude;
    }

    static double[] MinimumPhase(Design design, int sampleRate, int fftSize)
    {
        // log|H| on the full circle (even), its real cepstrum, folded to be causal, then exp back.
        var spectrum = new Complex[fftSize];
        for (int k = 0; k <= fftSize / 2; k++)
        {
            double hz = (double)k * sampleRate / fftSize;
            double logMagnitude = Math.Log(Math.Max(DesignMagnitude(design, hz), 1e-7));
            spectrum[k] = logMagnitude;
            if (k > 0 && k < fftSize / 2) spectrum[fftSize - k] = logMagnitude;
        }
        Fourier.Inverse(spectrum, FourierOptions.Matlab);     // cepstrum (real, even)
        for (int n = 1; n < fftSize / 2; n++)
        {
            spectrum[n] = 2 * spectrum[n].Real;
            spectrum[fftSize - n] = 0;
        }
        spectrum[0] = spectrum[0].Real;
        spectrum[fftSize / 2] = spectrum[fftSize / 2].Real;
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        for (int k = 0; k < fftSize; k++) spectrum[k] = Complex.Exp(spectrum[k]);
        Fourier.Inverse(spectrum, FourierOptions.Matlab);
        var h = new double[fftSize];
        for (int n = 0; n < fftSize; n++) h[n] = spectrum[n].Real;
        return h;
    }
}
