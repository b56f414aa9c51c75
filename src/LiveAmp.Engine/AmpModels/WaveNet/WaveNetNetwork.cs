using System.Numerics.Tensors;
using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.WaveNet;

/// <summary>A whole NAM WaveNet on channel-major blocks (§2.4.4): optional condition DSP, the layer arrays chained
/// by their layer outputs and head sums, the head scale, and the optional post-stack head.</summary>
public sealed class WaveNetNetwork
{
    readonly LayerArray[] _arrays;
    readonly float _headScale;
    readonly PostHeadConfig? _postHeadConfig;
    readonly Conv1d[] _postHead;
    readonly WaveNetNetwork? _conditionDsp;
    Rows[] _headOuts = [];
    Rows[] _postOuts = [];
    Rows _condition;

    public WaveNetNetwork(int inChannels, LayerArray[] arrays, float headScale, PostHeadConfig? postHeadConfig,
                          Conv1d[] postHead, WaveNetNetwork? conditionDsp)
    {
        InChannels = inChannels;
        _arrays = arrays;
        _headScale = headScale;
        _postHeadConfig = postHeadConfig;
        _postHead = postHead;
        _conditionDsp = conditionDsp;
        OutChannels = postHead.Length > 0 ? postHead[^1].OutChannels : arrays[^1].HeadOutChannels;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public float HeadScale => _headScale;
    public IReadOnlyList<LayerArray> Arrays => _arrays;
    public WaveNetNetwork? ConditionDsp => _conditionDsp;
    public bool HasPostHead => _postHead.Length > 0;

    /// <summary>§2.4.10: zeros NAM runs before the first sample.</summary>
    public int PrewarmFrames => (_conditionDsp?.PrewarmFrames ?? 1) + _arrays.Sum(a => a.Lookback) + _postHead.Sum(c => c.Lookback);

    public int ReceptiveFieldFrames => PrewarmFrames - 1;

    public long Macs => (_conditionDsp?.Macs ?? 0) + _arrays.Sum(a => a.Macs) + _postHead.Sum(c => c.Macs);

    public void Prepare(int maxFrames)
    {
        _conditionDsp?.Prepare(maxFrames);
        foreach (var array in _arrays) array.Prepare(maxFrames);
        foreach (var conv in _postHead) conv.Prepare(maxFrames);
        _headOuts = _arrays.Select(a => Rows.Allocate(a.HeadOutChannels, maxFrames)).ToArray();
        _postOuts = _postHead.Select(c => Rows.Allocate(c.OutChannels, maxFrames)).ToArray();
        _condition = Rows.Allocate(_conditionDsp?.OutChannels ?? 1, maxFrames);
    }

    public void Clear()
    {
        _conditionDsp?.Clear();
        foreach (var array in _arrays) array.Clear();
        foreach (var conv in _postHead) conv.Clear();
    }

    /// <summary>Runs <paramref name="n"/> frames of <paramref name="input"/> (InChannels rows) into
    /// <paramref name="output"/> (OutChannels rows).</summary>
    public void Process(Rows input, Rows output, int n)
    {
        var cond = input;
        if (_conditionDsp is not null)
        {
            _conditionDsp.Process(input, _condition, n);
            cond = _condition;
        }
        for (int i = 0; i < _arrays.Length; i++)
            _arrays[i].Process(i == 0 ? input : _arrays[i - 1].Output, cond, i == 0 ? null : _headOuts[i - 1], _headOuts[i], n);

        var head = _headOuts[^1];
        if (_postHead.Length == 0)
        {
            for (int c = 0; c < OutChannels; c++) TensorPrimitives.Multiply(head.Row(c, n), _headScale, output.Row(c, n));
            return;
        }
        // Post-stack head: the activation comes before every conv, the first one included.
        var g = head;
        for (int i = 0; i < _postHead.Length; i++)
        {
            var convIn = _postHead[i].BeginInput(n);
            for (int c = 0; c < g.Count; c++)
            {
                var row = convIn.Row(c, n);
                if (i == 0) TensorPrimitives.Multiply(g.Row(c, n), _headScale, row); else g.Row(c, n).CopyTo(row);
                _postHeadConfig!.Activation.Apply(row, c);
            }
            var dst = i == _postHead.Length - 1 ? output : _postOuts[i];
            _postHead[i].Compute(dst, n);
            g = dst;
        }
    }
}
