using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace LiveAmp.Bench;

/// <summary>Run configurations. The instruction-set jobs switch the runtime's SIMD support off with the knobs that
/// .NET 10 honours (a misspelt knob is silently ignored), so the same code runs its AVX-512, AVX2 and scalar paths.</summary>
public static class Jobs
{
    static Job Short => Job.Default.WithWarmupCount(3).WithIterationCount(7).WithInvocationCount(2048).WithUnrollFactor(1);

    public static Job Avx512 => Short.WithId("AVX-512");
    public static Job Avx2 => Short.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId("AVX2");
    public static Job Scalar => Short.WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").WithId("Scalar");

    /// <summary>One short job on the machine's best instruction set, with allocations shown.</summary>
    public sealed class Fast : ManualConfig
    {
        public Fast()
        {
            AddJob(Avx512);
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    /// <summary>The same benchmarks on AVX-512, AVX2 and scalar code paths.</summary>
    public sealed class InstructionSets : ManualConfig
    {
        public InstructionSets()
        {
            AddJob(Avx512, Avx2, Scalar);
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
