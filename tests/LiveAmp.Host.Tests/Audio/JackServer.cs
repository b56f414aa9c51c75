using System.Diagnostics;
using System.Text;
using LiveAmp.Host.Audio.Native;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>A private JACK server on the dummy driver (48 kHz, 64-frame periods): a real audio server on a
/// machine without a sound card. Named <c>liveamp-test-&lt;pid&gt;[-suffix]</c> so it never meets a user's server.</summary>
public sealed class JackServer : IDisposable
{
    public const int Rate = 48000, Period = 64;
    readonly Process process;
    readonly StringBuilder log = new();

    public string Name { get; }

    JackServer(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    /// <summary>The variables a JACK client needs to reach this server and never start another one.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["JACK_DEFAULT_SERVER"] = Name,
        ["JACK_NO_START_SERVER"] = "1",
    };

    public string Log { get { lock (log) return log.ToString(); } }

    public bool HasExited => process.HasExited;

    /// <summary>Starts a server; <paramref name="searchPath"/> replaces $PATH when looking for jackd. When JACK's
    /// registry is full of servers that were killed (earlier runs), their slots are reclaimed and the start retried.</summary>
    public static JackServer Start(string suffix = "", string? searchPath = null)
    {
        string jackd = FindOnPath("jackd", searchPath) ?? throw new InvalidOperationException("jackd not found: install jackd2 (scripts/install-deps.sh)");
        string name = $"liveamp-test-{Environment.ProcessId}{suffix}";
        try
        {
            return Launch(jackd, name);
        }
        catch (InvalidOperationException e) when (e.Message.Contains(RegistryFull, StringComparison.Ordinal))
        {
            foreach (string stale in JackRegistry.StaleServers()) Reclaim(jackd, stale);
            return Launch(jackd, name);
        }
    }

    const string RegistryFull = "Too many servers";

    static JackServer Launch(string jackd, string name)
    {
        var process = Process.Start(StartInfo(jackd, name))!;
        var server = new JackServer(name, process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        server.WaitUntilReady();
        return server;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
    }

    void WaitUntilReady()
    {
        var deadline = Stopwatch.StartNew();
        string? jackWait = FindOnPath("jack_wait");
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                throw new InvalidOperationException($"jackd {Name} exited at start ({process.ExitCode}):\n{Log}"
                    + (Log.Contains(RegistryFull, StringComparison.Ordinal) ? $"\nJACK's server registry ({JackRegistry.DefaultPath}) has 8 slots and running servers hold them: stop some jackd processes." : ""));
            }
            if (jackWait is not null)
            {
                var psi = new ProcessStartInfo(jackWait) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (string a in new[] { "-s", Name, "-c" }) psi.ArgumentList.Add(a);
                foreach (var kv in ClientEnvironment) psi.Environment[kv.Key] = kv.Value;
                using var check = Process.Start(psi)!;
                string text = check.StandardOutput.ReadToEnd();
                check.WaitForExit();
                if (check.ExitCode == 0 && text.Contains("running", StringComparison.Ordinal) && !text.Contains("not running", StringComparison.Ordinal)) return;
            }
            else if (Log.Contains("JACK server starting", StringComparison.Ordinal)) return;
            Thread.Sleep(100);
        }
        throw new InvalidOperationException($"jackd {Name} not ready after 10 s:\n{Log}");
    }

    /// <summary>Sets this server as the default for native code in this process (libjack reads getenv).</summary>
    public void UseInThisProcess()
    {
        foreach (var kv in ClientEnvironment) LibC.SetEnvironment(kv.Key, kv.Value);
    }

    bool killed;

    /// <summary>Simulates a crash of the server (SIGKILL).</summary>
    public void Kill()
    {
        killed = true;
        if (!process.HasExited) process.Kill();
        process.WaitForExit();
    }

    /// <summary>Stops the server with SIGTERM, so it leaves JACK's server registry (8 slots) clean. After a
    /// <see cref="Kill"/> the slot is still held, and is reclaimed.</summary>
    public void Dispose()
    {
        Terminate(process);
        process.Dispose();
        if (killed) Reclaim(FindOnPath("jackd")!, Name);
    }

    /// <summary>Frees the registry slot (and shared memory) of a killed server: a new server of the same name takes
    /// the slot over once it has registered, and leaves it clean on SIGTERM.</summary>
    static void Reclaim(string jackd, string name)
    {
        using var reaper = Process.Start(StartInfo(jackd, name))!;
        var waited = Stopwatch.StartNew();
        while (!JackRegistry.Servers().Contains((reaper.Id, name)) && !reaper.HasExited && waited.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(20);
        Thread.Sleep(200); // let it finish starting, so SIGTERM takes its orderly exit
        Terminate(reaper);
        foreach (string stale in Directory.GetFiles("/dev/shm", $"jack_sem.*_{name}_*")) File.Delete(stale);
    }

    static void Terminate(Process p)
    {
        if (p.HasExited) return;
        kill(p.Id, 15);
        if (!p.WaitForExit(5000))
        {
            p.Kill();
            p.WaitForExit();
        }
    }

    [System.Runtime.InteropServices.DllImport("libc.so.6")]
    static extern int kill(int pid, int signal);

    static ProcessStartInfo StartInfo(string jackd, string name)
    {
        var psi = new ProcessStartInfo(jackd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-n", name, "-d", "dummy", "-r", Rate.ToString(), "-p", Period.ToString() }) psi.ArgumentList.Add(a);
        psi.Environment["JACK_NO_START_SERVER"] = "1";
        return psi;
    }

    static string? FindOnPath(string file, string? searchPath = null) =>
        (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(dir => Path.Combine(dir, file)).FirstOrDefault(File.Exists);
}

/// <summary>One JACK server for the whole audio collection, made the default for this process.</summary>
public sealed class JackFixture : IDisposable
{
    public JackServer Server { get; }

    public JackFixture()
    {
        Server = JackServer.Start();
        Server.UseInThisProcess();
    }

    public void Dispose() => Server.Dispose();
}
