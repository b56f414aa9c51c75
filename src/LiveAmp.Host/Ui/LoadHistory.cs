namespace LiveAmp.Host.Ui;

/// <summary>The last <see cref="Capacity"/> DSP load samples (fractions of the block's time), oldest first, in a
/// fixed ring so that recording one never allocates.</summary>
public sealed class LoadHistory(int capacity = 32)
{
    readonly double[] _samples = new double[capacity];
    int _next, _count;

    public int Capacity => _samples.Length;
    public int Count => _count;

    /// <summary>The <paramref name="index"/>-th sample, 0 = oldest.</summary>
    public double this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return _samples[(_next - _count + index + _samples.Length) % _samples.Length];
        }
    }

    public void Add(double load)
    {
        _samples[_next] = load;
        _next = (_next + 1) % _samples.Length;
        if (_count < _samples.Length) _count++;
    }
}
