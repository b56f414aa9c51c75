using System.ComponentModel;
using System.Diagnostics;

namespace LiveAmp.Engine.Tests.Formats.Wav;

/// <summary>Runs the <c>sox</c> command line tool, which tests use to make reference WAV files and to check that the
/// files LiveAmp writes are accepted by other tools.</summary>
public static class Sox
{
    const string Missing = "sox is not installed; run scripts/install-deps.sh as root (it installs sox and libsox-fmt-all)";

    /// <summary>Runs sox with <paramref name="arguments"/>; returns stdout + stderr. Fails the test on a non-zero exit.</summary>
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("sox") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start) ?? throw new InvalidOperationException(Missing); }
        catch (Win32Exception e) { throw new InvalidOperationException(Missing, e); }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string output = stdout + stderr.Result;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"sox {string.Join(' ', arguments)} exited {process.ExitCode}: {output}");
            return output;
        }
    }

    /// <summary>Writes <paramref name="interleaved"/> as raw float64 and has sox convert it to a WAV file with
    /// <paramref name="outputOptions"/> (e.g. <c>-e signed-integer -b 16</c>), without dither.</summary>
    public static void WriteWav(string path, double[] interleaved, int channels, int sampleRate, params string[] outputOptions)
    {
        string raw = path + ".f64";
        File.WriteAllBytes(raw, System.Runtime.InteropServices.MemoryMarshal.AsBytes(interleaved.AsSpan()).ToArray());
        Run(["-D", "-t", "f64", "-r", $"{sampleRate}", "-c", $"{channels}", raw, .. outputOptions, path]);
        File.Delete(raw);
    }
}

/// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("liveamp-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
