using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Ui;

namespace LiveAmp.Host.Live;

/// <summary>The dashboard's view of a running <c>liveamp play</c>: stats from the <see cref="StatsMonitor"/>, presets
/// from the library, and the <see cref="PresetPlayer"/> that loads and switches them.</summary>
public sealed class LiveSession : ILiveSession
{
    readonly PresetLibrary _library;
    readonly PresetPlayer _player;
    readonly StatsMonitor _monitor;
    readonly KnobSaver _saver;
    IReadOnlyList<PresetEntry> _presets;

    public LiveSession(PresetLibrary library, PresetPlayer player, StatsMonitor monitor)
    {
        _library = library;
        _player = player;
        _monitor = monitor;
        _saver = new KnobSaver(library);
        _presets = library.List();
        if (player.ActivePreset is string key && player.ActiveSettings is { } settings) _saver.Loaded(key, settings);
        player.PresetLoaded += (loadedKey, loadedSettings) =>
        {
            lock (_saver) _saver.Loaded(loadedKey, loadedSettings);
            _presets = _library.List();   // a save may have added a user copy
        };
    }

    public EngineStats Stats => _monitor.Current;
    public LatencyBreakdown Latency => _monitor.Current.Latency;
    public IReadOnlyList<PresetEntry> Presets => _presets;
    public string? ActivePreset => _player.ActivePreset;
    public string? PendingPreset => _player.PendingPreset;
    public ChainDescription Chain => _player.ActiveChain.Description;
    public ChainParameters Parameters => _player.ActiveChain.Parameters;
    public SessionStatus? Status => _player.Status;

    public bool Bypass
    {
        get => _player.Bypass;
        set => _player.SetBypass(value);
    }

    public void RequestPreset(string key) => _player.RequestPreset(key);

    public string SaveKnobs()
    {
        string message;
        lock (_saver) message = _saver.Save(Parameters);
        _presets = _library.List();
        return message;
    }
}
