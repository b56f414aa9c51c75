using LiveAmp.Engine.Kernels;

namespace LiveAmp.Engine.Layers;

/// <summary>A pointwise convolution <c>y_t = W·x_t (+ b)</c> (model-formats.md §2.0.2). No state.</summary>
public sealed class Conv1x1(int inChannels, int outChannels, float[] weightsTransposed, float[] bias)
{
    /// <summary>W transposed, <c>[in][out]</c>.</summary>
    internal float[] Weights => weightsTransposed;
    public int InChannels { get; } = inChannels;
    public int OutChannels { get; } = outChannels;
    public long Macs => (long)InChannels * OutChannels;

    /// <summary>Writes <c>W·input + b</c> into <paramref name="output"/>, or adds it when <paramref name="accumulate"/>.</summary>
    public void Apply(Rows input, Rows output, int frames, bool accumulate = false) =>
        TapConv.Run(weightsTransposed, bias, input.Data, output.Data,
            new TapConv.Shape(OutChannels, InChannels, 1, 0, input.Start, input.Stride, output.Start, output.Stride,
                              frames, accumulate));

    /// <summary><c>output = addend + W·input + b</c> in one pass (the residual connection).</summary>
    public void ApplyAdding(Rows input, Rows addend, Rows output, int frames) =>
        TapConv.RunAdding(weightsTransposed, bias, input.Data, addend.Data, addend.Start, addend.Stride, output.Data,
            new TapConv.Shape(OutChannels, InChannels, 1, 0, input.Start, input.Stride, output.Start, output.Stride, frames, true));
}
