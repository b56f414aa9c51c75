namespace LiveAmp.Engine.Dsp.Filters;

/// <summary>First-order DC-blocking high-pass, <c>y = x − x₋₁ + R·y₋₁</c>, corner 5 Hz by default (as NAM's plugin
/// does after the cabinet). State in double. Allocation-free.</summary>
public sealed class DcBlocker(double cornerHz = 5.0) : IProcessor
{
    double _pole, _previousInput, _previousOutput;

    public double CornerHz { get; } = cornerHz;
    public int LatencyFrames => 0;

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        _pole = Math.Exp(-2 * Math.PI * CornerHz / sampleRate);
        Reset();
    }

    public void Reset() { _previousInput = 0; _previousOutput = 0; }

    public void Process(Span<float> block)
    {
        double x1 = _previousInput, y1 = _previousOutput, r = _pole;
        for (int i = 0; i < block.Length; i++)
        {
            double x = block[i];
            y1 = x - x1 + r * y1;
            x1 = x;
            block[i] = (float)y1;
        }
        _previousInput = x1;
        _previousOutput = Math.Abs(y1) < 1e-15 ? 0 : y1;
    }
}
