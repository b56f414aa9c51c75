using LiveAmp.Engine.Formats.Json;

namespace LiveAmp.Engine.Formats.Nam;

/// <summary>The two read routines of model-formats.md §1.5, producing the tap-major, output-innermost layout of
/// <see cref="Kernels.TapConv"/>. Grouped convolutions become block-diagonal dense matrices.</summary>
public static class NamWeights
{
    /// <summary>ReadConv1D: PyTorch's (out, in/groups, K) row-major, tap innermost.</summary>
    public static float[] ReadConv(WeightReader reader, int ins, int outs, int taps, int groups)
    {
        int op = outs / groups, ip = ins / groups;
        var flat = reader.Read(outs * ip * taps);
        var result = new float[taps * ins * outs];
        int next = 0;
        for (int g = 0; g < groups; g++)
            for (int i = 0; i < op; i++)
                for (int j = 0; j < ip; j++)
                    for (int k = 0; k < taps; k++)
                        result[(k * ins + g * ip + j) * outs + g * op + i] = flat[next++];
        return result;
    }

    public static float[] ReadBias(WeightReader reader, int outs, bool present) => present ? reader.Read(outs) : [];

    /// <summary>Weights of ReadConv1D(ins, outs, taps, bias, groups).</summary>
    public static long ConvCount(long ins, long outs, long taps, bool bias, long groups) =>
        outs * (ins / groups) * taps + (bias ? outs : 0);
}
