using System.Numerics;
using LiveAmp.Engine.Kernels.Complex;

namespace LiveAmp.Engine.Dsp.Convolution;

/// <summary>Zero-latency convolution with a fixed impulse response: uniformly partitioned overlap-save in the
/// frequency domain (partition size P, FFT size 2P, a frequency-domain delay line of past input spectra).
/// <para>Zero latency at any call size: the current, partly filled input partition is transformed on every call
/// (zeros where samples have not arrived yet), multiplied by the first IR partition and added to the sum of the
/// older partitions' products, which is computed once per completed partition. Outputs at filled positions only
/// depend on samples that have arrived, so each call returns exact results for its own frames.</para>
/// <para>A new IR means a new instance, built and prepared on the loader thread; the chain crossfades.</para></summary>
public sealed class PartitionedConvolver : IProcessor
{
    readonly float[] _impulseResponse;
    readonly int? _partitionOverride;

    RealFft _fft = null!;
    int _partition, _bins, _partitionCount;
    float[] _irRe = [], _irIm = [];       // partitionCount × bins, partition k at [k·bins, (k+1)·bins)
    float[] _fdlRe = [], _fdlIm = [];     // past input spectra, ring of partitionCount slots
    int _fdlHead;                         // slot of the spectrum of the newest completed window
    float[] _tailRe = [], _tailIm = [];   // Σ_{k≥1} X_{m−k}·H_k for the partition being filled
    float[] _accRe = [], _accIm = [];
    float[] _window = [];                 // [previous partition | current partition, zero beyond _fill]
    float[] _timeOut = [];
    int _fill;

    /// <param name="impulseResponse">The IR at the rate the convolver will run at (copied).</param>
    /// <param name="partitionFrames">Partition size P (power of two ≥ 16); null picks it from the block size
    /// in <see cref="Prepare"/>.</param>
    public PartitionedConvolver(ReadOnlySpan<float> impulseResponse, int? partitionFrames = null)
    {
        if (impulseResponse.IsEmpty) throw new ArgumentException("the impulse response is empty", nameof(impulseResponse));
        if (partitionFrames is int p && (p < 16 || !BitOperations.IsPow2(p)))
            throw new ArgumentOutOfRangeException(nameof(partitionFrames), p, "must be a power of two ≥ 16");
        _impulseResponse = impulseResponse.ToArray();
        _partitionOverride = partitionFrames;
    }

    public int LatencyFrames => 0;
    public int ImpulseResponseFrames => _impulseResponse.Length;
    public int PartitionFrames => _partition;

    /// <summary>The partition size chosen for a block size: the block rounded up to a power of two within
    /// [64, 1024]. Smaller partitions cost a transform pair per call whatever its length; larger ones make each
    /// completed partition's multiply-accumulate pass longer.</summary>
    public static int DefaultPartitionFrames(int maxBlockFrames) =>
        (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Max(maxBlockFrames, 1)), 64u, 1024u);

    /// <summary>Loader thread: transforms the IR partitions and sizes every buffer. Allocates.</summary>
    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockFrames, 1);
        _partition = _partitionOverride ?? DefaultPartitionFrames(maxBlockFrames);
        _fft = new RealFft(2 * _partition);
        _bins = _partition + 1;
        _partitionCount = (_impulseResponse.Length + _partition - 1) / _partition;
        _irRe = new float[_partitionCount * _bins];
        _irIm = new float[_partitionCount * _bins];
        var padded = new float[2 * _partition];
        for (int k = 0; k < _partitionCount; k++)
        {
            Array.Clear(padded);
            int start = k * _partition;
            int count = Math.Min(_partition, _impulseResponse.Length - start);
            _impulseResponse.AsSpan(start, count).CopyTo(padded);
            _fft.Forward(padded, _irRe.AsSpan(k * _bins, _bins), _irIm.AsSpan(k * _bins, _bins));
        }
        _fdlRe = new float[_partitionCount * _bins];
        _fdlIm = new float[_partitionCount * _bins];
        _tailRe = new float[_bins];
        _tailIm = new float[_bins];
        _accRe = new float[_bins];
        _accIm = new float[_bins];
        _window = new float[2 * _partition];
        _timeOut = new float[2 * _partition];
        Reset();
    }

    public void Reset()
    {
        Array.Clear(_fdlRe);
        Array.Clear(_fdlIm);
        Array.Clear(_tailRe);
        Array.Clear(_tailIm);
        Array.Clear(_window);
        _fdlHead = 0;
        _fill = 0;
    }

    /// <summary>Engine thread; in place; any length; allocation-free.</summary>
    public void Process(Span<float> block)
    {
        while (!block.IsEmpty)
        {
            int count = Math.Min(block.Length, _partition - _fill);
            ProcessPiece(block[..count]);
            block = block[count..];
        }
    }

    void ProcessPiece(Span<float> piece)
    {
        int p = _partition, bins = _bins;
        piece.CopyTo(_window.AsSpan(p + _fill));

        // The spectrum of the current window goes straight into the next delay-line slot; it is final once
        // the partition is full, and overwritten by each call until then.
        int slot = _fdlHead + 1 == _partitionCount ? 0 : _fdlHead + 1;
        var xRe = _fdlRe.AsSpan(slot * bins, bins);
        var xIm = _fdlIm.AsSpan(slot * bins, bins);
        _fft.Forward(_window, xRe, xIm);

        _tailRe.CopyTo(_accRe);
        _tailIm.CopyTo(_accIm);
        ComplexMac.Apply(xRe, xIm, _irRe.AsSpan(0, bins), _irIm.AsSpan(0, bins), _accRe, _accIm);
        _fft.Inverse(_accRe, _accIm, _timeOut);
        _timeOut.AsSpan(p + _fill, piece.Length).CopyTo(piece);

        _fill += piece.Length;
        if (_fill < p) return;

        // Partition complete: slide the window and precompute the older partitions' sum for the next one.
        _fdlHead = slot;
        _fill = 0;
        _window.AsSpan(p, p).CopyTo(_window);
        _window.AsSpan(p, p).Clear();
        Array.Clear(_tailRe);
        Array.Clear(_tailIm);
        // Next window m+1 uses X_{m+1−k}·H_k for k ≥ 1, i.e. the newest completed slot (head) with H_1, and so on.
        int source = _fdlHead;
        for (int k = 1; k < _partitionCount; k++)
        {
            ComplexMac.Apply(_fdlRe.AsSpan(source * bins, bins), _fdlIm.AsSpan(source * bins, bins),
                             _irRe.AsSpan(k * bins, bins), _irIm.AsSpan(k * bins, bins), _tailRe, _tailIm);
            source = source == 0 ? _partitionCount - 1 : source - 1;
        }
    }
}
