namespace LiveAmp.Engine.Layers;

/// <summary>A channel-major view of a block: row <c>c</c> of the signal starts at <c>Start + c·Stride</c> in
/// <see cref="Data"/>, and frame t of that row is the next t-th float. Every layer reads and writes these.</summary>
public readonly record struct Rows(float[] Data, int Start, int Stride, int Count)
{
    public Span<float> Row(int channel, int frames) => Data.AsSpan(Start + channel * Stride, frames);

    /// <summary>A fresh scratch signal of <paramref name="count"/> rows of <paramref name="frames"/> frames.</summary>
    public static Rows Allocate(int count, int frames) => new(new float[Math.Max(1, count) * frames], 0, frames, count);

    public Rows Slice(int firstRow, int count) => new(Data, Start + firstRow * Stride, Stride, count);

    /// <summary>this += <paramref name="other"/> over the first <paramref name="frames"/> of each row.</summary>
    public void Add(Rows other, int frames)
    {
        if (Stride == frames && other.Stride == frames)
        {
            var all = Data.AsSpan(Start, Count * frames);
            System.Numerics.Tensors.TensorPrimitives.Add(all, other.Data.AsSpan(other.Start, Count * frames), all);
            return;
        }
        for (int c = 0; c < Count; c++) System.Numerics.Tensors.TensorPrimitives.Add(Row(c, frames), other.Row(c, frames), Row(c, frames));
    }

    public void CopyTo(Rows destination, int frames)
    {
        for (int c = 0; c < Count; c++) Row(c, frames).CopyTo(destination.Row(c, frames));
    }

    public void Clear(int frames)
    {
        for (int c = 0; c < Count; c++) Row(c, frames).Clear();
    }
}
