using System.Text;
using System.Text.RegularExpressions;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Nam;

namespace LiveAmp.Engine.Tests.Formats.Nam;

/// <summary>Random damage to real model files (bytes, truncation, JSON value edits; fixed seeds): the loader returns
/// a working model or a located <see cref="LiveAmpException"/>, never another exception, and never allocates much.</summary>
public sealed partial class NamFuzzTests
{
    static readonly string[] Files =
        ["wavenet.nam", "zoo/wavenet_condsize2.nam", "zoo/wavenet_gated.nam", "zoo/convnet_tanh_bn.nam", "zoo/linear_rf32_bias.nam",
         "zoo/wavenet_act_leakyhardtanh_prelu.nam"];

    static readonly string[] Replacements =
        ["0", "-1", "1", "2", "3", "1e9", "2147483648", "-0.5", "1e39", "null", "true", "\"x\"", "[]", "{}", "[1,2]", "\"Tanh\"",
         "{\"type\":\"PReLU\"}", "65536", "1048576"];

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null|""[A-Za-z_]+""")]
    private static partial Regex Token();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void DamagedFiles_LoadOrFailLocated(int mode)
    {
        var random = new Random(1234 + mode);
        int cases = 0;
        foreach (string file in Files)
        {
            string text = File.ReadAllText(SharedData.File(["models", .. file.Split('/')]));
            // Weights make up most of the text; aim value edits at the config and metadata too.
            var tokens = Token().Matches(text);
            for (int i = 0; i < 40; i++, cases++)
            {
                byte[] bytes = mode switch
                {
                    0 => FlipBytes(Encoding.UTF8.GetBytes(text), random),
                    1 => Encoding.UTF8.GetBytes(text[..random.Next(text.Length)]),
                    _ => Encoding.UTF8.GetBytes(EditValue(text, tokens, random)),
                };
                LoadOrFailLocated(bytes, $"{file}#{mode}.{i}");
            }
        }
        Assert.Equal(Files.Length * 40, cases);
    }

    static byte[] FlipBytes(byte[] bytes, Random random)
    {
        int flips = random.Next(1, 6);
        for (int f = 0; f < flips; f++)
        {
            // Mostly inside the first 2 kB, where the structure is.
            int at = random.Next(2) == 0 ? random.Next(Math.Min(2048, bytes.Length)) : random.Next(bytes.Length);
            bytes[at] = random.Next(3) switch { 0 => (byte)random.Next(256), 1 => (byte)"0123456789"[random.Next(10)], _ => (byte)"{}[],:\" "[random.Next(8)] };
        }
        return bytes;
    }

    static string EditValue(string text, MatchCollection tokens, Random random)
    {
        // Prefer tokens before the weights array (config, version, metadata).
        int weightsAt = text.IndexOf("\"weights\"", StringComparison.Ordinal);
        Match m;
        do m = tokens[random.Next(tokens.Count)];
        while (m.Index > weightsAt && weightsAt >= 0 && random.Next(8) != 0);
        string replacement = Replacements[random.Next(Replacements.Length)];
        return text[..m.Index] + replacement + text[(m.Index + m.Length)..];
    }

    static void LoadOrFailLocated(byte[] bytes, string name)
    {
        string json = Encoding.UTF8.GetString(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var model = NamReader.ReadJson(json, name, ModelOptions.Default);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, $"{name}: loading allocated over 64 MB");
            Assert.True(model.Info.ParameterCount >= 0);
            if (model.Info.PrewarmFrames < 100_000)
            {
                model.Prepare(48_000, 64);
                var block = new float[64];
                block[0] = 0.5f;
                model.Process(block);
            }
        }
        catch (LiveAmpException e)
        {
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, $"{name}: refusing allocated over 64 MB");
            Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(name) + @"(\(\d+,\d+\))?: ", e.Message);   // file: place: … or file(line,col): …
            if (e is FileFormatException f) Assert.False(f.Location.IsUnknown, $"{name}: no location in \"{e.Message}\"");
        }
        catch (Exception e)
        {
            Assert.Fail($"{name}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }
}
