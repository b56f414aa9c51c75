using System.Buffers.Binary;
using System.Text;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>JACK 2's server registry: the POSIX shared-memory segment <c>jack-shm-registry</c>, whose header holds 8
/// server slots (pid + "jack-&lt;uid&gt;:&lt;name&gt;:"). A server killed with SIGKILL keeps its slot until a server of the
/// same name starts again; with 8 such slots no server can start ("Too many servers already active"), which is what
/// a machine that ran earlier, killed test runs looks like.</summary>
public static class JackRegistry
{
    public const string DefaultPath = "/dev/shm/jack-shm-registry";
    const uint Magic = 0x4A41434B; // "JACK"
    const int Slots = 8, HeaderFieldsSize = 24;

    /// <summary>Names of this user's registered servers whose process is gone.</summary>
    public static IReadOnlyList<string> StaleServers(string path = DefaultPath) =>
        Servers(path).Where(s => !Directory.Exists($"/proc/{s.Pid}")).Select(s => s.Name).ToList();

    /// <summary>This user's registered servers, read from <paramref name="path"/> (none when there is no registry).</summary>
    public static IReadOnlyList<(int Pid, string Name)> Servers(string path = DefaultPath)
    {
        if (!File.Exists(path)) return [];
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderFieldsSize || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
            throw new InvalidDataException($"{path}: not a JACK 2 registry (expected the magic \"JACK\" at byte 0)");
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        int slotSize = (headerLength - HeaderFieldsSize) / Slots;
        if (slotSize < 8 || headerLength > bytes.Length)
            throw new InvalidDataException($"{path}: header length {headerLength} at byte 16 does not hold {Slots} server slots");

        string prefix = $"jack-{getuid()}:";
        var servers = new List<(int, string)>();
        for (int slot = 0; slot < Slots; slot++)
        {
            var entry = bytes.AsSpan(HeaderFieldsSize + slot * slotSize, slotSize);
            int pid = BinaryPrimitives.ReadInt32LittleEndian(entry);
            var nameBytes = entry[4..];
            int end = nameBytes.IndexOf((byte)0);
            string registered = Encoding.UTF8.GetString(end < 0 ? nameBytes : nameBytes[..end]);
            if (pid != 0 && registered.StartsWith(prefix, StringComparison.Ordinal) && registered.EndsWith(':'))
                servers.Add((pid, registered[prefix.Length..^1]));
        }
        return servers;
    }

    [System.Runtime.InteropServices.DllImport("libc.so.6")]
    static extern uint getuid();
}
