using BenchmarkDotNet.Running;

namespace LiveAmp.Bench;

/// <summary>BenchmarkDotNet entry: <c>dotnet run -c Release --project bench/LiveAmp.Bench -- --filter '*Model*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
