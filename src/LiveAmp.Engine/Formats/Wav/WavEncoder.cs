using System.Buffers.Binary;

namespace LiveAmp.Engine.Formats.Wav;

/// <summary>The header and sample encoding shared by <see cref="WavWriter"/> and <see cref="WavStreamWriter"/>.</summary>
internal static class WavEncoder
{
    /// <summary>Bytes of one sample of <paramref name="format"/>.</summary>
    public static int SampleBytes(WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        WavSampleFormat.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown WAV sample format"),
    };

    /// <summary>The largest data chunk a RIFF file can hold next to a header of <paramref name="headerBytes"/>.</summary>
    public static long MaxDataBytes(int headerBytes) => uint.MaxValue - (headerBytes - 8) - 1;

    /// <summary>Header bytes for <paramref name="frameCount"/> frames, up to the data chunk's size field. Plain
    /// PCM/float for 1–2 channels; WAVE_FORMAT_EXTENSIBLE for more, as Microsoft asks. Float files get the
    /// <c>fact</c> chunk that non-PCM formats require.</summary>
    public static byte[] Header(WavSampleFormat format, int channelCount, int sampleRate, long frameCount)
    {
        int sampleBytes = SampleBytes(format);
        bool isFloat = format == WavSampleFormat.Float32;
        bool extensible = channelCount > 2;
        int fmtBytes = extensible ? 40 : isFloat ? 18 : 16;
        int headerBytes = 12 + 8 + fmtBytes + (isFloat ? 12 : 0) + 8;
        int blockAlign = channelCount * sampleBytes;
        long dataBytes = frameCount * blockAlign;

        var header = new byte[headerBytes];
        int at = 0;
        void FourCc(string id) { for (int i = 0; i < 4; i++) header[at++] = (byte)id[i]; }
        void U32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(at), v); at += 4; }
        void U16(int v) { BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(at), (ushort)v); at += 2; }

        FourCc("RIFF"); U32((uint)(headerBytes - 8 + dataBytes + (dataBytes & 1))); FourCc("WAVE");
        FourCc("fmt "); U32((uint)fmtBytes);
        int tag = isFloat ? 3 : 1;
        U16(extensible ? 0xFFFE : tag); U16(channelCount); U32((uint)sampleRate);
        U32((uint)(sampleRate * (long)blockAlign)); U16(blockAlign); U16(sampleBytes * 8);
        if (extensible)
        {
            U16(22); U16(sampleBytes * 8);
            U32(channelCount < 32 ? (1u << channelCount) - 1 : 0);   // the first N speaker positions
            U16(tag);
            foreach (byte b in (ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
                header[at++] = b;
        }
        else if (isFloat) U16(0);
        if (isFloat) { FourCc("fact"); U32(4); U32((uint)frameCount); }
        FourCc("data"); U32((uint)dataBytes);
        return header;
    }

    /// <summary>Encodes interleaved samples. PCM: <c>round(x · 2^(n−1))</c> (ties to even) clipped to the n-bit range,
    /// so ±1 becomes the extreme codes and k/2^(n−1) round-trips exactly; NaN is written as 0. No dither: files are
    /// renders and recordings compared sample by sample, and dither would make them differ run to run. Float32: as is.</summary>
    public static void Encode(ReadOnlySpan<float> interleaved, WavSampleFormat format, Span<byte> destination)
    {
        switch (format)
        {
            case WavSampleFormat.Pcm16:
                for (int i = 0; i < interleaved.Length; i++)
                    BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], (short)Quantize(interleaved[i], 32768f));
                break;
            case WavSampleFormat.Pcm24:
                for (int i = 0; i < interleaved.Length; i++)
                {
                    int v = Quantize(interleaved[i], 8388608f), at = 3 * i;
                    destination[at] = (byte)v; destination[at + 1] = (byte)(v >> 8); destination[at + 2] = (byte)(v >> 16);
                }
                break;
            case WavSampleFormat.Float32:
                for (int i = 0; i < interleaved.Length; i++)
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], interleaved[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown WAV sample format");
        }
    }

    static int Quantize(float x, float fullScale)
    {
        if (float.IsNaN(x)) return 0;
        // x · 2^k is exact in float, so the only rounding is the one to an integer.
        float scaled = MathF.Round(x * fullScale);
        return scaled >= fullScale ? (int)fullScale - 1 : scaled <= -fullScale ? -(int)fullScale : (int)scaled;
    }

    /// <summary>A temporary path beside <paramref name="path"/>, so that the final rename stays on one file system.</summary>
    public static string TempPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }
}
