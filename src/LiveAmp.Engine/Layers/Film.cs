namespace LiveAmp.Engine.Layers;

/// <summary>Feature-wise linear modulation (model-formats.md §2.0.4): <c>s = A·c + a</c>, then
/// <c>u ⊙ s[0:dim] (+ s[dim:2·dim])</c>, in place on the modulated signal.</summary>
public sealed class Film(int dim, bool shift, Conv1x1 condition)
{
    Rows _scratch;

    public int Dim { get; } = dim;
    public bool Shift { get; } = shift;
    public long Macs => condition.Macs + (Shift ? 2 : 1) * Dim;

    public void Prepare(int maxFrames) => _scratch = Rows.Allocate(condition.OutChannels, maxFrames);

    /// <summary><paramref name="target"/> ← FiLM(<paramref name="source"/>; <paramref name="cond"/>); source and target may be the same.</summary>
    public void Apply(Rows source, Rows target, Rows cond, int frames)
    {
        condition.Apply(cond, _scratch, frames);
        for (int c = 0; c < Dim; c++)
        {
            var u = source.Row(c, frames);
            var y = target.Row(c, frames);
            var scale = _scratch.Row(c, frames);
            if (Shift)
            {
                var offset = _scratch.Row(Dim + c, frames);
                for (int t = 0; t < frames; t++) y[t] = u[t] * scale[t] + offset[t];
            }
            else
            {
                for (int t = 0; t < frames; t++) y[t] = u[t] * scale[t];
            }
        }
    }
}
