using System.Text.Json;
using LiveAmp.Engine.Formats.Json;
using LiveAmp.Engine.Formats.Nam;
using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.WaveNet;

/// <summary>Builds NAM's WaveNet (model-formats.md §2.4) from a .nam config: legacy (0.5.x) and new (0.6/0.7) keys,
/// every option NAM Core reads, an optional WaveNet condition DSP. The config is checked and the weight count
/// computed before anything large is allocated.</summary>
public static class NamWaveNetReader
{
    static readonly string[] FilmKeys =
        ["conv_pre_film", "conv_post_film", "input_mixin_pre_film", "input_mixin_post_film",
         "activation_pre_film", "activation_post_film", "layer1x1_post_film", "head1x1_post_film"];

    public static IAmpModel Read(JsonField config, JsonField weightsField, ModelMetadata metadata, ModelOptions options)
    {
        var plan = Plan(config, options, inChannels: 1, metadata.SampleRate);
        if (plan.OutChannels != 1)
            throw config.Error($"the model has {plan.OutChannels} output channels; LiveAmp runs mono (1 in, 1 out) models");
        var weights = NamReader.ReadWeights(weightsField, plan.WeightCount, "WaveNet");
        var network = Build(plan, weights);
        weights.ExpectEnd("WaveNet");
        return new WaveNetModel(network, Describe(plan), weights.Count, options) { Metadata = metadata };
    }

    /// <summary>A checked config, its weight count and (for a condition DSP) the nested plan and weights.</summary>
    sealed record WaveNetPlan(JsonField Config, int InChannels, LayerArrayConfig[] Arrays, PostHeadConfig? PostHead,
                              long WeightCount, int OutChannels, WaveNetPlan? Condition, WeightReader? ConditionWeights);

    static WaveNetPlan Plan(JsonField config, ModelOptions options, int inChannels, double? sampleRate)
    {
        config.RequireObject();
        if (config.Find("in_channels") is { } inField && inField.GetInt(1, NamLimits.MaxChannels) != inChannels)
            throw inField.Error($"expected {inChannels} input channel(s), got {inField.Describe()}");
        config.Get("head_scale").GetDouble(); // required by Core; the value used is the last weight (§2.4.5)

        WaveNetPlan? condition = null;
        WeightReader? conditionWeights = null;
        if (config.Find("condition_dsp") is { } nested)
            (condition, conditionWeights) = PlanConditionDsp(nested.RequireObject(), options, inChannels, sampleRate);

        var layersField = config.Get("layers");
        int arrayCount = layersField.Length;
        if (arrayCount < 1 || arrayCount > NamLimits.MaxLayerArrays)
            throw layersField.Error($"expected 1 to {NamLimits.MaxLayerArrays} layer arrays, got {arrayCount:N0}");
        int conditionChannels = condition?.OutChannels ?? inChannels;
        var arrays = new LayerArrayConfig[arrayCount];
        long count = 1; // head_scale
        long history = 0, receptive = 0;
        for (int a = 0; a < arrayCount; a++)
        {
            var field = layersField[a].RequireObject();
            var array = arrays[a] = ReadArray(field, options);
            if (array.ConditionSize != conditionChannels)
                throw field.Get("condition_size").Error(condition is null
                    ? $"condition_size {array.ConditionSize} needs a condition_dsp; without one the condition is the {inChannels}-channel input"
                    : $"condition_size {array.ConditionSize} must equal the condition_dsp's {conditionChannels} output channels");
            int expectedInput = a == 0 ? inChannels : arrays[a - 1].Channels;
            if (array.InputSize != expectedInput)
                throw field.Get("input_size").Error(a == 0
                    ? $"expected {expectedInput} (the model's input channels), got {array.InputSize}"
                    : $"expected {expectedInput} (channels of layer array {a - 1}), got {array.InputSize}");
            if (a > 0 && array.HeadInputChannels != arrays[a - 1].HeadOutChannels)
                throw field.Error($"the head sum has {array.HeadInputChannels} channels here but layer array {a - 1}'s head outputs {arrays[a - 1].HeadOutChannels}");
            count += ArrayWeights(array);
            foreach (var layer in array.Layers)
            {
                history += (long)array.Channels * (layer.KernelSize - 1) * layer.Dilation;
                receptive += (long)(layer.KernelSize - 1) * layer.Dilation;
            }
            history += (long)array.HeadInputChannels * (array.HeadKernelSize - 1) * array.HeadDilation;
            receptive += (long)(array.HeadKernelSize - 1) * array.HeadDilation;
            if (count > NamLimits.MaxWeights)
                throw field.Error($"this config needs more than {NamLimits.MaxWeights:N0} weights; refused before allocating");
            if (history > NamLimits.MaxHistoryFloats || receptive > NamLimits.MaxReceptiveField)
                throw field.Error($"the dilations imply a receptive field of {receptive:N0} frames and {history:N0} floats of history; at most {NamLimits.MaxReceptiveField:N0} frames and {NamLimits.MaxHistoryFloats:N0} floats are accepted");
        }

        PostHeadConfig? postHead = null;
        int outChannels = arrays[^1].HeadOutChannels;
        if (config.Find("head") is { } headField)
        {
            postHead = ReadPostHead(headField.RequireObject(), options, outChannels);
            for (int i = 0; i < postHead.KernelSizes.Length; i++)
            {
                int cin = i == 0 ? outChannels : postHead.Channels;
                int cout = i == postHead.KernelSizes.Length - 1 ? postHead.OutChannels : postHead.Channels;
                count += NamWeights.ConvCount(cin, cout, postHead.KernelSizes[i], true, 1);
                CheckPrelu(postHead.Activation, cin, headField.Get("activation"));
            }
            outChannels = postHead.OutChannels;
        }
        if (count > NamLimits.MaxWeights)
            throw config.Error($"this config needs more than {NamLimits.MaxWeights:N0} weights; refused before allocating");
        return new WaveNetPlan(config, inChannels, arrays, postHead, count, outChannels, condition, conditionWeights);
    }

    static (WaveNetPlan, WeightReader) PlanConditionDsp(JsonField nested, ModelOptions options, int inChannels, double? sampleRate)
    {
        NamReader.CheckVersion(nested);
        var architecture = nested.Get("architecture");
        if (architecture.GetString() != "WaveNet")
            throw architecture.Error($"a condition_dsp of architecture {architecture.Describe()} is not supported; only a WaveNet condition DSP is");
        double? nestedRate = nested.Find("sample_rate")?.GetDouble();
        if (nestedRate != sampleRate)
            throw (nested.Find("sample_rate") ?? nested).Error(
                $"the condition_dsp's sample rate ({nestedRate?.ToString() ?? "unknown"}) differs from the model's ({sampleRate?.ToString() ?? "unknown"})");
        var plan = Plan(nested.Get("config"), options, inChannels, sampleRate);
        var weights = NamReader.ReadWeights(nested.Get("weights"), plan.WeightCount, "condition_dsp WaveNet");
        return (plan, weights);
    }

    static LayerArrayConfig ReadArray(JsonField field, ModelOptions options)
    {
        if (field.Find("slimmable") is { } slim)
            throw slim.Error("slimmable WaveNets (a \"slimmable\" layer array, .nam 0.7.0) are not supported; export the model at full size without \"slimmable\"");
        int inputSize = field.Get("input_size").GetInt(1, NamLimits.MaxChannels);
        int conditionSize = field.Get("condition_size").GetInt(1, NamLimits.MaxChannels);
        int channels = field.Get("channels").GetInt(1, NamLimits.MaxChannels);
        int bottleneck = field.Find("bottleneck")?.GetInt(1, NamLimits.MaxChannels) ?? channels;

        var dilationsField = field.Get("dilations");
        int n = dilationsField.Length;
        if (n < 1 || n > NamLimits.MaxLayers) throw dilationsField.Error($"expected 1 to {NamLimits.MaxLayers} dilations, got {n:N0}");
        int[] dilations = dilationsField.GetIntArray(1, NamLimits.MaxDilation);

        int[] kernelSizes;
        var kernelSize = field.Find("kernel_size");
        var kernelSizesField = field.Find("kernel_sizes");
        if (kernelSize is { } ks && kernelSizesField is not null)
            throw ks.Error("give either kernel_size or kernel_sizes, not both");
        if (kernelSizesField is { } list)
        {
            if (list.Length != n) throw list.Error($"expected {n} kernel sizes (one per dilation), got {list.Length:N0}");
            kernelSizes = list.GetIntArray(1, NamLimits.MaxKernelSize);
        }
        else
        {
            int k = (kernelSize ?? field.Get("kernel_size")).GetInt(1, NamLimits.MaxKernelSize);
            kernelSizes = Enumerable.Repeat(k, n).ToArray();
        }

        var primary = PerLayer(field.Get("activation"), n, f => NamActivationReader.Read(f, options));
        var gating = ReadGating(field, n);
        var secondary = new Activation[n];
        var secondaryField = field.Find("secondary_activation");
        if (secondaryField is { Kind: JsonValueKind.Array } && field.Find("gating_mode") is { Kind: JsonValueKind.String } single)
            throw secondaryField.Value.Error($"secondary_activation is a list but gating_mode is the single value {single.Describe()}");
        if (secondaryField is { Kind: JsonValueKind.Array } sl && sl.Length != n)
            throw sl.Error($"expected {n} secondary activations (one per layer), got {sl.Length:N0}");
        for (int l = 0; l < n; l++)
        {
            if (gating[l] == GatingMode.None) { secondary[l] = Activation.Simple(Activation.Kind.Sigmoid); continue; }
            JsonField? entry = secondaryField is { Kind: JsonValueKind.Array } arr ? arr[l] : secondaryField;
            secondary[l] = entry is { } e && !e.IsNull && !(e.Kind == JsonValueKind.String && e.GetString() == "")
                ? NamActivationReader.Read(e, options) : Activation.Simple(Activation.Kind.Sigmoid);
        }

        int headOut, headKernel = 1, headDilation = 1;
        bool headBias;
        if (field.Find("head") is { } head)
        {
            head.RequireObject();
            headOut = head.Get("out_channels").GetInt(1, NamLimits.MaxChannels);
            headKernel = head.Get("kernel_size").GetInt(1, NamLimits.MaxKernelSize);
            headBias = head.Get("bias").GetBool();
            headDilation = head.Find("head_dilation")?.GetInt(1, NamLimits.MaxDilation) ?? 1;
        }
        else
        {
            headOut = field.Get("head_size").GetInt(1, NamLimits.MaxChannels);
            headBias = field.Get("head_bias").GetBool();
        }

        bool layer1x1Active = true, head1x1Active = false;
        int layer1x1Groups = 1, head1x1Out = channels, head1x1Groups = 1;
        if (field.Find("layer1x1") is { } l1)
        {
            layer1x1Active = l1.RequireObject().Get("active").GetBool();
            layer1x1Groups = l1.Get("groups").GetInt(1, NamLimits.MaxChannels);
        }
        if (field.Find("head1x1") is { } h1)
        {
            head1x1Active = h1.RequireObject().Get("active").GetBool();
            head1x1Out = h1.Get("out_channels").GetInt(1, NamLimits.MaxChannels);
            head1x1Groups = h1.Get("groups").GetInt(1, NamLimits.MaxChannels);
        }
        int groupsInput = field.Find("groups_input")?.GetInt(1, NamLimits.MaxChannels) ?? 1;
        int groupsMixin = field.Find("groups_input_mixin")?.GetInt(1, NamLimits.MaxChannels) ?? 1;

        var films = new FilmConfig[FilmKeys.Length];
        for (int i = 0; i < FilmKeys.Length; i++) films[i] = ReadFilm(field.Find(FilmKeys[i]));

        var layers = new WaveNetLayerConfig[n];
        for (int l = 0; l < n; l++) layers[l] = new WaveNetLayerConfig(kernelSizes[l], dilations[l], primary[l], gating[l], secondary[l]);
        var config = new LayerArrayConfig(inputSize, conditionSize, channels, bottleneck, layers, headOut, headKernel, headBias,
            headDilation, layer1x1Active, layer1x1Groups, head1x1Active, head1x1Out, head1x1Groups, groupsInput, groupsMixin, films);
        Validate(field, config);
        return config;
    }

    static GatingMode[] ReadGating(JsonField field, int n)
    {
        static GatingMode Parse(JsonField f) => f.GetString() switch
        {
            "none" => GatingMode.None,
            "gated" => GatingMode.Gated,
            "blended" => GatingMode.Blended,
            _ => throw f.Error($"unknown gating_mode {f.Describe()}; expected \"none\", \"gated\" or \"blended\""),
        };
        if (field.Find("gating_mode") is { } mode) return PerLayer(mode, n, Parse);
        bool gated = field.Find("gated")?.GetBool() ?? false;
        return Enumerable.Repeat(gated ? GatingMode.Gated : GatingMode.None, n).ToArray();
    }

    static T[] PerLayer<T>(JsonField field, int n, Func<JsonField, T> read)
    {
        if (field.Kind != JsonValueKind.Array)
        {
            var one = read(field);
            return Enumerable.Repeat(one, n).ToArray();
        }
        if (field.Length != n) throw field.Error($"expected {n} entries (one per layer), got {field.Length:N0}");
        var result = new T[n];
        for (int i = 0; i < n; i++) result[i] = read(field[i]);
        return result;
    }

    static FilmConfig ReadFilm(JsonField? field)
    {
        if (field is not { } f) return FilmConfig.Inactive;
        if (f.Kind is JsonValueKind.False) return FilmConfig.Inactive;
        f.RequireObject();
        bool active = f.Find("active")?.GetBool() ?? true;
        bool shift = f.Find("shift")?.GetBool() ?? true;
        int groups = f.Find("groups")?.GetInt(1, NamLimits.MaxChannels) ?? 1;
        return active ? new FilmConfig(true, shift, groups) : FilmConfig.Inactive;
    }

    static void Validate(JsonField field, LayerArrayConfig c)
    {
        if (!c.Layer1x1Active && c.Bottleneck != c.Channels)
            throw field.Error($"with layer1x1 inactive the bottleneck ({c.Bottleneck}) must equal channels ({c.Channels})");
        if (c.Films[(int)FilmSlot.Layer1x1Post].Active && !c.Layer1x1Active)
            throw field.Get("layer1x1_post_film").Error("layer1x1_post_film needs an active layer1x1");
        if (c.Films[(int)FilmSlot.Head1x1Post].Active && !c.Head1x1Active)
            throw field.Get("head1x1_post_film").Error("head1x1_post_film needs an active head1x1");
        void Divisible(string what, int groups, params int[] sizes)
        {
            foreach (int size in sizes)
                if (size % groups != 0) throw field.Error($"{what}: {size} channels are not divisible by {groups} groups");
        }
        foreach (var layer in c.Layers)
        {
            int g = c.GateChannels(layer);
            Divisible("groups_input", c.GroupsInput, c.Channels, g);
            Divisible("groups_input_mixin", c.GroupsInputMixin, c.ConditionSize, g);
            if (c.Layer1x1Active) Divisible("layer1x1.groups", c.Layer1x1Groups, c.Bottleneck, c.Channels);
            if (c.Head1x1Active) Divisible("head1x1.groups", c.Head1x1Groups, c.Bottleneck, c.Head1x1OutChannels);
            for (int i = 0; i < FilmKeys.Length; i++)
                if (c.Films[i].Active) Divisible(FilmKeys[i] + ".groups", c.Films[i].Groups, c.ConditionSize, (c.Films[i].Shift ? 2 : 1) * c.FilmDim((FilmSlot)i, g));
            CheckPrelu(layer.Primary, c.Bottleneck, field.Get("activation"));
            if (layer.Gating != GatingMode.None) CheckPrelu(layer.Secondary, c.Bottleneck, field.Find("secondary_activation") ?? field);
        }
    }

    static void CheckPrelu(Activation activation, int channels, JsonField field)
    {
        if (activation.RequiredChannels != 0 && activation.RequiredChannels != channels)
            throw field.Error($"PReLU has {activation.RequiredChannels} slopes but is applied to {channels} channels");
    }

    static PostHeadConfig ReadPostHead(JsonField head, ModelOptions options, int inChannels)
    {
        if (head.Find("in_channels") is { } legacy && legacy.GetInt(1, NamLimits.MaxChannels) != inChannels)
            throw legacy.Error($"expected {inChannels} (the last layer array's head size), got {legacy.Describe()}");
        int channels = head.Get("channels").GetInt(1, NamLimits.MaxChannels);
        int outChannels = head.Get("out_channels").GetInt(1, NamLimits.MaxChannels);
        var ksField = head.Get("kernel_sizes");
        if (ksField.Length < 1 || ksField.Length > NamLimits.MaxLayers)
            throw ksField.Error($"expected 1 to {NamLimits.MaxLayers} kernel sizes, got {ksField.Length:N0}");
        var kernelSizes = ksField.GetIntArray(1, NamLimits.MaxKernelSize);
        var activation = NamActivationReader.Read(head.Get("activation"), options);
        return new PostHeadConfig(channels, outChannels, kernelSizes, activation);
    }

    /// <summary>§2.4.3's weight count of one layer array.</summary>
    static long ArrayWeights(LayerArrayConfig c)
    {
        long count = (long)c.InputSize * c.Channels;
        foreach (var layer in c.Layers)
        {
            int g = c.GateChannels(layer);
            count += NamWeights.ConvCount(c.Channels, g, layer.KernelSize, true, c.GroupsInput);
            count += NamWeights.ConvCount(c.ConditionSize, g, 1, false, c.GroupsInputMixin);
            if (c.Layer1x1Active) count += NamWeights.ConvCount(c.Bottleneck, c.Channels, 1, true, c.Layer1x1Groups);
            if (c.Head1x1Active) count += NamWeights.ConvCount(c.Bottleneck, c.Head1x1OutChannels, 1, true, c.Head1x1Groups);
            for (int i = 0; i < c.Films.Length; i++)
                if (c.Films[i].Active)
                    count += NamWeights.ConvCount(c.ConditionSize, (c.Films[i].Shift ? 2 : 1) * c.FilmDim((FilmSlot)i, g), 1, true, c.Films[i].Groups);
        }
        return count + NamWeights.ConvCount(c.HeadInputChannels, c.HeadOutChannels, c.HeadKernelSize, c.HeadBias, 1);
    }

    static WaveNetNetwork Build(WaveNetPlan plan, WeightReader w)
    {
        WaveNetNetwork? condition = null;
        if (plan.Condition is { } nested)
        {
            condition = Build(nested, plan.ConditionWeights!);
            plan.ConditionWeights!.ExpectEnd("condition_dsp WaveNet");
        }
        var arrays = new LayerArray[plan.Arrays.Length];
        for (int a = 0; a < arrays.Length; a++)
        {
            var c = plan.Arrays[a];
            w.Context = $"layer array {a} rechannel";
            var rechannel = new Conv1x1(c.InputSize, c.Channels, NamWeights.ReadConv(w, c.InputSize, c.Channels, 1, 1), []);
            var layers = new WaveNetLayer[c.Layers.Length];
            for (int l = 0; l < layers.Length; l++)
            {
                var lc = c.Layers[l];
                int g = c.GateChannels(lc);
                w.Context = $"layer array {a} layer {l}";
                var conv = new Conv1d(c.Channels, g, lc.KernelSize, lc.Dilation,
                    NamWeights.ReadConv(w, c.Channels, g, lc.KernelSize, c.GroupsInput), NamWeights.ReadBias(w, g, true));
                var mixin = new Conv1x1(c.ConditionSize, g, NamWeights.ReadConv(w, c.ConditionSize, g, 1, c.GroupsInputMixin), []);
                Conv1x1? layer1x1 = c.Layer1x1Active
                    ? new Conv1x1(c.Bottleneck, c.Channels, NamWeights.ReadConv(w, c.Bottleneck, c.Channels, 1, c.Layer1x1Groups),
                                  NamWeights.ReadBias(w, c.Channels, true))
                    : null;
                Conv1x1? head1x1 = c.Head1x1Active
                    ? new Conv1x1(c.Bottleneck, c.Head1x1OutChannels,
                                  NamWeights.ReadConv(w, c.Bottleneck, c.Head1x1OutChannels, 1, c.Head1x1Groups),
                                  NamWeights.ReadBias(w, c.Head1x1OutChannels, true))
                    : null;
                var films = new Film?[FilmKeys.Length];
                for (int i = 0; i < films.Length; i++)
                {
                    var fc = c.Films[i];
                    if (!fc.Active) continue;
                    int dim = c.FilmDim((FilmSlot)i, g), m = (fc.Shift ? 2 : 1) * dim;
                    films[i] = new Film(dim, fc.Shift, new Conv1x1(c.ConditionSize, m,
                        NamWeights.ReadConv(w, c.ConditionSize, m, 1, fc.Groups), NamWeights.ReadBias(w, m, true)));
                }
                layers[l] = new WaveNetLayer(c, lc, conv, mixin, layer1x1, head1x1, films);
            }
            w.Context = $"layer array {a} head";
            var head = new Conv1d(c.HeadInputChannels, c.HeadOutChannels, c.HeadKernelSize, c.HeadDilation,
                NamWeights.ReadConv(w, c.HeadInputChannels, c.HeadOutChannels, c.HeadKernelSize, 1),
                NamWeights.ReadBias(w, c.HeadOutChannels, c.HeadBias));
            arrays[a] = new LayerArray(c, rechannel, layers, head);
        }
        var postHead = new List<Conv1d>();
        if (plan.PostHead is { } ph)
        {
            w.Context = "post-stack head";
            for (int i = 0; i < ph.KernelSizes.Length; i++)
            {
                int cin = i == 0 ? plan.Arrays[^1].HeadOutChannels : ph.Channels;
                int cout = i == ph.KernelSizes.Length - 1 ? ph.OutChannels : ph.Channels;
                postHead.Add(new Conv1d(cin, cout, ph.KernelSizes[i], 1,
                    NamWeights.ReadConv(w, cin, cout, ph.KernelSizes[i], 1), NamWeights.ReadBias(w, cout, true)));
            }
        }
        w.Context = "head_scale (the last weight)";
        float headScale = w.Next();
        return new WaveNetNetwork(plan.InChannels, arrays, headScale, plan.PostHead, postHead.ToArray(), condition);
    }

    static string Describe(WaveNetPlan plan)
    {
        var arrays = plan.Arrays;
        string channels = string.Join("/", arrays.Select(a => a.Channels));
        string kernels = string.Join("/", arrays.SelectMany(a => a.Layers.Select(l => l.KernelSize)).Distinct());
        string activations = string.Join("/", arrays.SelectMany(a => a.Layers.Select(l => l.Primary.Name)).Distinct());
        string gating = arrays.Any(a => a.Layers.Any(l => l.Gating != GatingMode.None)) ? ", gated" : "";
        string extras = (plan.Condition is not null ? ", condition DSP" : "") + (plan.PostHead is not null ? ", post-stack head" : "");
        return $"{arrays.Length} array{(arrays.Length == 1 ? "" : "s")}, {channels} channels, K {kernels}, {activations}{gating}{extras}";
    }
}
