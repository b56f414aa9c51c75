using System.Runtime.CompilerServices;
using LiveAmp.Engine.Formats.Wav;

namespace LiveAmp.Engine.Tests.Formats.Wav;

public sealed class WavStreamWriterTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    static float[] Interleaved(int frames, int channels, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, frames * channels).Select(_ => rng.NextSingle() - 0.5f)];
    }

    string[] TempFiles() => Directory.GetFiles(_dir.Path, "*.tmp");

    [Theory]
    [InlineData(WavSampleFormat.Float32, 1)]
    [InlineData(WavSampleFormat.Pcm24, 1)]
    [InlineData(WavSampleFormat.Pcm16, 2)]
    [InlineData(WavSampleFormat.Float32, 6)]
    public void Complete_AfterRandomBlocks_HoldsEverythingAppended(WavSampleFormat format, int channels)
    {
        string path = _dir.File("rec.wav");
        var all = Interleaved(10_001, channels, 1);
        var rng = new Random(2);

        using (var writer = new WavStreamWriter(path, 48000, channels, format))
        {
            for (int frame = 0; frame < 10_001;)
            {
                int frames = Math.Min(rng.Next(0, 700), 10_001 - frame);
                writer.Append(all.AsSpan(frame * channels, frames * channels));
                frame += frames;
            }
            Assert.False(File.Exists(path), "the final file must not appear before Complete");
            Assert.Equal(10_001, writer.FrameCount);
            writer.Complete();
        }

        var read = WavReader.Read(path);
        var whole = _dir.File("whole.wav");
        var channelsOf = Enumerable.Range(0, channels).Select(c => all.Where((_, i) => i % channels == c).ToArray()).ToArray();
        WavWriter.Write(whole, new AudioBuffer(channelsOf, 48000), format);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(path));   // streaming and whole-file writes agree
        Assert.Equal(10_001, read.FrameCount);
        Assert.Empty(TempFiles());
        Sox.Run(path, "-n", "stat");
    }

    [Fact]
    public void Append_InProgress_TemporaryFileIsReadableUpToTheLastBlock()
    {
        string path = _dir.File("live.wav");
        var block = Interleaved(256, 1, 3);
        using var writer = new WavStreamWriter(path, 44100, 1, WavSampleFormat.Float32);
        writer.Append(block);
        writer.Append(block);

        string temp = Assert.Single(TempFiles());
        var info = WavReader.ReadInfo(temp);
        var read = WavReader.Read(temp);

        Assert.True(info.DataSizeRepaired);
        Assert.Equal([.. block, .. block], read.Channels[0]);
    }

    [Fact]
    public void Abort_DeletesTheRecording()
    {
        string path = _dir.File("aborted.wav");
        var writer = new WavStreamWriter(path, 44100, 2, WavSampleFormat.Pcm24);
        writer.Append(Interleaved(100, 2, 4));

        writer.Abort();

        Assert.False(File.Exists(path));
        Assert.Empty(TempFiles());
        Assert.Throws<ObjectDisposedException>(() => writer.Append(new float[2]));
        Assert.Throws<ObjectDisposedException>(() => writer.Complete());
    }

    [Fact]
    public void Dispose_WithoutComplete_DeletesTheRecording()
    {
        string path = _dir.File("dropped.wav");
        using (var writer = new WavStreamWriter(path, 44100, 1, WavSampleFormat.Pcm16))
            writer.Append(new float[10]);

        Assert.False(File.Exists(path));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public void Complete_AfterAFailedAppend_IsAValidFileWithTheSuccessfulAppends()
    {
        string path = _dir.File("partial.wav");
        var first = Interleaved(100, 2, 5);
        var third = Interleaved(50, 2, 6);
        using var writer = new WavStreamWriter(path, 48000, 2, WavSampleFormat.Float32);
        writer.Append(first);

        var e = Assert.Throws<ArgumentException>(() => writer.Append(new float[3]));
        Assert.Contains("3 samples is not a whole number of 2-channel frames", e.Message);
        writer.Append(third);
        writer.Complete();

        var read = WavReader.Read(path);
        Assert.Equal(150, read.FrameCount);
        Assert.Equal([.. first, .. third], Enumerable.Range(0, 150).SelectMany(i => new[] { read.Channels[0][i], read.Channels[1][i] }));
        Assert.Equal("150", Sox.Run("--i", "-s", path).Trim());
        Assert.Throws<ObjectDisposedException>(() => writer.Append(new float[2]));
    }

    /// <summary>Writes half of a block, then fails, the way a full disk does.</summary>
    sealed class FailingFileStream(string path) : FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 0)
    {
        public bool FailNextWrite { get; set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!FailNextWrite)
            {
                base.Write(buffer, offset, count);
                return;
            }
            FailNextWrite = false;
            base.Write(buffer, offset, count / 2 + 1);
            throw new IOException("No space left on device");
        }
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm24, 1)]
    [InlineData(WavSampleFormat.Float32, 2)]
    public void Complete_AfterADiskErrorMidBlock_KeepsTheWholeBlocksBefore(WavSampleFormat format, int channels)
    {
        string path = _dir.File("diskfull.wav");
        FailingFileStream? stream = null;
        var first = Interleaved(101, channels, 8);
        using var writer = new WavStreamWriter(path, 48000, channels, format, temp => stream = new FailingFileStream(temp));
        writer.Append(first);

        stream!.FailNextWrite = true;
        Assert.Throws<IOException>(() => writer.Append(Interleaved(64, channels, 9)));
        writer.Complete();

        var read = WavReader.Read(path);
        Assert.Equal(101, read.FrameCount);
        Assert.False(WavReader.ReadInfo(path).DataSizeRepaired);
        var expected = _dir.File("expected.wav");
        var channelsOf = Enumerable.Range(0, channels).Select(c => first.Where((_, i) => i % channels == c).ToArray()).ToArray();
        WavWriter.Write(expected, new AudioBuffer(channelsOf, 48000), format);
        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(path));
        Assert.Equal("101", Sox.Run("--i", "-s", path).Replace("sox WARN wav: wave header missing extended part of fmt chunk", "").Trim());
    }

    [Fact]
    public void Complete_NothingAppended_IsAnEmptyValidFile()
    {
        string path = _dir.File("empty.wav");
        using (var writer = new WavStreamWriter(path, 48000, 1, WavSampleFormat.Pcm16)) writer.Complete();

        var info = WavReader.ReadInfo(path);
        Assert.Equal(0, info.FrameCount);
        Assert.False(info.DataSizeRepaired);
        Assert.Equal("0", Sox.Run("--i", "-s", path).Trim());
    }

    [Fact]
    public void Append_AfterWarmUp_AllocatesNothing()
    {
        string path = _dir.File("alloc.wav");
        var block = Interleaved(64, 2, 7);
        using var writer = new WavStreamWriter(path, 48000, 2, WavSampleFormat.Pcm24);
        long allocated = Allocations.Measure(() => { for (int i = 0; i < 1000; i++) writer.Append(block); });

        Assert.True(allocated == 0, $"Append allocated {allocated} B in 1000 blocks");
        writer.Complete();
        Assert.Equal(2000 * 64, WavReader.ReadInfo(path).FrameCount);   // the warm-up run and the measured one
    }
}
