namespace LiveAmp.Engine.Dsp;

/// <summary>One mono block of the chain. <see cref="Prepare"/> runs on a loader thread, allocates and may throw;
/// <see cref="Process"/> and <see cref="Reset"/> run on the engine thread and do neither.</summary>
public interface IProcessor
{
    /// <summary>Sizes every buffer for <paramref name="sampleRate"/> Hz and blocks of up to
    /// <paramref name="maxBlockFrames"/> frames. Loader thread; allocates; may throw.</summary>
    void Prepare(int sampleRate, int maxBlockFrames);

    /// <summary>Processes <paramref name="block"/> in place. Any length is accepted: a block longer than the
    /// prepared maximum is processed in pieces. The output does not depend on how the input is cut into blocks.
    /// Engine thread; allocation-free.</summary>
    void Process(Span<float> block);

    /// <summary>Clears state (delay lines, recurrent state) without freeing buffers. Engine thread; allocation-free.</summary>
    void Reset();

    /// <summary>Algorithmic latency in frames at the prepared rate (0 for models and the convolver).</summary>
    int LatencyFrames { get; }
}
