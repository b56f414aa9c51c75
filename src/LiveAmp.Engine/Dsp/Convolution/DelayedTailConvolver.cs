using LiveAmp.Engine.Kernels.Complex;

namespace LiveAmp.Engine.Dsp.Convolution;

/// <summary>The late part of a long IR, convolved in large partitions (size P) with its work spread evenly over
/// the calls. It convolves with <c>h[2P ..]</c> only, i.e. its contribution is delayed by two partitions: the
/// output of partition q needs input up to partition q − 2, so a whole partition's worth of calls is available to
/// compute it. Each call does the share of the work (one forward FFT, one multiply-accumulate per tail partition,
/// one inverse FFT) that its frame count is entitled to, so no call pays for a whole partition at once.
/// Callers hand it pieces that never cross a multiple of P (the head's partition size divides P).</summary>
internal sealed class DelayedTailConvolver
{
    readonly int _partition, _bins, _partitionCount;
    readonly RealFft _fft;
    readonly float[] _irRe, _irIm;    // partitionCount × bins
    readonly float[] _fdlRe, _fdlIm;  // ring of input window spectra
    readonly float[] _accRe, _accIm;
    readonly float[] _window;         // the last two completed input partitions
    readonly float[] _filling;        // the partition being received
    float[] _current, _next;          // IFFT outputs: second halves are the outputs of this and the next partition
    int _position, _unitsDone, _fdlHead;

    /// <summary>Number of frames of the IR the head must cover: the tail starts at this offset.</summary>
    public int OffsetFrames => 2 * _partition;

    /// <param name="tail">The IR from offset 2·<paramref name="partition"/> on.</param>
    public DelayedTailConvolver(ReadOnlySpan<float> tail, int partition)
    {
        _partition = partition;
        _bins = partition + 1;
        _fft = new RealFft(2 * partition);
        _partitionCount = Math.Max(1, (tail.Length + partition - 1) / partition);
        _irRe = new float[_partitionCount * _bins];
        _irIm = new float[_partitionCount * _bins];
        var padded = new float[2 * partition];
        for (int k = 0; k < _partitionCount; k++)
        {
            Array.Clear(padded);
            int start = k * partition;
            int count = Math.Clamp(tail.Length - start, 0, partition);
            tail.Slice(start, count).CopyTo(padded);
            _fft.Forward(padded, _irRe.AsSpan(k * _bins, _bins), _irIm.AsSpan(k * _bins, _bins));
        }
        _fdlRe = new float[_partitionCount * _bins];
        _fdlIm = new float[_partitionCount * _bins];
        _accRe = new float[_bins];
        _accIm = new float[_bins];
        _window = new float[2 * partition];
        _filling = new float[partition];
        _current = new float[2 * partition];
        _next = new float[2 * partition];
    }

    int TotalUnits => _partitionCount + 2;

    public void Reset()
    {
        Array.Clear(_fdlRe); Array.Clear(_fdlIm);
        Array.Clear(_window); Array.Clear(_filling);
        Array.Clear(_current); Array.Clear(_next);
        _position = 0;
        _unitsDone = 0;
        _fdlHead = 0;
    }

    /// <summary>Reads <paramref name="input"/> and adds the tail's output for the same frames to
    /// <paramref name="output"/>. The piece must not cross a partition boundary.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int n = input.Length;
        input.CopyTo(_filling.AsSpan(_position));
        var produced = _current.AsSpan(_partition + _position, n);
        for (int i = 0; i < n; i++) output[i] += produced[i];
        _position += n;

        int due = (int)(((long)TotalUnits * _position + _partition - 1) / _partition);
        while (_unitsDone < due) RunUnit(_unitsDone++);

        if (_position < _partition) return;
        (_current, _next) = (_next, _current);
        _window.AsSpan(_partition).CopyTo(_window);
        _filling.CopyTo(_window.AsSpan(_partition));
        _position = 0;
        _unitsDone = 0;
    }

    /// <summary>Unit 0 transforms the latest window, units 1..K multiply-accumulate one partition each, the last
    /// unit transforms back into the next partition's output.</summary>
    void RunUnit(int unit)
    {
        int bins = _bins;
        if (unit == 0)
        {
            _fdlHead = _fdlHead + 1 == _partitionCount ? 0 : _fdlHead + 1;
            _fft.Forward(_window, _fdlRe.AsSpan(_fdlHead * bins, bins), _fdlIm.AsSpan(_fdlHead * bins, bins));
            Array.Clear(_accRe);
            Array.Clear(_accIm);
        }
        else if (unit <= _partitionCount)
        {
            int k = unit - 1;
            int slot = _fdlHead - k;
            if (slot < 0) slot += _partitionCount;
            ComplexMac.Apply(_fdlRe.AsSpan(slot * bins, bins), _fdlIm.AsSpan(slot * bins, bins),
                             _irRe.AsSpan(k * bins, bins), _irIm.AsSpan(k * bins, bins), _accRe, _accIm);
        }
        else
        {
            _fft.Inverse(_accRe, _accIm, _next);
        }
    }
}
