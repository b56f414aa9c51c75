using System.Globalization;
using System.Text;

namespace LiveAmp.Engine.Tests.Formats.GuitarMl;

/// <summary>A seeded GuitarML SimpleRNN file and an independent float64 PyTorch reference (model-formats.md §4.2)
/// to check the loader's gate orders and bias placement against.</summary>
public sealed class GuitarMlFixture
{
    public string Unit { get; }
    public int Hidden { get; }
    public int Layers { get; }
    public bool Skip { get; }
    readonly List<(string Key, double[][] Matrix, double[] Vector)> _tensors = [];

    public GuitarMlFixture(string unit, int hidden, int layers, bool skip, int seed)
    {
        Unit = unit;
        Hidden = hidden;
        Layers = layers;
        Skip = skip;
        var random = new Random(seed);
        int g = unit == "LSTM" ? 4 : 3;
        double Next(double scale) => (random.NextDouble() * 2 - 1) * scale;
        for (int k = 0; k < layers; k++)
        {
            int d = k == 0 ? 1 : hidden;
            _tensors.Add(($"rec.weight_ih_l{k}", Matrix(g * hidden, d, () => Next(k == 0 ? 2 : 0.5)), []));
            _tensors.Add(($"rec.weight_hh_l{k}", Matrix(g * hidden, hidden, () => Next(0.4)), []));
            _tensors.Add(($"rec.bias_ih_l{k}", [], Enumerable.Range(0, g * hidden).Select(_ => Next(0.5)).ToArray()));
            _tensors.Add(($"rec.bias_hh_l{k}", [], Enumerable.Range(0, g * hidden).Select(_ => Next(0.5)).ToArray()));
        }
        _tensors.Add(("lin.weight", Matrix(1, hidden, () => Next(0.5)), []));
        _tensors.Add(("lin.bias", [], [Next(0.1)]));
    }

    static double[][] Matrix(int rows, int cols, Func<double> next) =>
        Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, cols).Select(_ => (double)(float)next()).ToArray()).ToArray();

    double[][] M(string key) => _tensors.First(t => t.Key == key).Matrix;
    double[] V(string key) => _tensors.First(t => t.Key == key).Vector;

    public string Json()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{{\"model_data\": {{\"model\": \"SimpleRNN\", \"input_size\": 1, \"skip\": {(Skip ? 1 : 0)}, \"output_size\": 1, \"unit_type\": \"{Unit}\", \"num_layers\": {Layers}, \"hidden_size\": {Hidden}, \"bias_fl\": true}},\n \"state_dict\": {{");
        text.Append(string.Join(",\n  ", _tensors.Select(t => $"\"{t.Key}\": " +
            (t.Matrix.Length > 0 ? "[" + string.Join(", ", t.Matrix.Select(Row)) + "]" : Row(t.Vector)))));
        text.Append("}}");
        return text.ToString();
    }

    static string Row(double[] values) => "[" + string.Join(", ", values.Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture))) + "]";

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>PyTorch semantics from zero state, no warm-up.</summary>
    public float[] Reference(float[] input)
    {
        var h = new double[Layers][];
        var c = new double[Layers][];
        for (int k = 0; k < Layers; k++) { h[k] = new double[Hidden]; c[k] = new double[Hidden]; }
        var output = new float[input.Length];
        int H = Hidden;
        for (int t = 0; t < input.Length; t++)
        {
            double[] x = [input[t]];
            for (int k = 0; k < Layers; k++)
            {
                var wi = M($"rec.weight_ih_l{k}"); var wh = M($"rec.weight_hh_l{k}");
                var bi = V($"rec.bias_ih_l{k}"); var bh = V($"rec.bias_hh_l{k}");
                double Gi(int r) { double s = bi[r]; for (int j = 0; j < x.Length; j++) s += wi[r][j] * x[j]; return s; }
                double Gh(int r) { double s = bh[r]; for (int j = 0; j < H; j++) s += wh[r][j] * h[k][j]; return s; }
                var next = new double[H];
                for (int i = 0; i < H; i++)
                {
                    if (Unit == "LSTM")
                    {
                        double ig = Sigmoid(Gi(i) + Gh(i)), fg = Sigmoid(Gi(H + i) + Gh(H + i));
                        double gg = Math.Tanh(Gi(2 * H + i) + Gh(2 * H + i)), og = Sigmoid(Gi(3 * H + i) + Gh(3 * H + i));
                        c[k][i] = fg * c[k][i] + ig * gg;
                        next[i] = og * Math.Tanh(c[k][i]);
                    }
                    else
                    {
                        double r = Sigmoid(Gi(i) + Gh(i)), z = Sigmoid(Gi(H + i) + Gh(H + i));
                        double n = Math.Tanh(Gi(2 * H + i) + r * Gh(2 * H + i));
                        next[i] = (1 - z) * n + z * h[k][i];
                    }
                }
                h[k] = next;
                x = next;
            }
            double y = V("lin.bias")[0];
            for (int j = 0; j < H; j++) y += M("lin.weight")[0][j] * x[j];
            output[t] = (float)(y + (Skip ? input[t] : 0));
        }
        return output;
    }
}
