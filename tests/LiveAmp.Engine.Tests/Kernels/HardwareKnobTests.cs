using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Tests.Kernels;

/// <summary>scripts/test.sh re-runs the kernel tests with one DOTNET_Enable* knob at 0 and names it in
/// LIVEAMP_EXPECT_DISABLED. A misspelt knob is silently ignored by the runtime, so check that it took effect.</summary>
[Trait("Category", "Kernels")]
public sealed class HardwareKnobTests
{
    [Fact]
    public void DisabledKnob_TookEffect()
    {
        switch (Environment.GetEnvironmentVariable("LIVEAMP_EXPECT_DISABLED"))
        {
            case "DOTNET_EnableAVX512":
                Assert.False(Vector512.IsHardwareAccelerated, "AVX-512 should be off");
                break;
            case "DOTNET_EnableAVX2":
                Assert.False(Vector512.IsHardwareAccelerated, "AVX-512 should be off with AVX2 off");
                Assert.False(Vector256.IsHardwareAccelerated, "Vector256 should be off with AVX2 off");
                break;
            case "DOTNET_EnableHWIntrinsic":
                Assert.False(Vector128.IsHardwareAccelerated, "every hardware intrinsic should be off");
                break;
            case null or "":
                Assert.True(Vector128.IsHardwareAccelerated, "a normal run on x64/arm64 has Vector128");
                break;
            case var other:
                Assert.Fail($"unknown knob {other}");
                break;
        }
    }
}
