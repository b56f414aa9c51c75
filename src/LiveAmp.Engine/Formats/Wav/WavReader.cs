using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace LiveAmp.Engine.Formats.Wav;

/// <summary>Reads RIFF/WAVE files: PCM 8/16/24/32-bit, IEEE float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE, any
/// channel count and sample rate. Unknown chunks are skipped (odd sizes padded as RIFF requires). A data chunk that
/// declares 0 bytes, or more than the file holds (a streaming recorder that never patched its header), is read to the
/// end of the file. Loader/CLI thread: allocates, does file I/O, throws <see cref="WavFormatException"/> for bad
/// files. Nothing is ever allocated from a header size; sizes are checked against the file's length first.</summary>
public static class WavReader
{
    const int RiffHeaderBytes = 12;
    const int ChunkHeaderBytes = 8;
    const int DecodeBlockBytes = 1 << 16;

    /// <summary>Reads the header only.</summary>
    /// <exception cref="WavFormatException">The file is not a WAV file LiveAmp can read.</exception>
    public static WavInfo ReadInfo(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads every channel, scaled to ±1 full scale (8-bit: (b−128)/128; n-bit signed: v/2^(n−1); float as
    /// stored, 64-bit rounded to float).</summary>
    /// <exception cref="WavFormatException">The file is not a WAV file LiveAmp can read.</exception>
    public static AudioBuffer Read(string path)
    {
        using var stream = OpenRead(path);
        var info = ReadHeader(stream, path);
        var channels = new float[info.Format.ChannelCount][];
        for (int c = 0; c < channels.Length; c++) channels[c] = new float[(int)info.FrameCount];
        ReadSamples(stream, path, info, channels);
        return new AudioBuffer(channels, info.Format.SampleRate, info.Format);
    }

    /// <summary>Reads the file folded to one channel by <paramref name="mix"/>; a mono file is returned as is.</summary>
    /// <exception cref="WavFormatException">The file is not a WAV file LiveAmp can read.</exception>
    public static AudioBuffer ReadMono(string path, MonoMix mix = MonoMix.Average)
    {
        var buffer = Read(path);
        if (buffer.ChannelCount == 1) return buffer;
        if (mix == MonoMix.FirstChannel) return new AudioBuffer([buffer.Channels[0]], buffer.SampleRate, buffer.SourceFormat);
        if (mix != MonoMix.Average) throw new ArgumentOutOfRangeException(nameof(mix), mix, "unknown mono mix rule");

        // Sum in double so that the average of identical channels is exactly the channel.
        var mono = new float[buffer.FrameCount];
        for (int i = 0; i < mono.Length; i++)
        {
            double sum = 0;
            for (int c = 0; c < buffer.ChannelCount; c++) sum += buffer.Channels[c][i];
            mono[i] = (float)(sum / buffer.ChannelCount);
        }
        return new AudioBuffer([mono], buffer.SampleRate, buffer.SourceFormat);
    }

    static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);   // a recording in progress may be read

    [DoesNotReturn]
    static void Fail(string path, long offset, string problem) => throw new WavFormatException(path, offset, problem);

    internal static WavInfo ReadHeader(Stream stream, string path)
    {
        long fileLength = stream.Length;
        Span<byte> head = stackalloc byte[RiffHeaderBytes];
        if (fileLength < RiffHeaderBytes)
            Fail(path, 0, $"truncated header: expected a 12-byte RIFF/WAVE header, the file has {fileLength} bytes");
        stream.Position = 0;
        stream.ReadExactly(head);
        string riff = FourCc(head[..4]);
        if (riff == "RF64") Fail(path, 0, "RF64 (WAV over 4 GB) is not supported; expected 'RIFF'");
        if (riff == "RIFX") Fail(path, 0, "big-endian RIFX is not supported; expected 'RIFF'");
        if (riff != "RIFF") Fail(path, 0, $"expected 'RIFF', found '{riff}'; this is not a WAV file");
        string wave = FourCc(head[8..12]);
        if (wave != "WAVE") Fail(path, 8, $"expected 'WAVE', found '{wave}'; this RIFF file is not a WAV file");

        WavFormat? format = null;
        long dataOffset = -1, dataBytes = 0;
        bool repaired = false;
        Span<byte> chunk = stackalloc byte[ChunkHeaderBytes];
        Span<byte> fmtBody = stackalloc byte[40];   // the fields LiveAmp reads; any extension bytes are skipped
        long pos = RiffHeaderBytes;
        while (pos + ChunkHeaderBytes <= fileLength)
        {
            stream.Position = pos;
            stream.ReadExactly(chunk);
            string id = FourCc(chunk[..4]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            long bodyStart = pos + ChunkHeaderBytes;
            long remaining = fileLength - bodyStart;

            if (id == "fmt ")
            {
                if (format is not null) Fail(path, pos, "a second 'fmt ' chunk; expected exactly one");
                if (size < 16) Fail(path, pos + 4, $"'fmt ' chunk of {size} bytes; expected at least 16");
                if (size > remaining)
                    Fail(path, pos + 4, $"'fmt ' chunk claims {size:N0} bytes but only {remaining:N0} remain; the file is truncated");
                var body = fmtBody[..(int)Math.Min(size, 40u)];
                stream.ReadExactly(body);
                format = ParseFormat(body, bodyStart, path);
            }
            else if (id == "data" && dataOffset < 0)
            {
                dataOffset = bodyStart;
                repaired = size == 0 ? remaining > 0 : size > remaining;
                dataBytes = repaired ? remaining : size;
                // After a repaired size the rest of the file is audio, so no further chunk can be found.
                if (format is not null || repaired) break;
            }
            pos = bodyStart + size + (size & 1);
        }

        if (format is null)
            Fail(path, Math.Min(pos, fileLength),
                 dataOffset >= 0 ? "no 'fmt ' chunk before the audio data; expected one after the RIFF header"
                                 : "no 'fmt ' chunk; expected one after the RIFF header");
        if (dataOffset < 0) Fail(path, Math.Min(pos, fileLength), "no 'data' chunk; expected one after the 'fmt ' chunk");

        long frames = dataBytes / format.BlockAlign;
        if (frames > Array.MaxLength)
            Fail(path, dataOffset - 4, $"{frames:N0} frames per channel; at most {Array.MaxLength:N0} can be read");
        return new WavInfo(format, frames, dataOffset, frames * format.BlockAlign, repaired);
    }

    static WavFormat ParseFormat(ReadOnlySpan<byte> body, long at, string path)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        int validBits = bits;
        uint channelMask = 0;
        bool extensible = tag == 0xFFFE;

        if (extensible)
        {
            if (body.Length < 40)
                Fail(path, at - 4, $"WAVE_FORMAT_EXTENSIBLE with a {body.Length}-byte 'fmt ' chunk; expected 40 bytes");
            validBits = BinaryPrimitives.ReadUInt16LittleEndian(body[18..]);
            channelMask = BinaryPrimitives.ReadUInt32LittleEndian(body[20..]);
            tag = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
            // KSDATAFORMAT_SUBTYPE_* GUIDs share everything but their first two bytes, the old format tag.
            ReadOnlySpan<byte> guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            if (!body[26..40].SequenceEqual(guidTail))
                Fail(path, at + 24, $"unknown WAVE_FORMAT_EXTENSIBLE sub-format GUID {new Guid(body[24..40])}; expected PCM or IEEE float");
            if (validBits == 0) validBits = bits;
        }

        var encoding = tag switch
        {
            1 => WavSampleEncoding.Pcm,
            3 => WavSampleEncoding.IeeeFloat,
            _ => throw new WavFormatException(path, extensible ? at + 24 : at,
                     $"{FormatTagName(tag)} encoding is not supported; expected 8/16/24/32-bit PCM or 32/64-bit float"),
        };
        if (channels == 0) Fail(path, at + 2, "0 channels; expected at least 1");
        if (rate == 0 || rate > int.MaxValue) Fail(path, at + 4, $"sample rate {rate:N0} Hz; expected 1 to {int.MaxValue:N0}");
        bool bitsOk = encoding == WavSampleEncoding.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!bitsOk)
            Fail(path, at + 14, encoding == WavSampleEncoding.Pcm
                ? $"PCM with {bits} bits per sample; expected 8, 16, 24 or 32"
                : $"float with {bits} bits per sample; expected 32 or 64");
        if (validBits > bits)
            Fail(path, at + 18, $"{validBits} valid bits in a {bits}-bit container; expected at most {bits}");
        int expectedAlign = channels * bits / 8;
        if (blockAlign != expectedAlign)
            Fail(path, at + 12, $"block align {blockAlign}; expected {expectedAlign} for {channels} channels of {bits} bits");
        return new WavFormat(encoding, bits, validBits, channels, (int)rate, extensible, channelMask);
    }

    static string FormatTagName(int tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "μ-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG",
        0x0055 => "MP3",
        _ => $"format tag 0x{tag:X4}",
    };

    static string FourCc(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++) chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
        return new string(chars);
    }

    static void ReadSamples(Stream stream, string path, WavInfo info, float[][] channels)
    {
        var format = info.Format;
        int blockAlign = format.BlockAlign;
        int framesPerBlock = Math.Max(1, DecodeBlockBytes / blockAlign);
        var bytes = new byte[framesPerBlock * blockAlign];
        stream.Position = info.DataOffset;
        for (long frame = 0; frame < info.FrameCount; frame += framesPerBlock)
        {
            int frames = (int)Math.Min(framesPerBlock, info.FrameCount - frame);
            var block = bytes.AsSpan(0, frames * blockAlign);
            int read = stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
            if (read < block.Length)
                Fail(path, stream.Position, "the file ended while reading samples (was it truncated while being read?)");
            Decode(block, format, channels, (int)frame);
        }
    }

    /// <summary>Deinterleaves <paramref name="bytes"/> (whole frames) into <paramref name="channels"/> from
    /// <paramref name="firstFrame"/> on.</summary>
    internal static void Decode(ReadOnlySpan<byte> bytes, WavFormat format, float[][] channels, int firstFrame)
    {
        int channelCount = format.ChannelCount, sampleBytes = format.BitsPerSample / 8;
        int frames = bytes.Length / format.BlockAlign;
        for (int c = 0; c < channelCount; c++)
        {
            var destination = channels[c].AsSpan(firstFrame, frames);
            int at = c * sampleBytes, stride = format.BlockAlign;
            switch (format.Encoding, format.BitsPerSample)
            {
                case (WavSampleEncoding.Pcm, 8):
                    for (int i = 0; i < frames; i++, at += stride) destination[i] = (bytes[at] - 128) * (1f / 128);
                    break;
                case (WavSampleEncoding.Pcm, 16):
                    for (int i = 0; i < frames; i++, at += stride)
                        destination[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[at..]) * (1f / 32768);
                    break;
                case (WavSampleEncoding.Pcm, 24):
                    for (int i = 0; i < frames; i++, at += stride)
                        destination[i] = ((bytes[at] << 8 | bytes[at + 1] << 16 | bytes[at + 2] << 24) >> 8) * (1f / 8388608);
                    break;
                case (WavSampleEncoding.Pcm, 32):
                    for (int i = 0; i < frames; i++, at += stride)
                        destination[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]) * (1f / 2147483648);
                    break;
                case (WavSampleEncoding.IeeeFloat, 32):
                    for (int i = 0; i < frames; i++, at += stride)
                        destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
                    break;
                case (WavSampleEncoding.IeeeFloat, 64):
                    for (int i = 0; i < frames; i++, at += stride)
                        destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[at..]);
                    break;
                default:
                    throw new InvalidOperationException($"unvalidated format {format}");
            }
        }
    }
}
