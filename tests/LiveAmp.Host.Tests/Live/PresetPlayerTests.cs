using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Live;

namespace LiveAmp.Host.Tests.Live;

/// <summary>The live processor: preset switches and bypass crossfade on a running "audio" thread, a bad preset leaves
/// the previous sound playing and says why.</summary>
public sealed class PresetPlayerTests : IDisposable
{
    const int Rate = 48_000, Block = 64;
    readonly string _userFolder = Directory.CreateTempSubdirectory("liveamp-player-").FullName;
    readonly PresetLibrary _library;
    readonly CancellationTokenSource _stop = new();
    readonly List<float> _output = [];

    public PresetPlayerTests()
    {
        _library = new PresetLibrary(_userFolder, Path.Combine(SharedData.RepoRoot, "presets"));
        File.WriteAllText(Path.Combine(_userFolder, "broken.toml"), "schema = 1\n[gate]\nthreshold_db = \"loud\"\n");
    }

    public void Dispose()
    {
        _stop.Cancel();
        Directory.Delete(_userFolder, recursive: true);
    }

    /// <summary>Plays a 196 Hz tone through the player in 64-frame blocks, in real time, on its own thread.</summary>
    Thread StartAudio(PresetPlayer player)
    {
        var thread = new Thread(() =>
        {
            var block = new float[Block];
            long n = 0;
            while (!_stop.IsCancellationRequested)
            {
                for (int i = 0; i < Block; i++, n++) block[i] = (float)(0.2 * Math.Sin(2 * Math.PI * 196 * n / Rate));
                player.Process(block);
                lock (_output) _output.AddRange(block);
                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        thread.Start();
        return thread;
    }

    [Fact]
    public void Switches_presets_keeps_the_old_sound_on_a_bad_one_and_bypasses()
    {
        using var player = new PresetPlayer(_library, "clean");
        player.Prepare(Rate, Block);
        Assert.Equal("clean", player.ActivePreset);
        var audio = StartAudio(player);

        player.RequestPreset("high-gain");
        player.WaitIdle();
        Assert.Equal("high-gain", player.ActivePreset);
        Assert.Equal("DSP amp (lead)", player.ActiveChain.Description.AmpName);
        Assert.False(player.Status!.IsError);

        var before = player.ActiveChain;
        player.RequestPreset("broken");
        player.WaitIdle();
        Assert.True(player.Status!.IsError);
        Assert.Contains("broken.toml(3,", player.Status.Message);
        Assert.Contains("gate.threshold_db", player.Status.Message);
        Assert.Same(before, player.ActiveChain);
        Assert.Equal("high-gain", player.ActivePreset);

        player.SetBypass(true);
        player.WaitIdle();
        Assert.True(player.Bypass);
        Thread.Sleep(50);
        int mark;
        lock (_output) mark = _output.Count;
        Thread.Sleep(50);
        float[] dry;
        lock (_output) dry = _output.Skip(mark).ToArray();
        // Bypassed: the tone comes out as it went in (levels at 0 dB, no amp, no cab).
        Assert.InRange(dry.Max(Math.Abs), 0.19, 0.21);

        player.SetBypass(false);
        player.WaitIdle();
        Assert.False(player.Bypass);
        Assert.Equal(3, player.Switches);   // clean→high-gain, →dry, →high-gain; the failed load switched nothing
        _stop.Cancel();
        audio.Join();
    }

    [Fact]
    public void A_bad_preset_at_start_fails_with_its_located_error()
    {
        using var player = new PresetPlayer(_library, "broken");
        var e = Assert.Throws<PresetException>(() => player.Prepare(Rate, Block));
        Assert.Contains("broken.toml(3,", e.Message);
    }

    [Fact]
    public void Knob_values_of_the_preset_reach_its_chain()
    {
        using var player = new PresetPlayer(_library, "high-gain");
        player.Prepare(Rate, Block);
        Assert.Equal(-10, player.ActiveChain.Parameters[Knob.OutputDb]);
        Assert.Equal(-60, player.ActiveChain.Parameters[Knob.GateThresholdDb]);
    }

    [Fact]
    public void Switching_back_reuses_the_faded_out_chain_with_the_presets_knobs()
    {
        using var player = new PresetPlayer(_library, "clean");
        player.Prepare(Rate, Block);
        StartAudio(player);
        var clean = player.ActiveChain;
        clean.Parameters[Knob.OutputDb] = 3;   // turned, not saved

        player.RequestPreset("crunch");
        player.WaitIdle();
        var crunch = player.ActiveChain;
        player.RequestPreset("clean");
        player.WaitIdle();
        Assert.Same(clean, player.ActiveChain);
        Assert.Equal(PresetReader.Load(_library.Find("clean").FilePath).Chain.KnobValues[Knob.OutputDb], clean.Parameters[Knob.OutputDb]);
        player.RequestPreset("crunch");
        player.WaitIdle();
        Assert.Same(crunch, player.ActiveChain);
        Assert.Equal("crunch", player.ActivePreset);
    }

    [Fact]
    public void A_preset_or_IR_changed_on_disk_is_loaded_again()
    {
        string ir = Path.Combine(_userFolder, "ir.wav");
        File.Copy(Path.Combine(SharedData.RepoRoot, "presets", "irs", "synth-1x12-open.wav"), ir);
        string preset = Path.Combine(_userFolder, "mine.toml");
        File.WriteAllText(preset, $"schema = 1\n[cab]\nir = \"{ir}\"\n[levels]\noutput_db = -6\n");
        using var player = new PresetPlayer(_library, "mine");
        player.Prepare(Rate, Block);
        StartAudio(player);
        var first = player.ActiveChain;

        player.RequestPreset("clean");
        player.WaitIdle();
        File.SetLastWriteTimeUtc(ir, DateTime.UtcNow.AddSeconds(5));   // the IR was replaced
        player.RequestPreset("mine");
        player.WaitIdle();
        var second = player.ActiveChain;
        Assert.NotSame(first, second);

        player.RequestPreset("clean");
        player.WaitIdle();
        File.WriteAllText(preset, $"schema = 1\n[cab]\nir = \"{ir}\"\n[gate]\nenabled = false\n");   // the preset was edited
        player.RequestPreset("mine");
        player.WaitIdle();
        var third = player.ActiveChain;
        Assert.NotSame(second, third);
        Assert.False(player.Status!.IsError, player.Status.Message);

        // Other samples of the same length written over it with its time kept (as `cp -p` does): told apart by its bytes.
        player.RequestPreset("clean");
        player.WaitIdle();
        var stamp = File.GetLastWriteTimeUtc(ir);
        byte[] bytes = File.ReadAllBytes(ir);
        bytes[^2] ^= 0x40;
        File.WriteAllBytes(ir, bytes);
        File.SetLastWriteTimeUtc(ir, stamp);
        player.RequestPreset("mine");
        player.WaitIdle();
        Assert.NotSame(third, player.ActiveChain);
    }

    [Fact]
    public void At_most_capacity_chains_are_kept_and_the_oldest_goes_first()
    {
        using var retired = new RetiredChains(capacity: 2);
        var settings = Enumerable.Range(0, 3).Select(i => new ChainSettings { Eq = new() { Enabled = i % 2 == 0 }, Gate = new() { AttackMs = 1 + i } }).ToArray();
        var chains = settings.Select(s => ChainBuilder.Build(s, Rate, Block)).ToArray();
        for (int i = 0; i < 3; i++) retired.Add(RetiredChains.Key.Of(settings[i]), chains[i]);
        Assert.Equal(2, retired.Count);
        Assert.Null(retired.Take(settings[0], out _));
        Assert.Same(chains[2], retired.Take(settings[2] with { KnobValues = new Dictionary<Knob, float> { [Knob.InputDb] = 4 } }, out _));
        Assert.Equal(4, chains[2].Parameters[Knob.InputDb]);
        Assert.Null(retired.Take(settings[2], out _));   // taken: no longer kept
        Assert.Same(chains[1], retired.Take(settings[1], out _));
    }
}
