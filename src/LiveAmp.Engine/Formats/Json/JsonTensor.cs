using System.Globalization;
using System.Text.Json;

namespace LiveAmp.Engine.Formats.Json;

/// <summary>Reads nested JSON arrays of numbers (keras <c>weights</c>, PyTorch <c>state_dict</c> tensors) into flat
/// row-major float32, checking the shape level by level so that an error names the exact JSON path and both
/// counts ("$.layers[1].weights[0]: expected 8 rows, got 20").</summary>
public static class JsonTensor
{
    /// <summary>Refuse anything bigger before allocating (a corrupt size field must not exhaust memory).</summary>
    public const long MaxValues = 100_000_000;

    /// <summary>The shape as far as the first element of each level tells it: <c>[[1,2,3],[4,5,6]]</c> → [2, 3].
    /// <see cref="Read"/> then checks every row against it.</summary>
    public static int[] InferShape(JsonField field)
    {
        var shape = new List<int>();
        var current = field.Element;
        while (current.ValueKind == JsonValueKind.Array)
        {
            int length = current.GetArrayLength();
            shape.Add(length);
            if (length == 0) break;
            current = current[0];
        }
        return [.. shape];
    }

    /// <summary>The tensor at <paramref name="field"/>, which must have exactly <paramref name="shape"/>.</summary>
    public static float[] Read(JsonField field, string what, params int[] shape)
    {
        long total = 1;
        foreach (int n in shape) total *= n;
        if (total > MaxValues)
            throw field.Error($"{what} would hold {total:N0} values, more than the {MaxValues:N0} allowed; the sizes are corrupt.");
        // Check every length before allocating: a shape field may claim far more than the JSON holds.
        CheckShape(field, what, shape, 0);
        var values = new float[total];
        int position = 0;
        Fill(field, what, shape, 0, values, ref position);
        return values;
    }

    static void CheckShape(JsonField field, string what, int[] shape, int level)
    {
        if (level == shape.Length) return;
        if (field.Kind != JsonValueKind.Array)
            throw field.Error($"{what}: expected an array of {shape[level]:N0} {Unit(shape, level)} ({ShapeText(shape)}), got {field.Describe()}");
        int length = field.Length;
        if (length != shape[level])
            throw field.Error($"{what}: expected {shape[level]:N0} {Unit(shape, level)} ({ShapeText(shape)}), got {length:N0}");
        if (level + 1 < shape.Length)
            for (int i = 0; i < length; i++) CheckShape(field[i], what, shape, level + 1);
    }

    static void Fill(JsonField field, string what, int[] shape, int level, float[] values, ref int position)
    {
        if (level == shape.Length)
        {
            values[position++] = ReadFloat(field, what);
            return;
        }
        if (field.Kind != JsonValueKind.Array)
            throw field.Error($"{what}: expected an array of {shape[level]:N0} {Unit(shape, level)} ({ShapeText(shape)}), got {field.Describe()}");
        int length = field.Length;
        if (length != shape[level])
            throw field.Error($"{what}: expected {shape[level]:N0} {Unit(shape, level)} ({ShapeText(shape)}), got {length:N0}");
        for (int i = 0; i < length; i++) Fill(field[i], what, shape, level + 1, values, ref position);
    }

    /// <summary>A JSON number as Core reads weights: parsed as double, then cast to float; must stay finite.</summary>
    public static float ReadFloat(JsonField field, string what)
    {
        if (field.Kind != JsonValueKind.Number)
            throw field.Error($"{what}: expected a number, got {field.Describe()}");
        if (!field.Element.TryGetDouble(out double value) || !double.IsFinite(value))
            throw field.Error($"{what}: {field.Describe()} is not a finite number");
        float single = (float)value;
        if (!float.IsFinite(single))
            throw field.Error($"{what}: {value.ToString("R", CultureInfo.InvariantCulture)} is out of the float32 range");
        return single;
    }

    static string Unit(int[] shape, int level) => level == shape.Length - 1 ? "values" : "rows";

    static string ShapeText(int[] shape) => "shape " + string.Concat(shape.Select(n => $"[{n}]"));
}
