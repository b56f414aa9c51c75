using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Dsp.Calibration;

namespace LiveAmp.Engine.Tests.Dsp.Calibration;

public sealed class LevelCalibrationTests
{
    static readonly ModelMetadata Full = new() { Loudness = -20.020728, InputLevelDbu = 18.3, OutputLevelDbu = 4.5 };

    [Theory]
    [InlineData(0, false, 12, 0)]         // calibration off: the knob alone
    [InlineData(3, false, 12, 3)]
    [InlineData(0, true, 12, -6.3)]       // 12 − 18.3
    [InlineData(-2, true, 20, -0.3)]      // −2 + 20 − 18.3
    public void InputGainDb_WithLevels_MatchesNamsRule(double knob, bool calibrate, double interfaceDbu, double expected) =>
        Assert.Equal(expected, LevelCalibration.InputGainDb(knob, calibrate, interfaceDbu, Full), 9);

    [Fact]
    public void InputGainDb_ModelWithoutLevel_IgnoresCalibration() =>
        Assert.Equal(1.5, LevelCalibration.InputGainDb(1.5, true, 12, ModelMetadata.Empty));

    [Theory]
    [InlineData(OutputCalibration.Raw, 0, 0)]
    [InlineData(OutputCalibration.Normalized, 0, 2.020728)]     // −18 − (−20.020728)
    [InlineData(OutputCalibration.Normalized, -6, -3.979272)]
    [InlineData(OutputCalibration.Calibrated, 0, -7.5)]         // 4.5 − 12
    [InlineData(OutputCalibration.Calibrated, 1, -6.5)]
    public void OutputGainDb_ByMode_MatchesNamsRule(OutputCalibration mode, double knob, double expected) =>
        Assert.Equal(expected, LevelCalibration.OutputGainDb(knob, mode, 12, Full), 9);

    [Theory]
    [InlineData(OutputCalibration.Normalized)]
    [InlineData(OutputCalibration.Calibrated)]
    public void OutputGainDb_FieldMissing_FallsBackToTheKnob(OutputCalibration mode)
    {
        Assert.Equal(-4, LevelCalibration.OutputGainDb(-4, mode, 12, ModelMetadata.Empty));
        Assert.False(LevelCalibration.Supports(mode, ModelMetadata.Empty));
        Assert.True(LevelCalibration.Supports(mode, Full));
    }

    [Fact]
    public void OutputGainDb_Normalized_BringsLoudnessToTheTarget()
    {
        foreach (double loudness in new[] { -30.0, -18, -7.25 })
        {
            var m = new ModelMetadata { Loudness = loudness };
            Assert.Equal(LevelCalibration.NormalizedLoudnessDb, loudness + LevelCalibration.OutputGainDb(0, OutputCalibration.Normalized, 12, m), 12);
        }
    }
}
