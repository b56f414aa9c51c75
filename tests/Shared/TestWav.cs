using System.Buffers.Binary;

namespace LiveAmp.Tests;

/// <summary>A minimal, independent RIFF/WAVE reader for reference files in tests (PCM 16/24/32 and float32,
/// mono or first channel). Kept separate from the engine's reader on purpose, so goldens are not read by the code
/// under test.</summary>
public static class TestWav
{
    public static (float[] Samples, int SampleRate) ReadMono(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int pos = 12, channels = 0, rate = 0, bits = 0, format = 0;
        while (pos + 8 <= bytes.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            var body = bytes.AsSpan(pos + 8, Math.Min(size, bytes.Length - pos - 8));
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format == 0xFFFE) format = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
            }
            else if (id == "data")
            {
                int frameBytes = channels * bits / 8, frames = body.Length / frameBytes;
                var samples = new float[frames];
                for (int i = 0; i < frames; i++)
                {
                    var s = body[(i * frameBytes)..];
                    samples[i] = (format, bits) switch
                    {
                        (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
                        (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                        (1, 24) => ((s[0] | s[1] << 8 | s[2] << 16) << 8 >> 8) / 8388608f,
                        (1, 32) => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
                        _ => throw new NotSupportedException($"{path}: format {format}/{bits} bit"),
                    };
                }
                return (samples, rate);
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no data chunk");
    }
}
