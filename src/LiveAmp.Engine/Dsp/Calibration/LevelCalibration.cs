using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Chain;

namespace LiveAmp.Engine.Dsp.Calibration;

/// <summary>Input and output gains from a model's metadata, as NAM's plugin computes them
/// (model-formats.md §3.5.1). Pure functions, any thread.
/// <para>Input: the user's Input knob, plus — when input calibration is on and the model knows the analog level
/// it was captured at — <c>interfaceLevelDbu − input_level_dbu</c>, so that a guitar hits the model as hard as
/// it hit the real amp.</para>
/// <para>Output: the Output knob plus, by mode: Raw 0; Normalized <c>−18 − loudness</c>, which brings every
/// model's output for NAM's standard input to <see cref="NormalizedLoudnessDb"/> (−18 dB RMS); Calibrated
/// <c>output_level_dbu − interfaceLevelDbu</c>. A model without the field needed gets 0 dB for that term.</para>
/// </summary>
public static class LevelCalibration
{
    /// <summary>The loudness (dB RMS of the output for NAM's standard input) that Normalized mode aims at.</summary>
    public const double NormalizedLoudnessDb = -18.0;

    /// <summary>NAM's default for a 0 dBFS-peak sine at the interface input, dBu.</summary>
    public const double DefaultInterfaceLevelDbu = 12.0;

    /// <summary>Gain in dB applied before the model.</summary>
    public static double InputGainDb(double inputKnobDb, bool calibrateInput, double interfaceLevelDbu, ModelMetadata metadata)
    {
        double calibration = calibrateInput && metadata.InputLevelDbu is double modelDbu ? interfaceLevelDbu - modelDbu : 0;
        return inputKnobDb + calibration;
    }

    /// <summary>Gain in dB applied after the model (and before the tone stack and cabinet).</summary>
    public static double OutputGainDb(double outputKnobDb, OutputCalibration mode, double interfaceLevelDbu, ModelMetadata metadata)
    {
        double term = mode switch
        {
            OutputCalibration.Normalized => metadata.Loudness is double loudness ? NormalizedLoudnessDb - loudness : 0,
            OutputCalibration.Calibrated => metadata.OutputLevelDbu is double outputDbu ? outputDbu - interfaceLevelDbu : 0,
            _ => 0,
        };
        return outputKnobDb + term;
    }

    /// <summary>True when <paramref name="mode"/> can be honoured for this model (the UI greys it out otherwise).</summary>
    public static bool Supports(OutputCalibration mode, ModelMetadata metadata) => mode switch
    {
        OutputCalibration.Normalized => metadata.Loudness is not null,
        OutputCalibration.Calibrated => metadata.OutputLevelDbu is not null,
        _ => true,
    };
}
