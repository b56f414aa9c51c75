namespace LiveAmp.Engine.Layers;

/// <summary>The past of a channel-major signal in one long buffer per layer, so that a dilated tap is a contiguous
/// span behind the current block and nothing is copied per block. Each row holds <see cref="Lookback"/> old frames
/// before the write position; when a row is full, the last <see cref="Lookback"/> frames move to its start
/// (amortised: at most one float per frame and channel).</summary>
public sealed class History
{
    float[] _data = [];
    int _stride, _position;

    public History(int channels, int lookback)
    {
        Channels = channels;
        Lookback = lookback;
    }

    public int Channels { get; }
    public int Lookback { get; }

    /// <summary>Allocates room for blocks of up to <paramref name="maxFrames"/>; the past is zero.</summary>
    public void Prepare(int maxFrames)
    {
        // Room for several blocks so the rewind copy is rare (at most about one float per frame and channel).
        _stride = Lookback + Math.Max(2 * maxFrames, Math.Clamp(Lookback, 256, 8192));
        _data = new float[_stride * Math.Max(1, Channels)];
        Clear();
    }

    public void Clear()
    {
        Array.Clear(_data);
        _position = Lookback;
    }

    public float[] Data => _data;
    public int Stride => _stride;
    public int Position => _position;

    /// <summary>Where the next <paramref name="frames"/> frames go (written by the caller before it reads taps).</summary>
    public Rows Begin(int frames)
    {
        if (_position + frames > _stride)
        {
            for (int c = 0; c < Channels; c++)
                Array.Copy(_data, c * _stride + _position - Lookback, _data, c * _stride, Lookback);
            _position = Lookback;
        }
        return new Rows(_data, _position, _stride, Channels);
    }

    /// <summary>The frames written since <see cref="Begin"/> become the past.</summary>
    public void Advance(int frames) => _position += frames;
}
