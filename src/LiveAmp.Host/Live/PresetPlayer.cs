using System.Collections.Concurrent;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Dsp;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Ui;

namespace LiveAmp.Host.Live;

/// <summary>The processor <c>liveamp play</c> runs: the chain of the active preset, behind a <see cref="ChainSwitcher"/>
/// so that preset changes and bypass crossfade. Preset files are read and chains built on a dedicated loader thread, one
/// request at a time; a bad preset leaves the previous sound playing and reports its located error in
/// <see cref="Status"/>. Chains faded out are kept for reuse (<see cref="RetiredChains"/>). The audio thread only calls
/// <see cref="Process"/>, which is the switcher's (allocation-free).</summary>
public sealed class PresetPlayer(PresetLibrary library, string initialPreset, Func<ChainSettings, ChainSettings>? adjust = null)
    : IProcessor, IDisposable
{
    readonly BlockingCollection<Action> _requests = new();
    readonly RetiredChains _retired = new();
    ChainSwitcher? _switcher;
    SignalChain _active = null!;      // the preset's chain (playing, or set aside while bypassed)
    RetiredChains.Key _activeKey;
    SignalChain _dry = null!;         // levels and safety only: what bypass plays
    Thread? _loader;
    int _sampleRate, _maxBlock;
    volatile bool _bypass;
    volatile string? _pending;
    volatile SessionStatus? _status;
    long _switches;

    public string? ActivePreset { get; private set; }
    public ChainSettings? ActiveSettings { get; private set; }
    public string? PendingPreset => _pending;
    public SessionStatus? Status => _status;
    public SignalChain ActiveChain => Volatile.Read(ref _active);
    public bool Bypass => _bypass;

    /// <summary>Crossfades completed since the start (preset changes and bypass toggles).</summary>
    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>Raised on the loader thread after a preset's chain took over.</summary>
    public event Action<string, ChainSettings>? PresetLoaded;

    /// <summary>Builds the first preset's chain on the calling thread (so a bad preset given at start fails the start
    /// with its located error) and starts the loader thread.</summary>
    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        _sampleRate = sampleRate;
        _maxBlock = maxBlockFrames;
        var (key, settings) = Read(initialPreset);
        _activeKey = RetiredChains.Key.Of(settings);
        _active = ChainBuilder.Build(settings, sampleRate, maxBlockFrames);
        _dry = ChainBuilder.Build(new ChainSettings { Gate = new() { Enabled = false }, Eq = new() { Enabled = false } }, sampleRate, maxBlockFrames);
        ActivePreset = key;
        ActiveSettings = settings;
        _switcher = new ChainSwitcher(_active, maxBlockFrames, ChainSwitcher.DefaultFadeFrames(sampleRate));
        _loader = new Thread(LoaderLoop) { IsBackground = true, Name = "liveamp loader" };
        _loader.Start();
        PresetLoaded?.Invoke(key, settings);
    }

    public void Process(Span<float> block) => _switcher!.Process(block);

    public void Reset() => _switcher!.Current.Reset();

    /// <summary>The chain's own delay (only resampling around a model adds any), for the latency report.</summary>
    public int LatencyFrames => _switcher?.Current.LatencyFrames ?? 0;

    /// <summary>Any thread: asks the loader thread to load <paramref name="nameOrPath"/> and crossfade to it.</summary>
    public void RequestPreset(string nameOrPath)
    {
        _pending = nameOrPath;
        _requests.Add(() => Switch(nameOrPath));
    }

    /// <summary>Any thread: crossfades to the dry chain (bypass on) or back to the preset's chain.</summary>
    public void SetBypass(bool on) => _requests.Add(() =>
    {
        if (on == _bypass) return;
        if (!on) _active.Reset();   // set aside while bypassed: start it from silence again
        Offer(on ? _dry : _active);
        _bypass = on;
        if (!on) _dry.Reset();
    });

    /// <summary>Blocks until every request made so far has been carried out (tests and shutdown).</summary>
    public void WaitIdle()
    {
        using var done = new ManualResetEventSlim();
        _requests.Add(done.Set);
        done.Wait();
    }

    void Switch(string nameOrPath)
    {
        try
        {
            var (key, settings) = Read(nameOrPath);
            var chain = _retired.Take(settings, out var chainKey) ?? ChainBuilder.Build(settings, _sampleRate, _maxBlock);
            chain.WarmUp();
            // The new chain keeps the knobs of its preset; a bypassed player swaps it in silently and stays bypassed.
            var previous = _active;
            if (!_bypass) Offer(chain);
            _active = chain;
            _retired.Add(_activeKey, previous);   // faded out: the audio thread no longer touches it
            _activeKey = chainKey;
            ActivePreset = key;
            ActiveSettings = settings;
            _status = SessionStatus.Info($"loaded {key}");
            PresetLoaded?.Invoke(key, settings);
        }
        catch (LiveAmpException e)
        {
            _status = SessionStatus.Error(e.Message);
        }
        catch (IOException e)
        {
            _status = SessionStatus.Error(e.Message);
        }
        finally
        {
            if (ReferenceEquals(_pending, nameOrPath)) _pending = null;
        }
    }

    /// <summary>Loader thread: hands <paramref name="next"/> to the switcher and waits until the fade is over, so the
    /// chain that faded out is no longer touched by the audio thread when this returns.</summary>
    void Offer(IProcessor next)
    {
        var switcher = _switcher!;
        while (!switcher.Offer(next)) Thread.Sleep(1);
        while (switcher.TakeRetired() is null) Thread.Sleep(1);
        Interlocked.Increment(ref _switches);
    }

    (string Key, ChainSettings Settings) Read(string nameOrPath)
    {
        var entry = library.Find(nameOrPath);
        var settings = PresetReader.Load(entry.FilePath).Chain;
        return (entry.Key, adjust is null ? settings : adjust(settings));
    }

    void LoaderLoop()
    {
        foreach (var request in _requests.GetConsumingEnumerable()) request();
    }

    public void Dispose()
    {
        _requests.CompleteAdding();
        // A loader still busy (handing a chain to a stream that stopped) keeps its chains: disposing them under it
        // would free what it is about to warm up.
        if (_loader is not null && !_loader.Join(TimeSpan.FromSeconds(2))) return;
        _active?.Dispose();
        _retired.Dispose();
    }
}
