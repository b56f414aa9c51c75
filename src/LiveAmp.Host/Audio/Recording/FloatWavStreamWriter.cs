using System.Buffers.Binary;

namespace LiveAmp.Host.Audio.Recording;

/// <summary>A mono float32 WAV written while it grows: samples go to a temporary file beside the target, and
/// <see cref="Complete"/> fills in the sizes and renames it into place, so a crash never leaves a half-written
/// recording under the real name. (Minimal on purpose; the engine's Formats/Wav writer replaces it when merged.)</summary>
public sealed class FloatWavStreamWriter : IDisposable
{
    const int HeaderBytes = 44;
    readonly FileStream file;
    readonly string tempPath;
    readonly byte[] buffer = new byte[4096 * 4];
    bool finished;

    public string Path { get; }
    public int SampleRate { get; }
    public long FrameCount { get; private set; }

    public FloatWavStreamWriter(string path, int sampleRate)
    {
        Path = System.IO.Path.GetFullPath(path);
        SampleRate = sampleRate;
        string dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        tempPath = System.IO.Path.Combine(dir, "." + System.IO.Path.GetFileName(Path) + "." + Environment.ProcessId + ".tmp");
        file = new FileStream(tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        file.Write(Header(0));
    }

    public void Append(ReadOnlySpan<float> samples)
    {
        while (!samples.IsEmpty)
        {
            int n = Math.Min(samples.Length, buffer.Length / 4);
            for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), samples[i]);
            file.Write(buffer, 0, n * 4);
            FrameCount += n;
            samples = samples[n..];
        }
    }

    /// <summary>Writes the final sizes, flushes to disk and renames the file into place.</summary>
    public void Complete()
    {
        if (finished) return;
        finished = true;
        file.Position = 0;
        file.Write(Header(FrameCount));
        file.Flush(flushToDisk: true);
        file.Dispose();
        File.Move(tempPath, Path, overwrite: true);
    }

    byte[] Header(long frames)
    {
        long dataBytes = frames * 4;
        if (dataBytes > uint.MaxValue - HeaderBytes) throw new IOException($"{Path}: recording exceeds the 4 GB WAV limit");
        var h = new byte[HeaderBytes];
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(h.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(20), 3); // IEEE float
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(28), SampleRate * 4);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(32), 4);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(34), 32);
        "data"u8.CopyTo(h.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), (uint)dataBytes);
        return h;
    }

    /// <summary>Without <see cref="Complete"/>: the temporary file is deleted.</summary>
    public void Dispose()
    {
        if (finished) return;
        finished = true;
        file.Dispose();
        File.Delete(tempPath);
    }
}
