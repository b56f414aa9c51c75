using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Host.Audio.Native;

/// <summary>Resolves the native libraries behind LiveAmp's P/Invokes: PortAudio from the system (per OS), the
/// ring shim from beside the executable, and the C library.</summary>
internal static class NativeLibraries
{
    public const string LibC = "c";
    public const string Shim = "liveamp_shim";

    [ModuleInitializer]
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    /// <summary>File names PortAudio is tried under on this OS.</summary>
    public static string[] PortAudioNames =>
        OperatingSystem.IsWindows() ? ["portaudio.dll", "portaudio_x64.dll", "libportaudio.dll"]
        : OperatingSystem.IsMacOS() ? ["libportaudio.dylib", "libportaudio.2.dylib", "/opt/homebrew/lib/libportaudio.dylib", "/usr/local/lib/libportaudio.dylib"]
        : ["libportaudio.so.2", "libportaudio.so"];

    /// <summary>What a user runs to get PortAudio on this OS.</summary>
    public static string PortAudioInstallHint =>
        OperatingSystem.IsWindows() ? "put portaudio.dll (built with ASIO/WASAPI) beside liveamp.exe or on PATH"
        : OperatingSystem.IsMacOS() ? "install it with `brew install portaudio`"
        : "install it with `sudo apt-get install libportaudio2` (or scripts/install-deps.sh)";

    static nint portAudio;

    /// <summary>Loads PortAudio once; a missing library is one clear line saying what to install.</summary>
    public static nint LoadPortAudio()
    {
        if (portAudio != 0) return portAudio;
        foreach (string name in PortAudioNames)
            if (NativeLibrary.TryLoad(name, out nint handle)) return portAudio = handle;
        throw new LiveAmpException($"PortAudio library not found ({string.Join(", ", PortAudioNames)}): {PortAudioInstallHint}");
    }

    static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name == PortAudio.PortAudioNative.Library) return LoadPortAudio();
        if (name == LibC)
        {
            string libc = OperatingSystem.IsMacOS() ? "libSystem.dylib" : "libc.so.6";
            return NativeLibrary.TryLoad(libc, out nint handle) ? handle : 0;
        }
        if (name == Shim)
        {
            string file = OperatingSystem.IsWindows() ? "liveamp_shim.dll" : OperatingSystem.IsMacOS() ? "libliveamp_shim.dylib" : "libliveamp_shim.so";
            string full = Path.Combine(AppContext.BaseDirectory, file);
            if (NativeLibrary.TryLoad(full, out nint handle)) return handle;
            throw new LiveAmpException($"the ring-mode shim {full} is missing: rebuild LiveAmp with a C compiler (gcc) installed, or use --engine direct");
        }
        return 0;
    }
}
