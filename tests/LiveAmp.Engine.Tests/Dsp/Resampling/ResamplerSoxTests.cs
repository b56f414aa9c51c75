using LiveAmp.Engine.Dsp.Resampling;
using LiveAmp.Engine.Formats.Wav;
using LiveAmp.Engine.Tests.Formats.Wav;
using Xunit.Abstractions;

namespace LiveAmp.Engine.Tests.Dsp.Resampling;

/// <summary>Compares with sox's very-high-quality resampler on a real guitar DI.</summary>
public sealed class ResamplerSoxTests(ITestOutputHelper output) : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(48000)]
    [InlineData(96000)]
    public void ResampleAll_GuitarDi_AgreesWithSoxRateV(int outputRate)
    {
        // 44.1 kHz, 16-bit, two identical channels (see ../shared/captures/README.md).
        string di = SharedData.File("captures", "jvm410h_b10m0t0g5_f1_in.wav");
        string soxOut = _dir.File("sox.wav");
        Sox.Run(di, "-e", "floating-point", "-b", "32", "-r", $"{outputRate}", soxOut, "rate", "-v");
        var input = WavReader.ReadMono(di);
        Assert.Equal(44100, input.SampleRate);
        var reference = WavReader.ReadMono(soxOut, MonoMix.FirstChannel);
        Assert.Equal(outputRate, reference.SampleRate);

        var actual = Resampler.ResampleAll(input.Channels[0], 44100, outputRate);

        // Both should be aligned already; search a few frames either way and require the best to be lag 0.
        int length = Math.Min(actual.Length, reference.FrameCount), margin = outputRate / 100;
        var (bestLag, bestSnr) = (0, double.NegativeInfinity);
        for (int lag = -4; lag <= 4; lag++)
        {
            double signal = 0, error = 0;
            for (int i = margin; i < length - margin; i++)
            {
                double r = reference.Channels[0][i], d = actual[i + lag] - r;
                signal += r * r;
                error += d * d;
            }
            double snr = 10 * Math.Log10(signal / error);
            if (snr > bestSnr) (bestLag, bestSnr) = (lag, snr);
        }

        output.WriteLine($"44100→{outputRate}: SNR against sox rate -v {bestSnr:F1} dB at lag {bestLag}");
        Assert.Equal(0, bestLag);
        Assert.True(bestSnr >= 60, $"SNR against sox {bestSnr:F1} dB, expected ≥ 60 dB");
        Assert.True(Math.Abs(actual.Length - reference.FrameCount) <= 1, $"{actual.Length} frames, sox wrote {reference.FrameCount}");
    }
}
