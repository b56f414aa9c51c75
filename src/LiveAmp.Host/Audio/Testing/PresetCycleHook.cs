using System.Globalization;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Host.Live;

namespace LiveAmp.Host.Audio.Testing;

/// <summary>Test hook: switches presets on a timer while playing, as a guitarist stamping on a footswitch would.
/// <c>LIVEAMP_TEST_PRESET_CYCLE=interval_ms,preset,preset,...</c> requests the next preset of the list every interval
/// (through the loader thread, exactly as the dashboard does).</summary>
public sealed class PresetCycleHook : IDisposable
{
    public const string Variable = "LIVEAMP_TEST_PRESET_CYCLE";
    readonly Timer _timer;
    int _next;

    PresetCycleHook(PresetPlayer player, TimeSpan interval, string[] presets)
    {
        _timer = new Timer(_ => player.RequestPreset(presets[_next++ % presets.Length]), null, interval, interval);
    }

    public static PresetCycleHook? FromEnvironment(PresetPlayer player)
    {
        string? spec = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(spec)) return null;
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int ms) || ms < 10)
            throw new LiveAmpException($"{Variable}='{spec}': expected interval_ms,preset[,preset...] (e.g. 100,clean,crunch)");
        return new PresetCycleHook(player, TimeSpan.FromMilliseconds(ms), parts[1..]);
    }

    public void Dispose() => _timer.Dispose();
}
