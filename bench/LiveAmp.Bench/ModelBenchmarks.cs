using BenchmarkDotNet.Attributes;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Tests;

namespace LiveAmp.Bench;

/// <summary>One 64-frame block at 48 kHz through a model, fed with a real DI guitar recording.</summary>
public abstract class ModelBlockBenchmark
{
    readonly float[] _block = new float[64];
    float[] _signal = [];
    int _cursor;
    IAmpModel _model = null!;

    protected void Load(string model, TanhMode tanh)
    {
        _model = ModelLoader.Load(SharedData.File("models", model), new ModelOptions { Tanh = tanh });
        _model.Prepare(48_000, 64);
        _signal = BenchSignals.Guitar(48_000);
    }

    [Benchmark]
    public void Block64()
    {
        if (_cursor + 64 > _signal.Length) _cursor = 0;
        _signal.AsSpan(_cursor, 64).CopyTo(_block);
        _cursor += 64;
        _model.Process(_block);
    }
}

/// <summary>µs per 64-frame block at 48 kHz for every shared model (../shared/models, zoo/, json/), exact tanh.</summary>
[Config(typeof(Jobs.Fast))]
public class ModelBenchmarks : ModelBlockBenchmark
{
    public static IEnumerable<string> Models() =>
        new[] { "", "zoo", "json" }
            .SelectMany(dir => Directory.EnumerateFiles(SharedData.Path_("models", dir))
                .Where(f => f.EndsWith(".nam") || f.EndsWith(".json"))
                .Select(f => Path.GetRelativePath(SharedData.Path_("models"), f)))
            .Order();

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup() => Load(Model, TanhMode.Exact);
}

/// <summary>The headline models on every instruction set and in both tanh modes: the vectorized code against its
/// scalar reference paths, exact against NAM's fast tanh.</summary>
[Config(typeof(Jobs.InstructionSets))]
public class HeadlineModelBenchmarks : ModelBlockBenchmark
{
    [Params("wavenet_a1_standard.nam", "zoo/wavenet_feather.nam", "zoo/wavenet_nano.nam", "zoo/lstm_1x16.nam")]
    public string Model { get; set; } = "";

    [Params(TanhMode.Exact, TanhMode.Fast)]
    public TanhMode Tanh { get; set; }

    [GlobalSetup]
    public void Setup() => Load(Model, Tanh);
}
