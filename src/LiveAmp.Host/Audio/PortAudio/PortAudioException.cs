using System.Runtime.InteropServices;
using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Host.Audio.PortAudio;

/// <summary>A PortAudio call failed; the message names the call and carries Pa_GetErrorText.</summary>
public sealed class PortAudioException(string call, int code)
    : LiveAmpException($"{call} failed: {ErrorText(code)} (PortAudio error {code})")
{
    public int Code { get; } = code;

    internal static string ErrorText(int code) => Marshal.PtrToStringUTF8(PortAudioNative.Pa_GetErrorText(code)) ?? "unknown error";

    internal static void Check(string call, int code)
    {
        if (code < 0) throw new PortAudioException(call, code);
    }
}
