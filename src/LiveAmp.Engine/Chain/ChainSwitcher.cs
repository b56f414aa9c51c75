using LiveAmp.Engine.Dsp;

namespace LiveAmp.Engine.Chain;

/// <summary>Plays one prepared processor (normally a <see cref="SignalChain"/>) and swaps to another with an
/// equal-power crossfade, so a preset change never clicks or gaps.
/// Threads: <see cref="Offer"/> and <see cref="TakeRetired"/> are called by the loader thread; <see cref="Process"/>
/// by the engine thread. The hand-over is a pair of single-slot mailboxes exchanged with <see cref="Interlocked"/>:
/// no locks, no allocation on the engine thread. The old processor is handed back through <see cref="TakeRetired"/>
/// so it is dropped (and its memory freed) off the audio thread.</summary>
public sealed class ChainSwitcher
{
    readonly float[] _fadeIn;      // sin(π/2 · x) over the fade; the outgoing gain is the table read backwards
    readonly float[] _scratch;
    IProcessor _current;
    IProcessor? _pending, _fadingOut, _retired;
    int _fadePosition;

    /// <param name="initial">A prepared processor to start with.</param>
    /// <param name="maxBlockFrames">The largest block <see cref="Process"/> will get.</param>
    /// <param name="fadeFrames">Crossfade length (30 ms at the running rate is the default choice).</param>
    public ChainSwitcher(IProcessor initial, int maxBlockFrames, int fadeFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fadeFrames, 1);
        _current = initial;
        _scratch = new float[maxBlockFrames];
        _fadeIn = new float[fadeFrames];
        for (int i = 0; i < fadeFrames; i++) _fadeIn[i] = (float)Math.Sin(0.5 * Math.PI * (i + 0.5) / fadeFrames);
    }

    public static int DefaultFadeFrames(int sampleRate) => Math.Max(1, sampleRate * 30 / 1000);

    /// <summary>The processor that is playing (or fading in). Read from any thread; for display.</summary>
    public IProcessor Current => Volatile.Read(ref _current);

    /// <summary>Loader thread: queues a prepared processor to fade in at the next block. Returns false (and does
    /// nothing) while an earlier swap is still pending, fading, or its retired processor was not yet taken.</summary>
    public bool Offer(IProcessor next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (Volatile.Read(ref _retired) is not null || Volatile.Read(ref _fadingOut) is not null) return false;
        return Interlocked.CompareExchange(ref _pending, next, null) is null;
    }

    /// <summary>Loader thread: the processor that finished fading out, if any; the caller disposes of it.</summary>
    public IProcessor? TakeRetired() => Interlocked.Exchange(ref _retired, null);

    /// <summary>Engine thread, in place, any length up to maxBlockFrames. Allocation-free.</summary>
    public void Process(Span<float> block)
    {
        if (_fadingOut is null && Volatile.Read(ref _pending) is not null)
        {
            _fadingOut = _current;
            Volatile.Write(ref _current, Interlocked.Exchange(ref _pending, null)!);
            _fadePosition = 0;
        }
        if (_fadingOut is null)
        {
            _current.Process(block);
            return;
        }

        var old = _scratch.AsSpan(0, block.Length);
        block.CopyTo(old);
        _fadingOut.Process(old);
        _current.Process(block);

        int fadeFrames = _fadeIn.Length;
        for (int i = 0; i < block.Length; i++)
        {
            int p = _fadePosition + i;
            if (p >= fadeFrames) break;   // faded in: the rest of the block is the new chain alone
            block[i] = block[i] * _fadeIn[p] + old[i] * _fadeIn[fadeFrames - 1 - p];
        }
        _fadePosition += block.Length;
        if (_fadePosition >= fadeFrames)
        {
            Volatile.Write(ref _retired, _fadingOut);
            _fadingOut = null;
        }
    }
}
