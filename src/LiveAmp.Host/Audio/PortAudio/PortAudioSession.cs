using System.Runtime.InteropServices;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Host.Audio.Native;

namespace LiveAmp.Host.Audio.PortAudio;

/// <summary>An initialised PortAudio library: the host APIs and devices it found. One at a time per process.
/// Disposing terminates PortAudio, unless the session was <see cref="Abandon"/>ed after the audio server died
/// (PortAudio's stop/close/terminate then block for minutes and abort the process).</summary>
public sealed unsafe class PortAudioSession : IDisposable
{
    public const string DefaultClientName = "liveamp";
    static int openSessions;
    bool disposed, abandoned;

    public string Version { get; }
    public IReadOnlyList<HostApi> HostApis { get; }
    public IReadOnlyList<AudioDevice> Devices { get; }

    PortAudioSession(string version, IReadOnlyList<HostApi> apis, IReadOnlyList<AudioDevice> devices)
    {
        Version = version;
        HostApis = apis;
        Devices = devices;
    }

    /// <summary>Initialises PortAudio with JACK client name <paramref name="clientName"/>. ALSA and libjack print
    /// dozens of lines on stderr while probing; they are hidden unless <paramref name="verbose"/>.</summary>
    public static PortAudioSession Open(bool verbose, string clientName = DefaultClientName)
    {
        nint lib = NativeLibraries.LoadPortAudio();
        if (Interlocked.Exchange(ref openSessions, 1) != 0)
            throw new InvalidOperationException("a PortAudio session is already open in this process");
        try
        {
            // The JACK client is created inside Pa_Initialize, so its name must be set first.
            if (NativeLibrary.TryGetExport(lib, PortAudioNative.JackSetClientName, out nint setName))
            {
                byte[] name = System.Text.Encoding.UTF8.GetBytes(clientName + "\0");
                fixed (byte* p = name)
                    ((delegate* unmanaged[Cdecl]<byte*, int>)setName)(p);
            }
            int rc = verbose ? PortAudioNative.Pa_Initialize() : LibC.WithStderrSilenced(PortAudioNative.Pa_Initialize);
            PortAudioException.Check("Pa_Initialize", rc);
            var (apis, devices) = Enumerate();
            string version = Marshal.PtrToStringUTF8(PortAudioNative.Pa_GetVersionText()) ?? "?";
            return new PortAudioSession(version, apis, devices);
        }
        catch
        {
            Volatile.Write(ref openSessions, 0);
            throw;
        }
    }

    static (List<HostApi>, List<AudioDevice>) Enumerate()
    {
        int defaultApi = PortAudioNative.Pa_GetDefaultHostApi();
        int apiCount = PortAudioNative.Pa_GetHostApiCount();
        PortAudioException.Check("Pa_GetHostApiCount", apiCount);
        var apis = new List<HostApi>();
        for (int i = 0; i < apiCount; i++)
        {
            PaHostApiInfo* info = PortAudioNative.Pa_GetHostApiInfo(i);
            if (info == null) continue;
            apis.Add(new HostApi(i, info->Type, Marshal.PtrToStringUTF8(info->Name) ?? "?", info->DeviceCount,
                info->DefaultInputDevice, info->DefaultOutputDevice, i == defaultApi));
        }
        int globalIn = PortAudioNative.Pa_GetDefaultInputDevice(), globalOut = PortAudioNative.Pa_GetDefaultOutputDevice();
        int count = PortAudioNative.Pa_GetDeviceCount();
        PortAudioException.Check("Pa_GetDeviceCount", count);
        var devices = new List<AudioDevice>();
        for (int d = 0; d < count; d++)
        {
            PaDeviceInfo* info = PortAudioNative.Pa_GetDeviceInfo(d);
            if (info == null) continue;
            HostApi api = apis.First(a => a.Index == info->HostApi);
            devices.Add(new AudioDevice(d, Marshal.PtrToStringUTF8(info->Name) ?? "?", api,
                info->MaxInputChannels, info->MaxOutputChannels, info->DefaultSampleRate,
                info->DefaultLowInputLatency, info->DefaultLowOutputLatency, info->DefaultHighInputLatency, info->DefaultHighOutputLatency,
                d == globalIn || d == api.DefaultInputDevice, d == globalOut || d == api.DefaultOutputDevice));
        }
        return (apis, devices);
    }

    /// <summary>The host API named (case-insensitive prefix, e.g. "jack", "alsa") or PortAudio's default.</summary>
    public HostApi FindHostApi(string? name)
    {
        if (string.IsNullOrEmpty(name)) return HostApis.FirstOrDefault(a => a.IsDefault) ?? HostApis[0];
        var match = HostApis.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? HostApis.FirstOrDefault(a => a.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new LiveAmpException(
            $"host API '{name}' not found; available: {string.Join(", ", HostApis.Select(a => a.Name))}"
            + (name.Contains("jack", StringComparison.OrdinalIgnoreCase) ? " (is the JACK server running as this user?)" : ""));
    }

    /// <summary>A device of <paramref name="api"/> by index or name (exact, then substring), or the API's default
    /// for the direction when <paramref name="spec"/> is empty.</summary>
    public AudioDevice FindDevice(HostApi api, string? spec, bool input)
    {
        var inApi = Devices.Where(d => d.HostApi.Index == api.Index && (input ? d.MaxInputChannels : d.MaxOutputChannels) > 0).ToList();
        string direction = input ? "input" : "output";
        if (string.IsNullOrEmpty(spec))
        {
            int def = input ? api.DefaultInputDevice : api.DefaultOutputDevice;
            return inApi.FirstOrDefault(d => d.Index == def) ?? inApi.FirstOrDefault()
                ?? throw new LiveAmpException($"host API {api.Name} has no {direction} device");
        }
        if (int.TryParse(spec, out int index))
            return Devices.FirstOrDefault(d => d.Index == index && (input ? d.MaxInputChannels : d.MaxOutputChannels) > 0)
                ?? throw new LiveAmpException($"device {index} is not an {direction} device (see `liveamp devices`)");
        return inApi.FirstOrDefault(d => d.Name.Equals(spec, StringComparison.OrdinalIgnoreCase))
            ?? inApi.FirstOrDefault(d => d.Name.Contains(spec, StringComparison.OrdinalIgnoreCase))
            ?? throw new LiveAmpException($"no {direction} device matching '{spec}' in host API {api.Name}; "
                + $"available: {string.Join(", ", inApi.Select(d => $"{d.Index} '{d.Name}'"))}");
    }

    /// <summary>After the audio server died: never call PortAudio again in this process.</summary>
    public void Abandon() => abandoned = true;

    public bool IsAbandoned => abandoned;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (!abandoned) PortAudioNative.Pa_Terminate();
        Volatile.Write(ref openSessions, 0);
    }
}
