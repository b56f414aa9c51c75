namespace LiveAmp.Engine.AmpModels.Keras;

/// <summary>One layer of a keras/RTNeural stack, evaluated one frame at a time (every layer is causal and
/// streaming: conv1d keeps its own history, recurrent layers their state). Buffers are allocated at
/// construction; <see cref="Forward"/> and <see cref="Reset"/> do not allocate.</summary>
public abstract class KerasLayer(string kind, int inputSize, int outputSize)
{
    public string Kind { get; } = kind;
    public int InputSize { get; } = inputSize;
    public int OutputSize { get; } = outputSize;
    public abstract long ParameterCount { get; }
    public abstract long MacsPerFrame { get; }

    /// <summary>One frame: <paramref name="input"/> (InputSize) → <paramref name="output"/> (OutputSize).</summary>
    public abstract void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Clears histories and recurrent state.</summary>
    public virtual void Reset() { }
}
