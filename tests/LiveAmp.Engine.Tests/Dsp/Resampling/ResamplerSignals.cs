namespace LiveAmp.Engine.Tests.Dsp.Resampling;

/// <summary>Test signals defined as functions of time, so the ideal output at any rate is known exactly.</summary>
internal static class ResamplerSignals
{
    public static float[] Sample(Func<double, double> signal, int frames, double rate, double delaySeconds = 0)
    {
        var x = new float[frames];
        for (int i = 0; i < frames; i++) x[i] = (float)signal(i / rate - delaySeconds);
        return x;
    }

    public static Func<double, double> Sine(double hz, double amplitude = 0.5) =>
        t => amplitude * Math.Sin(2 * Math.PI * hz * t + 0.3);

    /// <summary>Exponential sweep from <paramref name="fromHz"/> to <paramref name="toHz"/> over
    /// <paramref name="seconds"/>, with raised-cosine fades so that it stays band-limited; 0 outside.</summary>
    public static Func<double, double> Sweep(double fromHz, double toHz, double seconds, double fadeSeconds)
    {
        double k = Math.Log(toHz / fromHz);
        return t =>
        {
            if (t < 0 || t > seconds) return 0;
            double phase = 2 * Math.PI * fromHz * seconds / k * (Math.Exp(t / seconds * k) - 1);
            double edge = Math.Min(t, seconds - t) / fadeSeconds;
            double fade = edge >= 1 ? 1 : 0.5 - 0.5 * Math.Cos(Math.PI * edge);
            return 0.5 * fade * Math.Sin(phase);
        };
    }

    /// <summary>Energy of <c>actual − ideal</c> relative to the energy of <paramref name="ideal"/>, in dB, over
    /// [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static double ErrorDb(ReadOnlySpan<float> actual, ReadOnlySpan<float> ideal, int from, int to)
    {
        double error = 0, energy = 0;
        for (int i = from; i < to; i++)
        {
            double d = actual[i] - (double)ideal[i];
            error += d * d;
            energy += (double)ideal[i] * ideal[i];
        }
        return 10 * Math.Log10(error / energy);
    }

    /// <summary>Gain of <paramref name="actual"/> along <paramref name="ideal"/> (projection), in dB.</summary>
    public static double GainDb(ReadOnlySpan<float> actual, ReadOnlySpan<float> ideal, int from, int to)
    {
        double dot = 0, energy = 0;
        for (int i = from; i < to; i++)
        {
            dot += actual[i] * (double)ideal[i];
            energy += (double)ideal[i] * ideal[i];
        }
        return 20 * Math.Log10(dot / energy);
    }

    public static double RmsDb(ReadOnlySpan<float> x, int from, int to)
    {
        double energy = 0;
        for (int i = from; i < to; i++) energy += (double)x[i] * x[i];
        return 10 * Math.Log10(energy / (to - from) + 1e-300);
    }
}
