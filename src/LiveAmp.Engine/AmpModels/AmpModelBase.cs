namespace LiveAmp.Engine.AmpModels;

/// <summary>What every model shares: splitting long blocks into prepared-size pieces, and NAM's prewarm
/// (model-formats.md §3.3): after <see cref="Reset"/>, <c>ceil(P/B)·B</c> zeros are run and their output dropped,
/// so that every history holds the silence steady state before the first real sample.</summary>
public abstract class AmpModelBase(ModelOptions options) : IAmpModel
{
    float[] _prewarmBuffer = [];

    public ModelOptions Options { get; } = options;
    public abstract ModelInfo Info { get; }
    public ModelMetadata Metadata { get; init; } = ModelMetadata.Empty;
    public virtual int LatencyFrames => 0;

    public int SampleRate { get; private set; }
    public int MaxBlockFrames { get; private set; }
    public bool IsPrepared => MaxBlockFrames > 0;

    /// <summary>Loader thread: sizes buffers via <see cref="OnPrepare"/>, then resets (and prewarms).</summary>
    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockFrames, 1);
        SampleRate = sampleRate;
        MaxBlockFrames = maxBlockFrames;
        _prewarmBuffer = new float[maxBlockFrames];
        OnPrepare(sampleRate, maxBlockFrames);
        Reset();
    }

    /// <summary>Engine thread: clears state, then prewarms when <see cref="ModelOptions.Prewarm"/> is on.</summary>
    public void Reset()
    {
        if (!IsPrepared) throw new InvalidOperationException($"{GetType().Name}: Prepare before Reset.");
        OnReset();
        if (!Options.Prewarm) return;
        int total = Info.PrewarmFrames;
        for (int done = 0; done < total; done += MaxBlockFrames)
        {
            _prewarmBuffer.AsSpan().Clear();
            ProcessChunk(_prewarmBuffer);
        }
    }

    /// <summary>Engine thread; in place; any length.</summary>
    public void Process(Span<float> block)
    {
        while (block.Length > MaxBlockFrames)
        {
            ProcessChunk(block[..MaxBlockFrames]);
            block = block[MaxBlockFrames..];
        }
        if (!block.IsEmpty) ProcessChunk(block);
    }

    /// <summary>Allocates every buffer for blocks of up to <paramref name="maxBlockFrames"/>.</summary>
    protected abstract void OnPrepare(int sampleRate, int maxBlockFrames);

    /// <summary>Returns the state to what it is right after loading (zero histories, the file's initial state).</summary>
    protected abstract void OnReset();

    /// <summary>Processes 1..MaxBlockFrames frames in place. Allocation-free.</summary>
    protected abstract void ProcessChunk(Span<float> block);
}
