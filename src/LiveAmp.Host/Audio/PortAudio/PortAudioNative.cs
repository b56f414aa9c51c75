using System.Runtime.InteropServices;

namespace LiveAmp.Host.Audio.PortAudio;

// The PortAudio C API types LiveAmp uses, laid out as in portaudio.h. C `unsigned long` is CULong: 64-bit on
// Linux/macOS, 32-bit on Windows.

[StructLayout(LayoutKind.Sequential)]
internal struct PaHostApiInfo
{
    public int StructVersion;
    public int Type;
    public nint Name;
    public int DeviceCount;
    public int DefaultInputDevice;
    public int DefaultOutputDevice;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PaDeviceInfo
{
    public int StructVersion;
    public nint Name;
    public int HostApi;
    public int MaxInputChannels;
    public int MaxOutputChannels;
    public double DefaultLowInputLatency;
    public double DefaultLowOutputLatency;
    public double DefaultHighInputLatency;
    public double DefaultHighOutputLatency;
    public double DefaultSampleRate;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamParameters
{
    public int Device;
    public int ChannelCount;
    public CULong SampleFormat;
    public double SuggestedLatency;
    public nint HostApiSpecificStreamInfo;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamInfo
{
    public int StructVersion;
    public double InputLatency;
    public double OutputLatency;
    public double SampleRate;
}

/// <summary>Raw entry points of the PortAudio library (resolved by <see cref="NativeLibraries"/>).</summary>
internal static unsafe partial class PortAudioNative
{
    public const string Library = "portaudio";

    public const int NoError = 0;
    public const int NoDevice = -1;
    public const uint Float32 = 0x1;
    public const uint ClipOff = 0x1, DitherOff = 0x2;
    public const uint FramesPerBufferUnspecified = 0;

    // PaStreamCallbackFlags
    public const ulong InputUnderflow = 0x1, InputOverflow = 0x2, OutputUnderflow = 0x4, OutputOverflow = 0x8;
    public const int Continue = 0;

    // PaHostApiTypeId values LiveAmp names explicitly.
    public const int TypeJack = 12;

    [LibraryImport(Library)] public static partial int Pa_Initialize();
    [LibraryImport(Library)] public static partial int Pa_Terminate();
    [LibraryImport(Library)] public static partial nint Pa_GetErrorText(int error);
    [LibraryImport(Library)] public static partial nint Pa_GetVersionText();
    [LibraryImport(Library)] public static partial int Pa_GetHostApiCount();
    [LibraryImport(Library)] public static partial int Pa_GetDefaultHostApi();
    [LibraryImport(Library)] public static partial PaHostApiInfo* Pa_GetHostApiInfo(int hostApi);
    [LibraryImport(Library)] public static partial int Pa_GetDeviceCount();
    [LibraryImport(Library)] public static partial int Pa_GetDefaultInputDevice();
    [LibraryImport(Library)] public static partial int Pa_GetDefaultOutputDevice();
    [LibraryImport(Library)] public static partial PaDeviceInfo* Pa_GetDeviceInfo(int device);

    [LibraryImport(Library)]
    public static partial int Pa_OpenStream(nint* stream, PaStreamParameters* input, PaStreamParameters* output,
        double sampleRate, CULong framesPerBuffer, CULong flags, nint callback, nint userData);

    [LibraryImport(Library)] public static partial int Pa_StartStream(nint stream);
    [LibraryImport(Library)] public static partial int Pa_StopStream(nint stream);
    [LibraryImport(Library)] public static partial int Pa_CloseStream(nint stream);
    [LibraryImport(Library)] public static partial int Pa_IsStreamActive(nint stream);
    [LibraryImport(Library)] public static partial PaStreamInfo* Pa_GetStreamInfo(nint stream);
    [LibraryImport(Library)] public static partial double Pa_GetStreamCpuLoad(nint stream);

    /// <summary>JACK-only; PortAudio builds without JACK lack it, so it is looked up by name (see PortAudioSession).</summary>
    public const string JackSetClientName = "PaJack_SetClientName";
}
