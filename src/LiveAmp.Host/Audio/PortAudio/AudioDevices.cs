namespace LiveAmp.Host.Audio.PortAudio;

/// <summary>One PortAudio host API (JACK, ALSA, WASAPI, ASIO, CoreAudio, ...).</summary>
public sealed record HostApi(int Index, int TypeId, string Name, int DeviceCount, int DefaultInputDevice, int DefaultOutputDevice, bool IsDefault)
{
    public bool IsJack => TypeId == PortAudioNative.TypeJack;
}

/// <summary>One PortAudio device with its capabilities; latencies in seconds as PortAudio reports them.</summary>
public sealed record AudioDevice(
    int Index, string Name, HostApi HostApi, int MaxInputChannels, int MaxOutputChannels, double DefaultSampleRate,
    double DefaultLowInputLatency, double DefaultLowOutputLatency, double DefaultHighInputLatency, double DefaultHighOutputLatency,
    bool IsDefaultInput, bool IsDefaultOutput);
