using LiveAmp.Engine.Formats.Wav;

namespace LiveAmp.Engine.Tests.Formats.Wav;

/// <summary>Every WAV file of the shared captures, IRs and goldens, read by the engine's reader and by the independent
/// test reader: channel 0 must agree exactly.</summary>
public sealed class WavReaderSharedFileTests
{
    public static TheoryData<string> SharedWavs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "captures", "irs", "golden" })
            foreach (var file in Directory.EnumerateFiles(SharedData.Path_(folder), "*.wav").Order())
                data.Add(Path.Combine(folder, Path.GetFileName(file)));
        return data;
    }

    [Fact]
    public void SharedWavs_AreThere() => Assert.True(SharedWavs().Count >= 30, "expected the shared captures, IRs and goldens");

    [Theory, MemberData(nameof(SharedWavs))]
    public void Read_SharedFile_MatchesTheIndependentReader(string relativePath)
    {
        string path = SharedData.File(relativePath.Split(Path.DirectorySeparatorChar));
        var (expected, rate) = TestWav.ReadMono(path);

        var buffer = WavReader.Read(path);

        Assert.Equal(rate, buffer.SampleRate);
        Assert.Equal(expected.Length, buffer.FrameCount);
        Assert.Equal(expected, buffer.Channels[0]);
        Assert.Equal(WavReader.ReadInfo(path).FrameCount, buffer.FrameCount);
    }
}
