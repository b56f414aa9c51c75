using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LiveAmp.Engine.AmpModels;

namespace LiveAmp.Engine.Kernels.Recurrent;

/// <summary>The element-wise half of a GRU step, after the gate mat-vecs (the LSTM's is fused into
/// <see cref="FusedLstmStep"/>). Gate blocks are <c>hp</c> wide (the hidden size padded to a multiple of 8; padded lanes stay 0 because their weights and
/// biases are 0). New state values below <see cref="GateMath.FlushBelow"/> are flushed to zero.</summary>
public static class RecurrentCells
{
    /// <summary>GRU in keras order: <paramref name="inputGates"/> = W_x·x + b_x and <paramref name="hiddenGates"/>
    /// = W_h·h + b_h, blocks z, r, n (3·hp each): <c>z = σ(xz+hz); r = σ(xr+hr); n = tanh(xn + r⊙hn);
    /// h ← n + z⊙(h − n)</c>.</summary>
    public static void Gru(ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates, Span<float> hidden, TanhMode mode)
    {
        int hp = hidden.Length;
        if (hp % 8 != 0 || inputGates.Length != 3 * hp || hiddenGates.Length != 3 * hp)
            throw new ArgumentException($"Gru cell: hidden {hp} (multiple of 8), gates {inputGates.Length}/{hiddenGates.Length}");
        ref float x = ref MemoryMarshal.GetReference(inputGates);
        ref float g = ref MemoryMarshal.GetReference(hiddenGates);
        ref float h = ref MemoryMarshal.GetReference(hidden);
        bool fast = mode == TanhMode.Fast;
        for (int k = 0; k < hp; k += 8)
        {
            nuint zk = (nuint)k, rk = (nuint)(hp + k), nk = (nuint)(2 * hp + k);
            var zIn = Vector256.LoadUnsafe(ref x, zk) + Vector256.LoadUnsafe(ref g, zk);
            var rIn = Vector256.LoadUnsafe(ref x, rk) + Vector256.LoadUnsafe(ref g, rk);
            var z = fast ? GateMath.FastSigmoid(zIn) : GateMath.Sigmoid(zIn);
            var r = fast ? GateMath.FastSigmoid(rIn) : GateMath.Sigmoid(rIn);
            var nIn = Vector256.LoadUnsafe(ref x, nk) + r * Vector256.LoadUnsafe(ref g, nk);
            var n = fast ? GateMath.FastTanh(nIn) : GateMath.Tanh(nIn);
            var hOld = Vector256.LoadUnsafe(ref h, zk);
            GateMath.FlushTiny(n + z * (hOld - n)).StoreUnsafe(ref h, zk);
        }
    }

    public static void GruReference(ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates, Span<float> hidden, TanhMode mode)
    {
        int hp = hidden.Length;
        bool fast = mode == TanhMode.Fast;
        for (int k = 0; k < hp; k++)
        {
            float z = Sig(inputGates[k] + hiddenGates[k], fast);
            float r = Sig(inputGates[hp + k] + hiddenGates[hp + k], fast);
            float n = Th(inputGates[2 * hp + k] + r * hiddenGates[2 * hp + k], fast);
            hidden[k] = GateMath.FlushTinyReference(n + z * (hidden[k] - n));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Sig(float x, bool fast) => fast ? GateMath.FastSigmoidReference(x) : GateMath.SigmoidReference(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Th(float x, bool fast) => fast ? GateMath.FastTanhReference(x) : GateMath.TanhReference(x);
}
