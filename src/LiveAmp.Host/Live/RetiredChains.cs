using System.Buffers;
using System.Runtime.InteropServices;
using LiveAmp.Engine.Chain;

namespace LiveAmp.Host.Live;

/// <summary>Chains that played and were faded out, kept on the loader thread so that switching back to their preset
/// reuses them instead of loading the model and the IR again: a footswitch between two or three presets then
/// allocates almost nothing (a rebuilt chain allocated ~290 kB, so 100 switches caused GCs that pause the engine) and
/// takes effect sooner. A chain is reused only for settings equal to those it was built from (knobs aside: they are
/// set to the preset's values again) and while its model and IR files are unchanged on disk (<see cref="FileStamp"/>);
/// the oldest beyond <see cref="Capacity"/> is disposed. Loader thread only.</summary>
public sealed class RetiredChains(int capacity = 4) : IDisposable
{
    static readonly IReadOnlyDictionary<Knob, float> NoKnobs = new Dictionary<Knob, float>();

    readonly List<Entry> _entries = [];   // oldest first

    public int Capacity => capacity;
    public int Count => _entries.Count;

    /// <summary>What a chain is built from, and the files it read as they were when it was built.</summary>
    public readonly record struct Key(ChainSettings Settings, FileStamp Model, FileStamp Ir)
    {
        /// <summary>Call before building the chain, so that a file changed during the build is not taken for the old one.</summary>
        public static Key Of(ChainSettings settings) =>
            new(settings with { KnobValues = NoKnobs }, FileStamp.Of(settings.Amp?.ModelPath), FileStamp.Of(settings.Cab?.IrPath));
    }

    /// <summary>A file as it was: length, modification time and a hash of its bytes (a copy that keeps the length and
    /// the time, as `cp -p` or rsync make, is still told apart). Hashing reads the file on the loader thread: ~0.1 ms
    /// for a 400 kB model.</summary>
    public readonly record struct FileStamp(long Length, DateTime LastWriteUtc, ulong ContentHash)
    {
        public static FileStamp Of(string? path)
        {
            if (path is null) return default;
            var file = new FileInfo(path);
            if (!file.Exists) return new(-1, default, 0);
            try
            {
                return new(file.Length, file.LastWriteTimeUtc, Hash(path));
            }
            catch (IOException)
            {
                return new(-1, default, 0);   // unreadable now: never equal to a stamp taken when it was read
            }
        }

        /// <summary>FNV-1a over 64-bit words: not cryptographic, only to notice a changed file.</summary>
        static ulong Hash(string path)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                ulong hash = 14695981039346656037;
                int read;
                // Whole buffers except at the end, so that the same bytes always hash the same way.
                while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
                {
                    int words = read / sizeof(ulong);
                    foreach (ulong word in MemoryMarshal.Cast<byte, ulong>(buffer.AsSpan(0, words * sizeof(ulong))))
                        hash = (hash ^ word) * 1099511628211;
                    for (int i = words * sizeof(ulong); i < read; i++) hash = (hash ^ buffer[i]) * 1099511628211;
                }
                return hash;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    readonly record struct Entry(Key Key, SignalChain Chain);

    /// <summary>Keeps a chain the audio thread no longer touches.</summary>
    public void Add(Key key, SignalChain chain)
    {
        _entries.Add(new Entry(key, chain));
        if (_entries.Count > capacity)
        {
            _entries[0].Chain.Dispose();
            _entries.RemoveAt(0);
        }
    }

    /// <summary>A kept chain for <paramref name="settings"/>, reset and with the preset's knob values; null when there is none.</summary>
    public SignalChain? Take(ChainSettings settings, out Key key)
    {
        key = Key.Of(settings);
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key != key) continue;
            var chain = _entries[i].Chain;
            _entries.RemoveAt(i);
            chain.Parameters.SetFrom(settings);
            chain.Reset();
            return chain;
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var entry in _entries) entry.Chain.Dispose();
        _entries.Clear();
    }
}
