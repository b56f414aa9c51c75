using System.Buffers.Binary;
using LiveAmp.Engine.Formats.Wav;

namespace LiveAmp.Engine.Tests.Formats.Wav;

/// <summary>Bad files are made from sox output in the test (or a few bytes by hand) and must fail with the file name,
/// the byte offset and what was expected.</summary>
public sealed class WavReaderBadFileTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    string SoxFile(string name, params string[] options)
    {
        string path = _dir.File(name);
        var signal = Enumerable.Range(0, 200).Select(i => Math.Sin(i * 0.1) * 0.5).ToArray();
        Sox.WriteWav(path, signal, 1, 8000, options);
        return path;
    }

    static WavFormatException ReadFails(string path, long offset, string fragment)
    {
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(path));
        Assert.Equal(path, e.SourceName);
        Assert.Equal(offset, e.ByteOffset);
        Assert.Equal(offset, e.Location.ByteOffset);
        Assert.Contains(fragment, e.Message);
        Assert.StartsWith($"{path}: byte {offset:N0}: ", e.Message);
        // ReadInfo validates the same header.
        Assert.Equal(e.Message, Assert.Throws<WavFormatException>(() => WavReader.ReadInfo(path)).Message);
        return e;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public void Read_TruncatedHeader_Fails(int length)
    {
        string path = _dir.File("short.wav");
        File.WriteAllBytes(path, "RIFF\0\0\0\0WAVE"u8[..length].ToArray());
        ReadFails(path, 0, $"truncated header: expected a 12-byte RIFF/WAVE header, the file has {length} bytes");
    }

    [Fact]
    public void Read_NotRiff_Fails() 
    {
        string path = _dir.File("text.wav");
        File.WriteAllText(path, "hello, this is not audio");
        ReadFails(path, 0, "expected 'RIFF', found 'hell'");
    }

    [Fact]
    public void Read_RiffButNotWave_Fails()
    {
        string path = SoxFile("avi.wav", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(path);
        "AVI "u8.CopyTo(bytes.AsSpan(8));
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 8, "expected 'WAVE', found 'AVI '");
    }

    [Fact]
    public void Read_FmtMissing_Fails()
    {
        string path = _dir.File("nofmt.wav");
        byte[] bytes = [.. "RIFF"u8, 20, 0, 0, 0, .. "WAVE"u8, .. "data"u8, 4, 0, 0, 0, 1, 2, 3, 4];
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 24, "no 'fmt ' chunk before the audio data; expected one after the RIFF header");
    }

    [Fact]
    public void Read_DataMissing_Fails()
    {
        string path = SoxFile("nodata.wav", "-t", "wavpcm", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(path)[..36];   // RIFF header + fmt only
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 36, "no 'data' chunk");
    }

    [Theory]
    [InlineData("a-law", "A-law")]
    [InlineData("u-law", "μ-law")]
    [InlineData("ms-adpcm", "Microsoft ADPCM")]
    [InlineData("ima-adpcm", "IMA ADPCM")]
    public void Read_CompressedEncoding_FailsNamingIt(string soxEncoding, string name)
    {
        string path = SoxFile($"{soxEncoding}.wav", "-e", soxEncoding);
        var e = ReadFails(path, 20, $"{name} encoding is not supported; expected 8/16/24/32-bit PCM or 32/64-bit float");
        Assert.DoesNotContain("0x", e.Problem);   // named, not a bare format tag
    }

    [Fact]
    public void Read_ZeroChannels_Fails()
    {
        string path = SoxFile("zero.wav", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), 0);
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 22, "0 channels; expected at least 1");
    }

    [Fact]
    public void Read_UnsupportedBitDepth_Fails()
    {
        string path = SoxFile("b12.wav", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), 12);
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 34, "PCM with 12 bits per sample; expected 8, 16, 24 or 32");
    }

    [Fact]
    public void Read_BlockAlignMismatch_Fails()
    {
        string path = SoxFile("align.wav", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), 4);
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 32, "block align 4; expected 2 for 1 channels of 16 bits");
    }

    [Fact]
    public void Read_AbsurdFmtSize_FailsWithoutAllocating()
    {
        string path = SoxFile("hugefmt.wav", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 0x7FFF_FFF0);
        File.WriteAllBytes(path, bytes);
        long remaining = bytes.Length - 20;

        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadFails(path, 16, $"'fmt ' chunk claims 2,147,483,632 bytes but only {remaining:N0} remain; the file is truncated");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "a bogus size must not drive an allocation");
    }

    [Fact]
    public void Read_AbsurdChannelCountAndDataSize_AllocatesOnlyWhatTheFileHolds()
    {
        // 65,535 channels of 32-bit float would need a block align the 16-bit field cannot hold.
        string path = SoxFile("many.wav", "-e", "floating-point", "-b", "32");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), 0xFFFF);   // block align must stay consistent...
        File.WriteAllBytes(path, bytes);
        // ...and can't (65,535 × 4 bytes overflows the 16-bit field), which is reported instead of trusted.
        ReadFails(path, 32, "block align 65535; expected 262140 for 65535 channels of 32 bits");
    }

    [Fact]
    public void Read_ExtensibleWithUnknownGuid_Fails()
    {
        string path = SoxFile("guid.wav", "-e", "signed-integer", "-b", "24");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0xFFFE, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)));
        bytes[50] ^= 0xFF;   // inside the GUID's constant tail
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 44, "unknown WAVE_FORMAT_EXTENSIBLE sub-format GUID");
    }

    [Fact]
    public void Read_Rf64_FailsNamingIt()
    {
        string path = SoxFile("rf64.wav", "-e", "signed-integer", "-b", "16");
        byte[] bytes = File.ReadAllBytes(path);
        "RF64"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);
        ReadFails(path, 0, "RF64 (WAV over 4 GB) is not supported");
    }
}
