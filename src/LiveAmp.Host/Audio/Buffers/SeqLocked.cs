namespace LiveAmp.Host.Audio.Buffers;

/// <summary>A value that one thread writes and any thread reads as a whole copy, without allocation or a lock: a
/// sequence lock. The version is odd while a write is under way; a reader copies the value and keeps the copy only
/// if the version was even and unchanged around it (a torn copy is thrown away and taken again).</summary>
/// <remarks>Writes are rare and short (a few hundred bytes, ten times a second for the stats), so a reader almost
/// never retries. A writer is never held up by readers.</remarks>
public sealed class SeqLocked<T>(T initial) where T : struct
{
    T value = initial;
    long version;

    /// <summary>One thread at a time.</summary>
    public void Write(in T next)
    {
        Volatile.Write(ref version, version + 1);
        Interlocked.MemoryBarrier();   // readers see the odd version before any of the new bytes
        value = next;
        Volatile.Write(ref version, version + 1);
    }

    public T Read()
    {
        var spin = new SpinWait();
        while (true)
        {
            long before = Volatile.Read(ref version);
            if ((before & 1) == 0)
            {
                T copy = value;
                Interlocked.MemoryBarrier();   // the copy's reads complete before the version is read again
                if (Volatile.Read(ref version) == before) return copy;
            }
            spin.SpinOnce();
        }
    }
}
