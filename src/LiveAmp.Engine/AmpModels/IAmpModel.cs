using LiveAmp.Engine.Dsp;

namespace LiveAmp.Engine.AmpModels;

/// <summary>An amp or pedal model: a mono processor with a description of itself.
/// <see cref="IProcessor.Prepare"/> allocates and, unless <see cref="ModelOptions.Prewarm"/> is off, runs NAM's
/// prewarm (silence until every history holds its steady state). <see cref="IProcessor.Reset"/> returns the model
/// to the state it had right after <see cref="IProcessor.Prepare"/>, prewarm included, without allocating.</summary>
public interface IAmpModel : IProcessor
{
    /// <summary>Architecture, size and cost. Fixed when the model is built.</summary>
    ModelInfo Info { get; }

    /// <summary>What the file says about the model (rate, levels, loudness, names).</summary>
    ModelMetadata Metadata { get; }
}

/// <summary>How to evaluate <c>tanh</c>: exactly (NAM Core's default, matches the goldens) or with NAM's
/// rational approximation (NAM's plugin and NeuralAudio; up to 4.4e-4 off per evaluation, cheaper).</summary>
public enum TanhMode { Exact, Fast }

/// <summary>Choices made when a model is loaded.</summary>
public sealed record ModelOptions
{
    public TanhMode Tanh { get; init; } = TanhMode.Exact;

    /// <summary>Run NAM's prewarm in Prepare and Reset (Core's default).</summary>
    public bool Prewarm { get; init; } = true;

    public static ModelOptions Default { get; } = new();
}

/// <summary>A model's shape and cost.</summary>
/// <param name="Architecture">e.g. "WaveNet", "LSTM", "Keras GRU", "DSP TubeSaturator".</param>
/// <param name="Description">One line on the shape, e.g. "2 arrays, 16/8 channels, K 3, Tanh".</param>
/// <param name="ParameterCount">Trainable values (the length of NAM's weights array).</param>
/// <param name="MacsPerSample">Multiply-accumulates per output sample, counting every dense and conv product.</param>
/// <param name="ReceptiveFieldFrames">Output t depends on inputs t − R … t; null for recurrent models.</param>
/// <param name="PrewarmFrames">Zeros NAM runs before the first sample (before rounding up to whole blocks).</param>
public sealed record ModelInfo(
    string Architecture, string Description, long ParameterCount, long MacsPerSample,
    int? ReceptiveFieldFrames, int PrewarmFrames);

/// <summary>What a model file says about itself. Every field is optional (null = the file does not say).</summary>
public sealed record ModelMetadata
{
    public string? FormatVersion { get; init; }
    /// <summary>The rate the model was trained at, in Hz; null when unknown (absent, or null in old files).</summary>
    public double? SampleRate { get; init; }
    /// <summary>dB RMS of the model's output for NAM's standard input (model-formats.md §1.3).</summary>
    public double? Loudness { get; init; }
    public double? Gain { get; init; }
    public double? InputLevelDbu { get; init; }
    public double? OutputLevelDbu { get; init; }
    public string? Name { get; init; }
    public string? ModeledBy { get; init; }
    public string? GearMake { get; init; }
    public string? GearModel { get; init; }
    public string? GearType { get; init; }
    public string? ToneType { get; init; }
    public double? ValidationEsr { get; init; }
    /// <summary>Export date as written, e.g. "2024-09-14 10:31:05".</summary>
    public string? Date { get; init; }

    public static ModelMetadata Empty { get; } = new();
}
