using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.WaveNet;

/// <summary>How a layer combines the two halves of its conv output (model-formats.md §2.0.5).</summary>
public enum GatingMode { None, Gated, Blended }

/// <summary>One of the eight optional FiLM positions of a layer array (§2.4.2).</summary>
public sealed record FilmConfig(bool Active, bool Shift, int Groups)
{
    public static FilmConfig Inactive { get; } = new(false, true, 1);
}

/// <summary>Positions of the FiLMs, in the order their weights are stored (§2.4.3).</summary>
public enum FilmSlot { ConvPre, ConvPost, InputMixinPre, InputMixinPost, ActivationPre, ActivationPost, Layer1x1Post, Head1x1Post }

public sealed record WaveNetLayerConfig(int KernelSize, int Dilation, Activation Primary, GatingMode Gating, Activation Secondary);

/// <summary>A layer array as NAM Core reads it, legacy and new keys resolved (§2.4.2).</summary>
public sealed record LayerArrayConfig(
    int InputSize, int ConditionSize, int Channels, int Bottleneck, WaveNetLayerConfig[] Layers,
    int HeadOutChannels, int HeadKernelSize, bool HeadBias, int HeadDilation,
    bool Layer1x1Active, int Layer1x1Groups, bool Head1x1Active, int Head1x1OutChannels, int Head1x1Groups,
    int GroupsInput, int GroupsInputMixin, FilmConfig[] Films)
{
    /// <summary>Width of each layer's head contribution and input width of the head rechannel.</summary>
    public int HeadInputChannels => Head1x1Active ? Head1x1OutChannels : Bottleneck;

    public int GateChannels(WaveNetLayerConfig layer) => layer.Gating == GatingMode.None ? Bottleneck : 2 * Bottleneck;

    /// <summary>The channel count a FiLM at <paramref name="slot"/> modulates, for a layer with gate width <paramref name="g"/>.</summary>
    public int FilmDim(FilmSlot slot, int g) => slot switch
    {
        FilmSlot.ConvPre => Channels,
        FilmSlot.InputMixinPre => ConditionSize,
        FilmSlot.ActivationPost => Bottleneck,
        FilmSlot.Layer1x1Post => Channels,
        FilmSlot.Head1x1Post => Head1x1OutChannels,
        _ => g,
    };
}

/// <summary>The optional post-stack head (§2.4.6).</summary>
public sealed record PostHeadConfig(int Channels, int OutChannels, int[] KernelSizes, Activation Activation);
