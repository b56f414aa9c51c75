using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Formats.Wav;
using LiveAmp.Host.Cli.Commands;

namespace LiveAmp.Host.Tests.Cli;

/// <summary><c>liveamp info</c> and <c>liveamp render --model</c> on every shared model.</summary>
public class ModelCommandTests
{
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { "", "zoo", "json" })
            foreach (var file in Directory.EnumerateFiles(SharedData.Path_("models", dir)).Where(f => ModelLoader.Extensions.Contains(Path.GetExtension(f))).Order())
                data.Add(Path.GetRelativePath(SharedData.Path_("models"), file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Info_describes_the_model_and_render_plays_it_at_another_rate(string model)
    {
        string path = SharedData.File("models", model);
        var info = new StringWriter();
        Assert.Equal(0, InfoCommand.Run(path, ModelOptions.Default, 0, info));
        var amp = ModelLoader.Load(path);
        Assert.Contains(amp.Info.Architecture, info.ToString());
        Assert.Contains($"parameters      {amp.Info.ParameterCount:N0}", info.ToString());
        Assert.Matches(@"real-time cost  \d+\.\d µs per 64-frame block", info.ToString());

        // 0.5 s of DI guitar at 44.1 kHz: the chain resamples to the model's 48 kHz and back.
        var (di, rate) = TestWav.ReadMono(SharedData.File("golden", "guitar", "input.wav"));
        var input = LiveAmp.Engine.Dsp.Resampling.Resampler.ResampleAll(di.AsSpan(rate, rate / 2), rate, 44_100);
        string folder = Directory.CreateTempSubdirectory("liveamp-render-").FullName;
        try
        {
            string inPath = Path.Combine(folder, "in.wav"), outPath = Path.Combine(folder, "out.wav");
            WavWriter.Write(inPath, input, 44_100, WavSampleFormat.Float32);
            var settings = new ChainSettings { Amp = new AmpSettings { ModelPath = path }, Gate = new() { Enabled = false } };
            Assert.Equal(0, RenderCommand.Run(settings, inPath, outPath, null, showProgress: false));
            var output = WavReader.Read(outPath);
            Assert.Equal(44_100, output.SampleRate);
            Assert.Equal(input.Length, output.FrameCount);
            Assert.Equal(WavSampleEncoding.IeeeFloat, output.SourceFormat!.Encoding);
            Assert.All(output.Channels[0], x => Assert.True(float.IsFinite(x)));
            Assert.True(output.Channels[0].Max(Math.Abs) > 1e-4, "the render is silent");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
