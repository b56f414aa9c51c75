using System.Text;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Keras;
using LiveAmp.Engine.Tests.AmpModels.Lstm;
using LiveAmp.Engine.Tests.Formats.GuitarMl;

namespace LiveAmp.Engine.Tests.Formats.Keras;

/// <summary>Seeded mutations of real model files: loading gives either a model that then runs, or a
/// <see cref="FileFormatException"/> that says where — never another exception.</summary>
public sealed class RecurrentFuzzTests
{
    static readonly string[] Replacements =
        ["1e39", "-1", "0", "1e9", "2147483648", "\"x\"", "null", "[]", "{}", "3.5", "-1e400", "true", "4096", "65536"];

    static string Mutate(string text, Random random)
    {
        int at = random.Next(text.Length);
        switch (random.Next(6))
        {
            case 0: return text[..at];
            case 1: return text.Remove(at, 1);
            case 2: return text.Insert(at, "0123456789-.,[]{}\"e: "[random.Next(21)].ToString());
            case 3:
            {
                int digit = text.IndexOfAny("0123456789".ToCharArray(), at);
                return digit < 0 ? text : text[..digit] + (char)('0' + random.Next(10)) + text[(digit + 1)..];
            }
            case 4:
            {
                int start = text.IndexOfAny("-0123456789".ToCharArray(), at);
                if (start < 0) return text;
                int end = start + 1;
                while (end < text.Length && "0123456789.eE+-".Contains(text[end])) end++;
                return text[..start] + Replacements[random.Next(Replacements.Length)] + text[end..];
            }
            default:
            {
                int length = Math.Min(random.Next(1, 40), text.Length - at);
                return text.Insert(random.Next(text.Length), text.Substring(at, length));
            }
        }
    }

    static void LoadAndRun(Func<IAmpModel> load, string label)
    {
        IAmpModel model;
        try
        {
            model = load();
        }
        catch (FileFormatException e)
        {
            Assert.False(e.Location.IsUnknown, $"{label}: unlocated error: {e.Message}");
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{label}: {e.GetType().Name} escaped: {e.Message}");
            return;
        }
        model.Prepare(48000, 64);
        var block = GuitarMlReaderTests.TestSignal(64);
        model.Process(block);
    }

    [Theory]
    [InlineData("rtneural_gru_1d.json", 150)]
    [InlineData("rtneural_conv.json", 150)]
    [InlineData("guitarml", 100)]
    public void MutatedJson_LoadsOrFailsWithLocation(string file, int count)
    {
        string original = file == "guitarml"
            ? new GuitarMlFixture("GRU", 4, 2, true, 9).Json()
            : File.ReadAllText(SharedData.File("models", "json", file));
        var random = new Random(2024);
        for (int i = 0; i < count; i++)
        {
            string mutated = Mutate(Mutate(original, random), random);
            LoadAndRun(() => JsonModelReader.Read(Encoding.UTF8.GetBytes(mutated), "fuzz.json", ModelOptions.Default), $"{file} #{i}");
        }
    }

    [Theory]
    [InlineData("lstm.nam", 150)]
    [InlineData("zoo/lstm_2x8.nam", 100)]
    public void MutatedNamLstm_LoadsOrFailsWithLocation(string file, int count)
    {
        string original = File.ReadAllText(SharedData.File(["models", .. file.Split('/')]));
        var random = new Random(77);
        for (int i = 0; i < count; i++)
        {
            string mutated = Mutate(original, random);
            LoadAndRun(() => NamTestFile.LoadText(Encoding.UTF8.GetBytes(mutated), "fuzz.nam"), $"{file} #{i}");
        }
    }
}
