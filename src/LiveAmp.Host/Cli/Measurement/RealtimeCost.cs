using System.Diagnostics;
using LiveAmp.Engine.Dsp;

namespace LiveAmp.Host.Cli.Measurement;

/// <summary>Measures what processors cost in real time on this machine: microseconds per block at a sample rate, as
/// the median of timed rounds. Several processors are measured interleaved (round-robin), so that a load spike on
/// this shared machine hits them all alike and ratios stay fair.</summary>
public static class RealtimeCost
{
    public readonly record struct Result(double MicrosecondsPerBlock, double BlockPeriodMicroseconds)
    {
        /// <summary>Share of one core needed to keep up in real time, in percent.</summary>
        public double PercentOfCore => 100.0 * MicrosecondsPerBlock / BlockPeriodMicroseconds;
    }

    public static Result Measure(IProcessor processor, int sampleRate, int blockFrames = 64, int rounds = 7) =>
        MeasureInterleaved([processor], sampleRate, blockFrames, rounds)[0];

    /// <summary>Prepares each processor, warms it up, then times <paramref name="rounds"/> rounds of about 50 ms each,
    /// visiting the processors in turn within every round. Returns the median per processor.</summary>
    public static Result[] MeasureInterleaved(IReadOnlyList<IProcessor> processors, int sampleRate, int blockFrames = 64,
                                              int rounds = 7, double roundSeconds = 0.05)
    {
        var input = GuitarLikeSignal(sampleRate, sampleRate / 2);
        var probes = processors.Select(p => new Probe(p, input, sampleRate, blockFrames)).ToArray();
        foreach (var probe in probes) probe.WarmUp(roundSeconds);
        var perBlock = new double[probes.Length][];
        for (int i = 0; i < probes.Length; i++) perBlock[i] = new double[rounds];
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < probes.Length; i++)
                perBlock[i][r] = probes[i].TimeRound();
        double period = 1e6 * blockFrames / sampleRate;
        return perBlock.Select(times => new Result(Median(times), period)).ToArray();
    }

    static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    sealed class Probe(IProcessor processor, float[] input, int sampleRate, int blockFrames)
    {
        readonly float[] _block = new float[blockFrames];
        int _cursor, _blocksPerRound;

        public void WarmUp(double roundSeconds)
        {
            processor.Prepare(sampleRate, blockFrames);
            // JIT tiering and caches; also sizes a round so that it lasts about roundSeconds.
            var clock = Stopwatch.StartNew();
            int blocks = 0;
            while (clock.Elapsed.TotalSeconds < 0.1 || blocks < 200) { RunBlock(); blocks++; }
            _blocksPerRound = Math.Max(20, (int)(blocks * roundSeconds / clock.Elapsed.TotalSeconds));
        }

        public double TimeRound()
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < _blocksPerRound; i++) RunBlock();
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / _blocksPerRound;
        }

        void RunBlock()
        {
            if (_cursor + blockFrames > input.Length) _cursor = 0;
            input.AsSpan(_cursor, blockFrames).CopyTo(_block);
            _cursor += blockFrames;
            processor.Process(_block);
        }
    }

    /// <summary>A deterministic plucked-string-like signal around −20 dBFS: decaying harmonics of open-string notes
    /// plus a little noise, so nonlinear models see realistic levels.</summary>
    public static float[] GuitarLikeSignal(int sampleRate, int frames)
    {
        var rng = new Random(7);
        var signal = new float[frames];
        double[] notesHz = [82.41, 110.0, 146.83, 196.0];
        int noteFrames = sampleRate / 4;
        for (int i = 0; i < frames; i++)
        {
            int note = i / noteFrames;
            double t = (i % noteFrames) / (double)sampleRate, f = notesHz[note % notesHz.Length];
            double s = 0;
            for (int h = 1; h <= 6; h++) s += Math.Sin(2 * Math.PI * f * h * t) / h;
            signal[i] = (float)(0.1 * Math.Exp(-6 * t) * s + 1e-4 * (rng.NextDouble() - 0.5));
        }
        return signal;
    }
}
