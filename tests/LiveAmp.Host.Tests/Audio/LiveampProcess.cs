using System.Diagnostics;
using System.Text;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>Runs the real `liveamp` executable (built beside the tests) as a child process.</summary>
public sealed class LiveampProcess : IDisposable
{
    readonly Process process;
    readonly StringBuilder stdout = new(), stderr = new();

    public LiveampProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "liveamp.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (stdout) return stdout.ToString(); } }
    public string Stderr { get { lock (stderr) return stderr.ToString(); } }
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>Waits for exit; false on timeout (the process is then killed).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (process.WaitForExit(timeout))
        {
            process.WaitForExit(); // flush the async readers
            return true;
        }
        process.Kill();
        process.WaitForExit();
        return false;
    }

    /// <summary>Sends a POSIX signal (2 = SIGINT, 15 = SIGTERM) to the process.</summary>
    public void Signal(int signal) => kill(process.Id, signal);

    [System.Runtime.InteropServices.DllImport("libc.so.6")]
    static extern int kill(int pid, int signal);

    /// <summary>Waits until stdout contains <paramref name="text"/>.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal)) return true;
            if (process.HasExited) return Stdout.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>The key=value pairs of the final `result:` line.</summary>
    public IReadOnlyDictionary<string, string> Result()
    {
        string line = Stdout.Split('\n').LastOrDefault(l => l.StartsWith("result:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no result line.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return line["result:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim());
    }

    public void Dispose()
    {
        if (!process.HasExited) { process.Kill(); process.WaitForExit(); }
        process.Dispose();
    }
}
