using System.Buffers.Binary;
using System.Text.RegularExpressions;
using LiveAmp.Engine.Formats.Wav;

namespace LiveAmp.Engine.Tests.Formats.Wav;

public sealed class WavWriterTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    static float[][] Signal(int channels, int frames, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, channels).Select(_ => Enumerable.Range(0, frames).Select(_ => rng.NextSingle() * 1.8f - 0.9f).ToArray())];
    }

    /// <summary>What the documented PCM rule gives: round to nearest (ties to even), clip, NaN → 0.</summary>
    static float ExpectedPcm(float x, int bits)
    {
        double fullScale = Math.Pow(2, bits - 1);
        if (float.IsNaN(x)) return 0;
        double code = Math.Clamp(Math.Round(x * fullScale, MidpointRounding.ToEven), -fullScale, fullScale - 1);
        return (float)(code / fullScale);
    }

    public static TheoryData<WavSampleFormat, int> Formats => new()
    {
        { WavSampleFormat.Pcm16, 1 }, { WavSampleFormat.Pcm16, 2 }, { WavSampleFormat.Pcm16, 6 },
        { WavSampleFormat.Pcm24, 1 }, { WavSampleFormat.Pcm24, 2 }, { WavSampleFormat.Pcm24, 6 },
        { WavSampleFormat.Float32, 1 }, { WavSampleFormat.Float32, 2 }, { WavSampleFormat.Float32, 6 },
    };

    [Theory, MemberData(nameof(Formats))]
    public void Write_ThenRead_GivesTheQuantizedSamples(WavSampleFormat format, int channels)
    {
        var signal = Signal(channels, 1001, (int)format * 10 + channels);
        signal[0][0] = 1; signal[0][1] = -1; signal[0][2] = 1.5f; signal[0][3] = -7; signal[0][4] = float.NaN;
        signal[0][5] = 0.5f / 32768; signal[0][6] = 1.5f / 32768; signal[0][7] = 3f / 8388608;
        string path = _dir.File("out.wav");

        WavWriter.Write(path, new AudioBuffer(signal, 48000), format);

        var read = WavReader.Read(path);
        Assert.Equal((channels, 1001, 48000), (read.ChannelCount, read.FrameCount, read.SampleRate));
        Assert.Equal(channels > 2, read.SourceFormat!.IsExtensible);
        int bits = format == WavSampleFormat.Pcm16 ? 16 : 24;
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < 1001; i++)
            {
                float expected = format == WavSampleFormat.Float32 ? signal[c][i] : ExpectedPcm(signal[c][i], bits);
                if (!expected.Equals(read.Channels[c][i]))
                    Assert.Fail($"channel {c} frame {i}: wrote {signal[c][i]}, expected {expected}, read {read.Channels[c][i]}");
            }
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void Write_Pcm_RoundsAndClipsAsDocumented()
    {
        string path = _dir.File("edge.wav");
        float[] samples = [1, -1, 1.5f, -7, float.NaN, 0.5f / 32768, 1.5f / 32768, -0.5f / 32768, 32766.5f / 32768];
        WavWriter.Write(path, samples, 44100, WavSampleFormat.Pcm16);

        var codes = File.ReadAllBytes(path)[44..].Chunk(2).Select(b => BinaryPrimitives.ReadInt16LittleEndian(b)).ToArray();

        Assert.Equal(new short[] { 32767, -32768, 32767, -32768, 0, 0, 2, 0, 32766 }, codes);
    }

    [Theory, MemberData(nameof(Formats))]
    public void Write_File_IsAcceptedBySox(WavSampleFormat format, int channels)
    {
        var signal = Signal(channels, 999, 3);
        signal[channels - 1][10] = 0.95f;   // the largest magnitude in the file (the rest is within ±0.9)
        string path = _dir.File("sox-check.wav");

        WavWriter.Write(path, new AudioBuffer(signal, 96000), format);

        Assert.Equal($"{channels}", SoxInfo("-c", path));
        Assert.Equal("96000", SoxInfo("-r", path));
        Assert.Equal("999", SoxInfo("-s", path));
        Assert.Equal(format == WavSampleFormat.Float32 ? "Floating Point PCM" : "Signed Integer PCM", SoxInfo("-e", path));
        Assert.Equal(format switch { WavSampleFormat.Pcm16 => "16", WavSampleFormat.Pcm24 => "24", _ => "32" }, SoxInfo("-b", path));
        string stat = WithoutSoxExtensibleFloatQuirk(Sox.Run(path, "-n", "stat"));
        Assert.Equal(999 * channels, int.Parse(Regex.Match(stat, @"Samples read:\s+(\d+)").Groups[1].Value));
        Assert.Equal(0.95, double.Parse(Regex.Match(stat, @"Maximum amplitude:\s+([-\d.]+)").Groups[1].Value), 4);
        Assert.DoesNotContain("WARN", stat);
    }

    // sox 14.4 reads the cbSize of a non-PCM format a second time after the WAVE_FORMAT_EXTENSIBLE fields and warns
    // when the chunk has no bytes left; it does so for every extensible float file (it never writes one itself).
    const string SoxExtensibleFloatQuirk = "sox WARN wav: wave header missing extended part of fmt chunk";

    static string WithoutSoxExtensibleFloatQuirk(string output) => output.Replace(SoxExtensibleFloatQuirk, "").Trim();

    static string SoxInfo(string option, string path) => WithoutSoxExtensibleFloatQuirk(Sox.Run("--i", option, path));

    [Theory]
    [InlineData(WavSampleFormat.Pcm16)]
    [InlineData(WavSampleFormat.Pcm24)]
    [InlineData(WavSampleFormat.Float32)]
    public void Write_Mono_IsReadByTheIndependentTestReader(WavSampleFormat format)
    {
        var samples = Signal(1, 333, 8)[0];   // 333 × 3 bytes: an odd data chunk with a pad byte for 24-bit
        string path = _dir.File("mono.wav");

        WavWriter.Write(path, samples, 22050, format);

        var (read, rate) = TestWav.ReadMono(path);
        Assert.Equal(22050, rate);
        Assert.Equal(WavReader.Read(path).Channels[0], read);
        long length = new FileInfo(path).Length;
        Assert.Equal(0, length % 2);
        Assert.Equal(length - 8, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(path).AsSpan(4)));
    }

    [Fact]
    public void Write_OverAnExistingFile_ReplacesIt()
    {
        string path = _dir.File("replace.wav");
        File.WriteAllText(path, "old");

        WavWriter.Write(path, new float[] { 0.25f }, 8000, WavSampleFormat.Float32);

        Assert.Equal([0.25f], WavReader.Read(path).Channels[0]);
    }

    [Fact]
    public void Write_RenameFails_LeavesNoTemporaryFile()
    {
        string path = _dir.File("taken.wav");
        Directory.CreateDirectory(path);   // a directory where the file should go: the final rename fails

        Assert.ThrowsAny<IOException>(() => WavWriter.Write(path, new float[100], 8000, WavSampleFormat.Pcm16));

        Assert.True(Directory.Exists(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void Write_MissingDirectory_ThrowsAndCreatesNothing()
    {
        string path = Path.Combine(_dir.Path, "missing", "x.wav");
        Assert.Throws<DirectoryNotFoundException>(() => WavWriter.Write(path, new float[10], 8000, WavSampleFormat.Pcm16));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }
}
