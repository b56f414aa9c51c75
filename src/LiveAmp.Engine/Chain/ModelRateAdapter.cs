using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Dsp;
using LiveAmp.Engine.Dsp.Resampling;

namespace LiveAmp.Engine.Chain;

/// <summary>Runs a model trained at one rate inside a chain running at another: resample up (or down) to the model's
/// rate, run the model, resample back. The two resamplers hand over a varying number of frames per block, so the output
/// goes through a FIFO primed with enough silence that a block can always be filled: a constant delay, reported in
/// <see cref="LatencyFrames"/>, keeps the output independent of how the input is cut into blocks.</summary>
public sealed class ModelRateAdapter(IAmpModel model, int modelRate) : IProcessor
{
    readonly Resampler _toModel = new(), _fromModel = new();
    float[] _modelBlock = [], _back = [], _fifo = [];
    int _fifoStart, _fifoCount, _maxBlock;

    // The resamplers emit each frame as soon as its time has come (their delay is in the signal, not the count), so
    // the two together fall behind the input count by at most a frame of rounding each: priming the FIFO with that
    // much silence means a whole block is always there to take.
    const int PrimeFrames = 2;

    // Live, every millisecond counts: 110 dB keeps images and aliases far below a guitar amp's noise floor and costs
    // about 2 ms per resampler at 44.1/48 kHz, against 3 ms for the default (sox-grade) 175 dB design.
    const double LiveStopbandDb = 110;

    public IAmpModel Model => model;
    public int ModelRate => modelRate;

    /// <summary>Whole frames of delay at the chain's rate (the resamplers' and the FIFO's), rounded.</summary>
    public int LatencyFrames { get; private set; }

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        _maxBlock = maxBlockFrames;
        _toModel.Prepare(sampleRate, modelRate, maxBlockFrames, LiveStopbandDb);
        int modelFrames = _toModel.MaxOutputFrames(maxBlockFrames);
        model.Prepare(modelRate, modelFrames);
        _fromModel.Prepare(modelRate, sampleRate, modelFrames, LiveStopbandDb);
        _modelBlock = new float[modelFrames];
        _back = new float[_fromModel.MaxOutputFrames(modelFrames)];
        _fifo = new float[PrimeFrames + _back.Length + 2 * maxBlockFrames];
        double latencySeconds = _toModel.LatencySeconds + _fromModel.LatencySeconds + (double)PrimeFrames / sampleRate;
        LatencyFrames = (int)Math.Round(latencySeconds * sampleRate);
        Reset();
    }

    public void Reset()
    {
        _toModel.Reset();
        _fromModel.Reset();
        model.Reset();
        Array.Clear(_fifo);
        _fifoStart = 0;
        _fifoCount = PrimeFrames;
    }

    public void Process(Span<float> block)
    {
        while (block.Length > _maxBlock)
        {
            ProcessChunk(block[.._maxBlock]);
            block = block[_maxBlock..];
        }
        if (!block.IsEmpty) ProcessChunk(block);
    }

    void ProcessChunk(Span<float> block)
    {
        int modelFrames = _toModel.Process(block, _modelBlock);
        var atModelRate = _modelBlock.AsSpan(0, modelFrames);
        model.Process(atModelRate);
        int backFrames = _fromModel.Process(atModelRate, _back);
        Push(_back.AsSpan(0, backFrames));
        Pop(block);
    }

    void Push(ReadOnlySpan<float> frames)
    {
        if (_fifoStart + _fifoCount + frames.Length > _fifo.Length)
        {
            _fifo.AsSpan(_fifoStart, _fifoCount).CopyTo(_fifo);
            _fifoStart = 0;
        }
        frames.CopyTo(_fifo.AsSpan(_fifoStart + _fifoCount));
        _fifoCount += frames.Length;
    }

    void Pop(Span<float> block)
    {
        // Priming makes an underflow impossible for well-behaved resamplers; if it happens anyway, silence is
        // safer than stale samples.
        int n = Math.Min(block.Length, _fifoCount);
        _fifo.AsSpan(_fifoStart, n).CopyTo(block);
        block[n..].Clear();
        _fifoStart += n;
        _fifoCount -= n;
    }
}
