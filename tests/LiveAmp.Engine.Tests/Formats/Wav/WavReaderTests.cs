using System.Buffers.Binary;
using LiveAmp.Engine.Formats.Wav;

namespace LiveAmp.Engine.Tests.Formats.Wav;

public sealed class WavReaderTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Seeded noise in ±0.99, different in every channel, so that scaling and channel order errors show.</summary>
    static double[] Signal(int frames, int channels, int seed)
    {
        var rng = new Random(seed);
        var x = new double[frames * channels];
        for (int i = 0; i < x.Length; i++) x[i] = (rng.NextDouble() * 2 - 1) * 0.99;
        x[0] = 0.99; x[channels] = -0.99;   // both extremes of channel 0
        return x;
    }

    // sox's options, the format expected, and the tolerance: half a step of the format (sox rounds to nearest).
    public static TheoryData<string, int, int, WavSampleEncoding, int, bool> SoxFormats => new()
    {
        { "-e unsigned-integer -b 8", 1, 8000, WavSampleEncoding.Pcm, 8, false },
        { "-e signed-integer -b 16", 1, 44100, WavSampleEncoding.Pcm, 16, false },
        { "-e signed-integer -b 16", 2, 48000, WavSampleEncoding.Pcm, 16, false },
        { "-e signed-integer -b 16", 6, 48000, WavSampleEncoding.Pcm, 16, true },
        { "-e signed-integer -b 24", 2, 96000, WavSampleEncoding.Pcm, 24, true },
        { "-t wavpcm -e signed-integer -b 24", 2, 88200, WavSampleEncoding.Pcm, 24, false },
        { "-e signed-integer -b 32", 1, 192000, WavSampleEncoding.Pcm, 32, true },
        { "-e floating-point -b 32", 2, 44100, WavSampleEncoding.IeeeFloat, 32, false },
        { "-e floating-point -b 32", 6, 11025, WavSampleEncoding.IeeeFloat, 32, false },
        { "-e floating-point -b 64", 1, 22050, WavSampleEncoding.IeeeFloat, 64, false },
    };

    [Theory, MemberData(nameof(SoxFormats))]
    public void Read_SoxFile_MatchesTheSignalSoxWasGiven(string options, int channels, int rate,
                                                         WavSampleEncoding encoding, int bits, bool extensible)
    {
        const int frames = 3001;   // odd, so 8- and 24-bit mono data chunks have odd sizes and a pad byte
        var signal = Signal(frames, channels, seed: bits * 100 + channels);
        string path = _dir.File("sox.wav");
        Sox.WriteWav(path, signal, channels, rate, options.Split(' '));

        var buffer = WavReader.Read(path);

        var format = buffer.SourceFormat!;
        Assert.Equal((encoding, bits, channels, rate, extensible),
                     (format.Encoding, format.BitsPerSample, format.ChannelCount, format.SampleRate, format.IsExtensible));
        Assert.Equal(rate, buffer.SampleRate);
        Assert.Equal(channels, buffer.ChannelCount);
        Assert.Equal(frames, buffer.FrameCount);
        double step = encoding == WavSampleEncoding.Pcm ? Math.Pow(2, 1 - bits) : 0;
        double tolerance = encoding == WavSampleEncoding.Pcm && bits < 32 ? step / 2 + 1e-9 : 1.2e-7;
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < frames; i++)
            {
                double expected = signal[i * channels + c], actual = buffer.Channels[c][i];
                if (Math.Abs(actual - expected) > tolerance)
                    Assert.Fail($"channel {c} frame {i}: expected {expected} ± {tolerance}, read {actual}");
                if (encoding == WavSampleEncoding.Pcm && bits < 32 && actual / step != Math.Round(actual / step))
                    Assert.Fail($"channel {c} frame {i}: {actual} is not a multiple of the {bits}-bit step");
            }
    }

    [Fact]
    public void ReadInfo_SoxFile_ReportsFramesAndDataOffset()
    {
        string path = _dir.File("info.wav");
        Sox.WriteWav(path, Signal(1000, 2, 1), 2, 48000, "-e", "signed-integer", "-b", "16");

        var info = WavReader.ReadInfo(path);

        Assert.Equal(1000, info.FrameCount);
        Assert.Equal(44, info.DataOffset);
        Assert.Equal(4000, info.DataByteCount);
        Assert.False(info.DataSizeRepaired);
        Assert.Equal(1000 / 48000.0, info.DurationSeconds, 12);
    }

    [Theory]
    [InlineData(MonoMix.Average)]
    [InlineData(MonoMix.FirstChannel)]
    public void ReadMono_Stereo_FollowsTheMixRule(MonoMix mix)
    {
        var signal = Signal(500, 2, 7);
        string path = _dir.File("stereo.wav");
        Sox.WriteWav(path, signal, 2, 44100, "-e", "floating-point", "-b", "32");
        var both = WavReader.Read(path);

        var mono = WavReader.ReadMono(path, mix);

        Assert.Equal(1, mono.ChannelCount);
        Assert.Same(mono.Channels[0], mono.Samples);
        Assert.Throws<InvalidOperationException>(() => both.Samples);
        for (int i = 0; i < 500; i++)
        {
            float expected = mix == MonoMix.FirstChannel ? both.Channels[0][i]
                                                         : (float)((both.Channels[0][i] + (double)both.Channels[1][i]) / 2);
            Assert.Equal(expected, mono.Channels[0][i]);
        }
    }

    [Fact]
    public void ReadMono_IdenticalChannels_AverageIsTheChannelExactly()
    {
        var signal = Signal(300, 1, 3);
        var stereo = signal.SelectMany(v => new[] { v, v }).ToArray();
        string path = _dir.File("dual.wav");
        Sox.WriteWav(path, stereo, 2, 44100, "-e", "signed-integer", "-b", "24");

        var mono = WavReader.ReadMono(path);

        Assert.Equal(WavReader.Read(path).Channels[1], mono.Channels[0]);
    }

    /// <summary>Rebuilds a sox file with an odd-sized unknown chunk (and its pad byte) between fmt and data, and a
    /// LIST chunk after the data.</summary>
    [Fact]
    public void Read_OddSizedUnknownChunks_AreSkipped()
    {
        var signal = Signal(777, 2, 11);
        string plain = _dir.File("plain.wav"), crafted = _dir.File("crafted.wav");
        Sox.WriteWav(plain, signal, 2, 44100, "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(plain);
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(bytes, 36, 4));   // sox's plain 16-bit layout

        byte[] odd = [.. "abcd"u8, 5, 0, 0, 0, 1, 2, 3, 4, 5, 0xEE];   // 5 bytes + pad
        byte[] list = [.. "LIST"u8, 7, 0, 0, 0, .. "INFOxyz"u8, 0];
        byte[] result = [.. bytes[..36], .. odd, .. bytes[36..], .. list];
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        File.WriteAllBytes(crafted, result);

        var expected = WavReader.Read(plain);
        var actual = WavReader.Read(crafted);

        Assert.Equal(777, actual.FrameCount);
        Assert.Equal(expected.Channels[0], actual.Channels[0]);
        Assert.Equal(expected.Channels[1], actual.Channels[1]);
        Assert.False(WavReader.ReadInfo(crafted).DataSizeRepaired);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(1_000_000u)]
    public void Read_DataSizeZeroOrPastTheEnd_ReadsToTheEndOfTheFile(uint declared)
    {
        var signal = Signal(1001, 2, 5);
        string path = _dir.File("stream.wav");
        Sox.WriteWav(path, signal, 2, 48000, "-e", "signed-integer", "-b", "24");   // extensible: data size at 76
        var expected = WavReader.Read(path);
        byte[] bytes = File.ReadAllBytes(path);
        int dataSizeAt = bytes.Length - 1001 * 6 - 4;
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(bytes, dataSizeAt - 4, 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(dataSizeAt), declared);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 0);   // recorders leave the RIFF size unpatched too
        File.WriteAllBytes(path, bytes);

        var actual = WavReader.Read(path);

        Assert.True(WavReader.ReadInfo(path).DataSizeRepaired);
        Assert.Equal(expected.Channels[0], actual.Channels[0]);
        Assert.Equal(expected.Channels[1], actual.Channels[1]);
    }

    [Fact]
    public void Read_TruncatedInsideALastFrame_DropsThePartialFrame()
    {
        var signal = Signal(100, 2, 9);
        string path = _dir.File("cut.wav");
        Sox.WriteWav(path, signal, 2, 48000, "-e", "signed-integer", "-b", "16");
        var whole = WavReader.Read(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);   // the declared data size now runs past the end

        var actual = WavReader.Read(path);

        Assert.Equal(99, actual.FrameCount);
        Assert.Equal(whole.Channels[0][..99], actual.Channels[0]);
        Assert.Equal(whole.Channels[1][..99], actual.Channels[1]);
    }

    [Fact]
    public void Read_DataChunkBeforeFmt_IsFound()
    {
        var signal = Signal(64, 1, 13);
        string plain = _dir.File("plain.wav"), swapped = _dir.File("swapped.wav");
        Sox.WriteWav(plain, signal, 1, 44100, "-t", "wavpcm", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(plain);
        // RIFF header, fmt (8 + 16 bytes at 12), data (at 36): move fmt behind data.
        byte[] result = [.. bytes[..12], .. bytes[36..], .. bytes[12..36]];
        File.WriteAllBytes(swapped, result);

        Assert.Equal(WavReader.Read(plain).Channels[0], WavReader.Read(swapped).Channels[0]);
        Assert.Equal(20, WavReader.ReadInfo(swapped).DataOffset);
    }

    [Fact]
    public void Read_ExtensibleWithFewerValidBits_ScalesByTheContainer()
    {
        var signal = Signal(100, 1, 17);
        string path = _dir.File("valid24.wav");
        Sox.WriteWav(path, signal, 1, 48000, "-e", "signed-integer", "-b", "32");
        var expected = WavReader.Read(path).Channels[0];
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(38)));   // wValidBitsPerSample
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(38), 24);
        File.WriteAllBytes(path, bytes);

        var read = WavReader.Read(path);

        Assert.Equal(24, read.SourceFormat!.ValidBitsPerSample);
        Assert.Equal(32, read.SourceFormat.BitsPerSample);
        Assert.Equal(expected, read.Channels[0]);   // left-justified samples: same scale as 32-bit
    }
}
