using LiveAmp.Engine.Formats.Wav;
using LiveAmp.Host.Audio.Buffers;

namespace LiveAmp.Host.Audio.Recording;

/// <summary>Drains a ring filled by the audio side into a float32 WAV file on its own, non-real-time thread. The
/// file is written under a temporary name and renamed into place by <see cref="Complete"/>.</summary>
public sealed class Recorder : IDisposable
{
    readonly SpscRing ring;
    readonly WavStreamWriter writer;
    readonly Thread thread;
    readonly float[] chunk = new float[16384];
    volatile bool stop;
    bool completed;
    Exception? failure;

    public Recorder(SpscRing ring, string path, int sampleRate)
    {
        this.ring = ring;
        writer = new WavStreamWriter(path, sampleRate, 1, WavSampleFormat.Float32);
        thread = new Thread(Run) { IsBackground = true, Name = "liveamp-recorder" };
        thread.Start();
    }

    public string Path => System.IO.Path.GetFullPath(writer.Path);
    public long FrameCount => writer.FrameCount;

    void Run()
    {
        try
        {
            while (!stop)
            {
                Thread.Sleep(20);
                Drain();
            }
        }
        catch (Exception e) { failure = e; }
    }

    void Drain()
    {
        int n;
        while ((n = ring.Read(chunk)) > 0) writer.Append(chunk.AsSpan(0, n));
    }

    /// <summary>Writes what is still queued and finalises the file (call after the producer stopped).</summary>
    public void Complete()
    {
        if (completed) return;
        completed = true;
        stop = true;
        thread.Join();
        if (failure is not null) throw new IOException($"{writer.Path}: recording failed: {failure.Message}", failure);
        Drain();
        writer.Complete();
    }

    public void Dispose()
    {
        stop = true;
        if (thread.IsAlive) thread.Join();
        writer.Dispose();
    }
}
