using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.AmpModels.TubeSaturator;
using LiveAmp.Engine.Dsp;
using LiveAmp.Engine.Dsp.Cabinet;
using LiveAmp.Engine.Dsp.Calibration;
using LiveAmp.Engine.Dsp.Convolution;
using LiveAmp.Engine.Dsp.Gate;
using LiveAmp.Engine.Dsp.Resampling;
using LiveAmp.Engine.Dsp.ToneStack;
using LiveAmp.Engine.Formats.Wav;

namespace LiveAmp.Engine.Chain;

/// <summary>Turns a validated <see cref="ChainSettings"/> into a prepared <see cref="SignalChain"/>: loads the model
/// (or builds the DSP amp), reads and prepares the IR, computes the calibration gains. Loader thread only: it reads
/// files, allocates and throws located errors (<see cref="Diagnostics.FileFormatException"/>) for bad ones, so a bad
/// preset never reaches the engine and the previous chain keeps playing.</summary>
public static class ChainBuilder
{
    /// <summary>The rate a model runs at when its file does not say (NAM's assumption).</summary>
    public const int DefaultModelRate = 48_000;

    public static SignalChain Build(ChainSettings settings, int sampleRate, int maxBlockFrames)
    {
        var parameters = new ChainParameters();
        parameters.SetFrom(settings);

        IProcessor? amp = null;
        double inputOffsetDb = 0, ampLevelDb = 0;
        string? ampName = null;
        ModelInfo? ampInfo = null;
        int modelRate = sampleRate;
        if (settings.Amp is { } ampSettings)
        {
            IAmpModel model;
            if (ampSettings.ModelPath is string path)
            {
                model = ModelLoader.Load(path, new ModelOptions { Tanh = ampSettings.FastTanh ? TanhMode.Fast : TanhMode.Exact });
                ampName = Path.GetFileName(path);
                modelRate = (int)Math.Round(model.Metadata.SampleRate ?? DefaultModelRate);
                inputOffsetDb = LevelCalibration.InputGainDb(0, ampSettings.CalibrateInput, ampSettings.InterfaceLevelDbu, model.Metadata);
                ampLevelDb = LevelCalibration.OutputGainDb(0, ampSettings.OutputMode, ampSettings.InterfaceLevelDbu, model.Metadata);
            }
            else
            {
                model = new TubeSaturator(TubeSaturatorSettings.From(ampSettings.Dsp));
                ampName = $"DSP amp ({ampSettings.Dsp.Character})";
            }
            ampInfo = model.Info;
            amp = modelRate == sampleRate ? model : new ModelRateAdapter(model, modelRate);
        }

        IProcessor? cab = null;
        string? cabName = null;
        int cabFrames = 0;
        if (settings.Cab is { } cabSettings)
        {
            var wav = WavReader.ReadMono(cabSettings.IrPath);
            var ir = ImpulseResponse.Prepare(cabSettings.IrPath, wav.Channels[0], wav.SampleRate, sampleRate,
                (x, from, to) => Resampler.ResampleAll(x, from, to), cabSettings.TrimMs);
            cab = new Convolver(ir);
            cabName = Path.GetFileName(cabSettings.IrPath);
            cabFrames = ir.Length;
        }

        var gate = settings.Gate.Enabled
            ? new NoiseGate(parameters[Knob.GateThresholdDb], settings.Gate.HysteresisDb, settings.Gate.AttackMs,
                            settings.Gate.HoldMs, settings.Gate.ReleaseMs)
            : null;
        var toneStack = settings.Eq.Enabled ? new ToneStackFilter() : null;

        var description = new ChainDescription(ampName, ampInfo, modelRate, amp is ModelRateAdapter, cabName, cabFrames);
        var chain = new SignalChain(parameters, amp, inputOffsetDb, ampLevelDb, gate, toneStack, cab, description);
        chain.Prepare(sampleRate, maxBlockFrames);
        return chain;
    }
}
