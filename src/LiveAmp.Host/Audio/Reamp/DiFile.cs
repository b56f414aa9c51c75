using System.Buffers.Binary;
using System.Text;
using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Host.Audio.Reamp;

/// <summary>Reads a DI (dry guitar) WAV for reamping: PCM 16/24/32-bit or float 32/64-bit, first channel.
/// (Minimal on purpose; the engine's Formats/Wav reader replaces it when merged.)</summary>
public static class DiFile
{
    public static (float[] Samples, int SampleRate) Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new LiveAmpException($"{path}: cannot read the DI file: {e.Message}", e); }
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
            throw new FileFormatException(path, SourceLocation.Byte(0), "expected a RIFF/WAVE file");
        int format = 0, channels = 0, rate = 0, bits = 0;
        long pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            string id = Encoding.ASCII.GetString(bytes, (int)pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)pos + 4));
            int body = (int)pos + 8;
            if (id == "fmt ")
            {
                if (size < 16 || body + 16 > bytes.Length) throw new FileFormatException(path, SourceLocation.Byte(pos), "fmt chunk shorter than 16 bytes");
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 2));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 14));
                if (format == 0xFFFE && size >= 40) format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 24));
            }
            else if (id == "data")
            {
                if (channels < 1 || rate < 1) throw new FileFormatException(path, SourceLocation.Byte(pos), "data chunk before a valid fmt chunk");
                int frameBytes = channels * bits / 8;
                if (frameBytes == 0) throw new FileFormatException(path, SourceLocation.Byte(pos), $"unsupported {bits}-bit samples");
                long length = Math.Min(size, bytes.Length - body);
                int frames = (int)(length / frameBytes);
                var samples = new float[frames];
                for (int i = 0; i < frames; i++)
                {
                    var s = bytes.AsSpan(body + i * frameBytes);
                    float v = (format, bits) switch
                    {
                        (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                        (1, 24) => ((s[0] | s[1] << 8 | s[2] << 16) << 8 >> 8) / 8388608f,
                        (1, 32) => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
                        (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
                        (3, 64) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
                        _ => throw new FileFormatException(path, SourceLocation.Byte(20), $"expected PCM 16/24/32-bit or float 32/64-bit samples, found format {format} with {bits} bits"),
                    };
                    if (!float.IsFinite(v)) throw new FileFormatException(path, SourceLocation.Sample(i), $"sample is {v}; expected a finite value");
                    samples[i] = v;
                }
                return (samples, rate);
            }
            pos = body + size + (size & 1);
        }
        throw new FileFormatException(path, SourceLocation.Byte(bytes.Length), "no data chunk");
    }
}
