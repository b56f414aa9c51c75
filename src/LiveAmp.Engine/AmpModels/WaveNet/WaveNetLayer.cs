using System.Numerics.Tensors;
using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.WaveNet;

/// <summary>One residual layer of a layer array (model-formats.md §2.4.4): dilated conv + input mixin, FiLMs,
/// activation and gating, then the 1×1 back to the residual stream and the contribution to the head sum.</summary>
public sealed class WaveNetLayer
{
    readonly WaveNetLayerConfig _config;
    readonly int _channels, _bottleneck, _gateChannels, _headChannels;
    readonly Conv1d _conv;
    readonly Conv1x1 _mixin;
    readonly Conv1x1? _layer1x1, _head1x1;
    readonly Film?[] _films;
    readonly int _fusedActivation; // 0: the general path; 1/2: conv, mixin, tanh and head sum in one pass
    Rows _z, _mixed, _input, _condFilm, _residual, _head, _blendRow;

    public WaveNetLayer(LayerArrayConfig array, WaveNetLayerConfig config, Conv1d conv, Conv1x1 mixin,
                        Conv1x1? layer1x1, Conv1x1? head1x1, Film?[] films)
    {
        _config = config;
        _channels = array.Channels;
        _bottleneck = array.Bottleneck;
        _gateChannels = array.GateChannels(config);
        _headChannels = array.HeadInputChannels;
        _conv = conv; _mixin = mixin; _layer1x1 = layer1x1; _head1x1 = head1x1; _films = films;
        bool plain = config.Gating == GatingMode.None && head1x1 is null && films.All(f => f is null);
        _fusedActivation = !plain ? 0 : config.Primary.Type switch
        {
            Activation.Kind.Tanh => 1,
            Activation.Kind.FastTanh => 2,
            _ => 0,
        };
    }

    public int Lookback => _conv.Lookback;

    public long Macs => _conv.Macs + _mixin.Macs + (_layer1x1?.Macs ?? 0) + (_head1x1?.Macs ?? 0)
                        + _films.Sum(f => f?.Macs ?? 0);

    Film? F(FilmSlot slot) => _films[(int)slot];

    public void Prepare(int maxFrames)
    {
        _conv.Prepare(maxFrames);
        foreach (var film in _films) film?.Prepare(maxFrames);
        _z = Rows.Allocate(_gateChannels, maxFrames);
        _mixed = Rows.Allocate(_gateChannels, maxFrames);
        _input = Rows.Allocate(_channels, maxFrames);
        _condFilm = Rows.Allocate(F(FilmSlot.InputMixinPre)?.Dim ?? 1, maxFrames);
        _residual = Rows.Allocate(_channels, maxFrames);
        _head = Rows.Allocate(_headChannels, maxFrames);
        _blendRow = Rows.Allocate(1, maxFrames);
    }

    public void Clear() => _conv.Clear();

    /// <summary>Where the array writes this layer's input h: straight into the conv's history unless a FiLM
    /// sits before the conv.</summary>
    public Rows BeginInput(int frames) => F(FilmSlot.ConvPre) is null ? _conv.BeginInput(frames) : _input;

    /// <summary>Runs the layer on the input written at <see cref="BeginInput"/>: writes h + r into
    /// <paramref name="next"/> and adds the head contribution to <paramref name="headSum"/>.</summary>
    public void Process(Rows h, Rows cond, Rows next, Rows headSum, int n)
    {
        if (_fusedActivation != 0)
        {
            // The common A1 layer: one pass for conv + mixin + tanh + head sum, one for the 1×1 + residual.
            _conv.ComputeFused(_z, n, new Kernels.TapConv.Epilogue(_mixin.Weights, cond.Data, cond.Start, cond.Stride, cond.Count,
                _fusedActivation, headSum.Data, headSum.Start, headSum.Stride, _headChannels));
            Residual(h, _z, cond, next, n);
            return;
        }
        if (F(FilmSlot.ConvPre) is { } convPre) convPre.Apply(h, _conv.BeginInput(n), cond, n);
        var z = _z;
        _conv.Compute(z, n);
        F(FilmSlot.ConvPost)?.Apply(z, z, cond, n);

        var v = cond;
        if (F(FilmSlot.InputMixinPre) is { } mixPre) { mixPre.Apply(cond, _condFilm, cond, n); v = _condFilm; }
        if (F(FilmSlot.InputMixinPost) is { } mixPost)
        {
            _mixin.Apply(v, _mixed, n);
            mixPost.Apply(_mixed, _mixed, cond, n);
            for (int c = 0; c < _gateChannels; c++) TensorPrimitives.Add(z.Row(c, n), _mixed.Row(c, n), z.Row(c, n));
        }
        else _mixin.Apply(v, z, n, accumulate: true);
        F(FilmSlot.ActivationPre)?.Apply(z, z, cond, n);

        Gate(z, n);
        var a = z.Slice(0, _bottleneck);
        F(FilmSlot.ActivationPost)?.Apply(a, a, cond, n);

        Residual(h, a, cond, next, n);

        if (_head1x1 is null) headSum.Add(a, n);
        else if (F(FilmSlot.Head1x1Post) is { } headPost)
        {
            _head1x1.Apply(a, _head, n);
            headPost.Apply(_head, _head, cond, n);
            headSum.Add(_head, n);
        }
        else _head1x1.Apply(a, headSum, n, accumulate: true);
    }

    /// <summary>next = h + r: the layer's original input plus the 1×1 (Core applies layer1x1_post_film only in
    /// blended layers).</summary>
    void Residual(Rows h, Rows a, Rows cond, Rows next, int n)
    {
        var layerPost = _config.Gating == GatingMode.Blended ? F(FilmSlot.Layer1x1Post) : null;
        if (_layer1x1 is null)
            for (int c = 0; c < _channels; c++) TensorPrimitives.Add(h.Row(c, n), a.Row(c, n), next.Row(c, n));
        else if (layerPost is null) _layer1x1.ApplyAdding(a, h, next, n);
        else
        {
            _layer1x1.Apply(a, _residual, n);
            layerPost.Apply(_residual, _residual, cond, n);
            for (int c = 0; c < _channels; c++) TensorPrimitives.Add(h.Row(c, n), _residual.Row(c, n), next.Row(c, n));
        }
    }

    void Gate(Rows z, int n)
    {
        int b = _bottleneck;
        switch (_config.Gating)
        {
            case GatingMode.None:
                _config.Primary.Apply(z, n);
                break;
            case GatingMode.Gated:
                for (int c = 0; c < b; c++)
                {
                    var top = z.Row(c, n); var bottom = z.Row(b + c, n);
                    _config.Primary.Apply(top, c);
                    _config.Secondary.Apply(bottom, c);
                    TensorPrimitives.Multiply(top, bottom, top);
                }
                break;
            case GatingMode.Blended:
                var activated = _blendRow.Row(0, n);
                for (int c = 0; c < b; c++)
                {
                    var top = z.Row(c, n); var beta = z.Row(b + c, n);
                    _config.Secondary.Apply(beta, c);
                    top.CopyTo(activated);
                    _config.Primary.Apply(activated, c);
                    for (int t = 0; t < n; t++) top[t] = beta[t] * activated[t] + (1f - beta[t]) * top[t];
                }
                break;
        }
    }
}
