using LiveAmp.Engine.Kernels;

namespace LiveAmp.Engine.Layers;

/// <summary>A causal dilated convolution that keeps the past of its own input (model-formats.md §2.0.3):
/// <c>y_t = b + Σ_k W_k · x_{t − (K−1−k)·d}</c>; tap K−1 is the current frame. Weights are stored tap-major with
/// the output innermost for <see cref="TapConv"/>; grouped files are expanded to block-diagonal matrices.</summary>
public sealed class Conv1d
{
    readonly float[] _weights, _bias;
    readonly History _history;

    public Conv1d(int inChannels, int outChannels, int kernelSize, int dilation, float[] weightsTapMajor, float[] bias)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Dilation = dilation;
        _weights = weightsTapMajor;
        _bias = bias;
        _history = new History(inChannels, (kernelSize - 1) * dilation);
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Dilation { get; }
    public int Lookback => _history.Lookback;
    public long Macs => (long)InChannels * OutChannels * KernelSize;

    public void Prepare(int maxFrames) => _history.Prepare(maxFrames);
    public void Clear() => _history.Clear();

    /// <summary><see cref="Compute"/> with a fused epilogue (mixin, activation, head sum; see <see cref="TapConv.Epilogue"/>).</summary>
    public void ComputeFused(Rows output, int frames, in TapConv.Epilogue epilogue)
    {
        TapConv.RunLayer(_weights, _bias, _history.Data, output.Data,
            new TapConv.Shape(OutChannels, InChannels, KernelSize, Dilation, _history.Position, _history.Stride,
                              output.Start, output.Stride, frames, false), epilogue);
        _history.Advance(frames);
    }

    /// <summary>For a kernel without lookback (no past needed): the output straight from <paramref name="input"/>.</summary>
    public void ComputeFrom(Rows input, Rows output, int frames)
    {
        if (Lookback != 0) throw new InvalidOperationException("ComputeFrom needs a convolution without lookback.");
        TapConv.Run(_weights, _bias, input.Data, output.Data,
            new TapConv.Shape(OutChannels, InChannels, KernelSize, Dilation, input.Start, input.Stride,
                              output.Start, output.Stride, frames, false));
    }

    /// <summary>Where the caller writes this block's input.</summary>
    public Rows BeginInput(int frames) => _history.Begin(frames);

    /// <summary>Writes (or adds, when <paramref name="accumulate"/>) the output for the input written since
    /// <see cref="BeginInput"/>, then makes that input part of the past.</summary>
    public void Compute(Rows output, int frames, bool accumulate = false)
    {
        TapConv.Run(_weights, _bias, _history.Data, output.Data,
            new TapConv.Shape(OutChannels, InChannels, KernelSize, Dilation, _history.Position, _history.Stride,
                              output.Start, output.Stride, frames, accumulate));
        _history.Advance(frames);
    }
}
