using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Dsp;
using LiveAmp.Host.Audio.Buffers;
using LiveAmp.Host.Audio.Native;
using LiveAmp.Host.Audio.PortAudio;
using LiveAmp.Host.Audio.Stats;

namespace LiveAmp.Host.Audio.Engine;

/// <summary>One full-duplex PortAudio stream running an <see cref="IProcessor"/> in direct or ring mode.</summary>
/// <remarks>Direct: a managed <c>[UnmanagedCallersOnly]</c> callback processes each block itself. Ring: the C
/// shim's callback moves samples through native SPSC rings and wakes a managed engine thread, which processes
/// and writes back; the shim plays silence for the first N callbacks so N blocks are always queued. Everything the
/// real-time side touches is allocated here, before the stream starts.</remarks>
public sealed unsafe class LiveStream : IDisposable
{
    /// <summary>Largest block handed to the processor at once; longer device blocks are cut.</summary>
    public const int MaxProcessFrames = 2048;
    const int MaxDeviceFrames = 8192; // the shim's limit too

    readonly PortAudioSession session;
    readonly IProcessor processor;
    readonly StreamRequest request;
    readonly float[] scratch = new float[MaxDeviceFrames];
    readonly float[]? inputSamples;
    int inputPosition;
    readonly int inChannels, inChannelIndex, outChannels;
    readonly ulong outMask;
    readonly double periodTicksPerFrame;
    nint stream;
    GCHandle self;
    CallbackCounters* directCounters;
    long previousStartTicks;
    nint shim;
    Thread? engineThread;
    volatile bool stopEngine;
    bool started, stopped, abandoned;
    bool warmingUp; // direct mode's warm-up calls the callback: nothing of it may reach the recording

    public AudioDevice InputDevice { get; }
    public AudioDevice OutputDevice { get; }
    public double SampleRate { get; }
    /// <summary>Frames per buffer passed to Pa_OpenStream (0: the host's own period, used on JACK).</summary>
    public int FramesPerBuffer { get; }
    public EngineMode Mode => request.Mode;
    public int PrefillBlocks => request.Mode == EngineMode.Ring ? request.PrefillBlocks : 0;
    public double PortAudioInputLatency { get; }
    public double PortAudioOutputLatency { get; }
    public int ChainLatencyFrames => processor.LatencyFrames;
    public BlockTelemetry Telemetry { get; } = new();
    /// <summary>The output as sent to the device (mono), for a non-real-time recorder; null unless requested.</summary>
    public SpscRing? RecordRing { get; }
    public SpscRing? InputRing { get; }
    public SpscRing? OutputRing { get; }
    /// <summary>Ring mode: the engine thread's SCHED_FIFO request (priority, errno; 0 = granted), once known.</summary>
    public (int Priority, int Error)? EngineRealtime { get; private set; }
    public long StartTimestamp { get; private set; }

    public LiveStream(PortAudioSession session, StreamRequest request, IProcessor processor)
    {
        this.session = session;
        this.request = request;
        this.processor = processor;
        if (request.PrefillBlocks < 0 || request.PrefillBlocks > 64) throw new LiveAmpException($"--prefill {request.PrefillBlocks}: expected 0..64 blocks");
        HostApi api = session.FindHostApi(request.HostApi);
        InputDevice = session.FindDevice(api, request.InputDevice ?? request.Device, input: true);
        OutputDevice = session.FindDevice(api, request.OutputDevice ?? request.Device, input: false);
        if (request.InputChannel < 1 || request.InputChannel > InputDevice.MaxInputChannels)
            throw new LiveAmpException($"--input-channel {request.InputChannel}: device '{InputDevice.Name}' has input channels 1..{InputDevice.MaxInputChannels}");
        if (request.OutputChannels.Length == 0 || request.OutputChannels.Any(c => c < 1 || c > Math.Min(64, OutputDevice.MaxOutputChannels)))
            throw new LiveAmpException($"--output-channels {string.Join(",", request.OutputChannels)}: device '{OutputDevice.Name}' has output channels 1..{OutputDevice.MaxOutputChannels}");
        inChannels = request.InputChannel;
        inChannelIndex = request.InputChannel - 1;
        outChannels = request.OutputChannels.Max();
        foreach (int c in request.OutputChannels) outMask |= 1UL << (c - 1);
        SampleRate = request.SampleRate ?? OutputDevice.DefaultSampleRate;
        // On JACK a fixed framesPerBuffer makes PortAudio add one buffer of latency; 0 takes the server's period.
        FramesPerBuffer = api.IsJack ? 0 : request.BufferFrames;
        if (!api.IsJack && (FramesPerBuffer < 16 || FramesPerBuffer > MaxDeviceFrames)) throw new LiveAmpException($"--buffer {FramesPerBuffer}: expected 16..{MaxDeviceFrames} frames");
        periodTicksPerFrame = Stopwatch.Frequency / SampleRate;
        inputSamples = request.InputSamples;

        processor.Prepare((int)SampleRate, MaxProcessFrames);
        if (request.Record) RecordRing = new SpscRing((int)SampleRate * 16);
        if (request.Mode == EngineMode.Ring)
        {
            InputRing = new SpscRing(MaxDeviceFrames * 4);
            OutputRing = new SpscRing(MaxDeviceFrames * (request.PrefillBlocks + 4));
            shim = RingShim.Create(InputRing.Handle, OutputRing.Handle, RecordRing?.Handle ?? 0, inChannels, inChannelIndex,
                outChannels, outMask, request.PrefillBlocks, SampleRate);
            if (shim == 0) throw new InvalidOperationException("la_shim_create failed");
        }
        else
        {
            directCounters = (CallbackCounters*)NativeMemory.AllocZeroed((nuint)sizeof(CallbackCounters));
        }
        self = GCHandle.Alloc(this);

        var inParams = new PaStreamParameters
        {
            Device = InputDevice.Index, ChannelCount = inChannels, SampleFormat = new CULong(PortAudioNative.Float32),
            SuggestedLatency = InputDevice.DefaultLowInputLatency,
        };
        var outParams = new PaStreamParameters
        {
            Device = OutputDevice.Index, ChannelCount = outChannels, SampleFormat = new CULong(PortAudioNative.Float32),
            SuggestedLatency = OutputDevice.DefaultLowOutputLatency,
        };
        nint callback = request.Mode == EngineMode.Ring
            ? RingShim.CallbackAddress()
            : (nint)(delegate* unmanaged[Cdecl]<void*, void*, CULong, void*, CULong, void*, int>)&DirectCallback;
        nint user = request.Mode == EngineMode.Ring ? shim : GCHandle.ToIntPtr(self);
        nint s;
        int rc = PortAudioNative.Pa_OpenStream(&s, &inParams, &outParams, SampleRate, new CULong((uint)FramesPerBuffer),
            new CULong(PortAudioNative.ClipOff | PortAudioNative.DitherOff), callback, user);
        if (rc < 0)
        {
            FreeNative();
            throw new LiveAmpException($"cannot open '{InputDevice.Name}' → '{OutputDevice.Name}' ({api.Name}) at {SampleRate:0} Hz, "
                + $"in channel {request.InputChannel}, out channels {string.Join(",", request.OutputChannels)}: Pa_OpenStream failed: "
                + $"{PortAudioException.ErrorText(rc)} (PortAudio error {rc})");
        }
        stream = s;
        PaStreamInfo* info = PortAudioNative.Pa_GetStreamInfo(stream);
        if (info != null)
        {
            PortAudioInputLatency = info->InputLatency;
            PortAudioOutputLatency = info->OutputLatency;
            SampleRate = info->SampleRate;
        }
    }

    /// <summary>Warms up the processing path, starts the engine thread (ring mode) and the stream.</summary>
    public void Start()
    {
        WarmUp();
        StartTimestamp = Stopwatch.GetTimestamp();
        if (request.Mode == EngineMode.Ring)
        {
            using var ready = new ManualResetEventSlim();
            engineThread = new Thread(() => EngineLoop(ready)) { IsBackground = true, Name = "liveamp-engine" };
            engineThread.Start();
            ready.Wait();
        }
        PortAudioException.Check("Pa_StartStream", PortAudioNative.Pa_StartStream(stream));
        started = true;
    }

    // The first entry of a managed callback JITs and attaches the thread: do the JIT part here, not on the audio thread.
    void WarmUp()
    {
        var block = scratch.AsSpan(0, 64);
        for (int i = 0; i < 64; i++)
        {
            block.Clear();
            processor.Process(block);
        }
        processor.Reset();
        if (request.Mode == EngineMode.Direct)
        {
            float[] fakeIn = new float[64 * inChannels], fakeOut = new float[64 * outChannels];
            int savedPosition = inputPosition;
            warmingUp = true;
            fixed (float* pin = fakeIn, pout = fakeOut)
                for (int i = 0; i < 8; i++)
                    ((delegate* unmanaged[Cdecl]<void*, void*, CULong, void*, CULong, void*, int>)&DirectCallback)(pin, pout, new CULong(64), null, new CULong(0), (void*)GCHandle.ToIntPtr(self));
            // Forget what the warm-up did.
            inputPosition = savedPosition;
            NativeMemory.Clear(directCounters, (nuint)sizeof(CallbackCounters));
            previousStartTicks = 0;
            while (Telemetry.TryTake(out _)) { }
            warmingUp = false;
            processor.Reset();
        }
    }

    /// <summary>A copy of the callback's counters (safe from any thread; no PortAudio call).</summary>
    public CallbackCounters ReadCounters()
    {
        CallbackCounters c;
        if (shim != 0) RingShim.ReadStats(shim, &c);
        else c = *directCounters;
        return c;
    }

    /// <summary>PortAudio's own CPU-load estimate of the callback; 0 once the stream is stopped or abandoned.</summary>
    public double PortAudioCpuLoad => stream != 0 && !abandoned && !stopped ? PortAudioNative.Pa_GetStreamCpuLoad(stream) : 0;

    /// <summary>Pa_IsStreamActive; only while the server is believed alive.</summary>
    public bool IsActive => stream != 0 && !abandoned && !stopped && PortAudioNative.Pa_IsStreamActive(stream) == 1;

    /// <summary>Normal stop: stream, then engine thread.</summary>
    public void Stop()
    {
        if (stopped || abandoned) return;
        stopped = true;
        if (started) PortAudioNative.Pa_StopStream(stream);
        StopEngineThread();
    }

    /// <summary>The audio server died: PortAudio's stop/close/terminate would block for minutes, so the stream is
    /// left as it is; only our own engine thread is stopped.</summary>
    public void Abandon()
    {
        if (abandoned) return;
        abandoned = true;
        StopEngineThread();
        session.Abandon();
    }

    void StopEngineThread()
    {
        stopEngine = true;
        if (engineThread is null) return;
        RingShim.Post(shim);
        engineThread.Join(TimeSpan.FromSeconds(2));
    }

    public void Dispose()
    {
        if (abandoned) return; // a dead server's thread may still hold pointers into our memory: leak it
        Stop();
        if (stream != 0) PortAudioNative.Pa_CloseStream(stream);
        stream = 0;
        FreeNative();
    }

    void FreeNative()
    {
        if (shim != 0) RingShim.Destroy(shim);
        shim = 0;
        if (directCounters != null) NativeMemory.Free(directCounters);
        directCounters = null;
        InputRing?.Dispose();
        OutputRing?.Dispose();
        RecordRing?.Dispose();
        if (self.IsAllocated) self.Free();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static int DirectCallback(void* input, void* output, CULong frameCount, void* timeInfo, CULong statusFlags, void* userData)
    {
        try
        {
            ((LiveStream)GCHandle.FromIntPtr((nint)userData).Target!).ProcessDirect((float*)input, (float*)output, (int)frameCount.Value, statusFlags.Value);
        }
        catch
        {
            // An exception escaping here kills the process; silence is the safe answer.
            if (output != null) new Span<float>(output, (int)frameCount.Value * 64).Clear();
        }
        return PortAudioNative.Continue;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void ProcessDirect(float* input, float* output, int frameCount, ulong statusFlags)
    {
        long start = Stopwatch.GetTimestamp();
        long cpuStart = LibC.ThreadCpuNs();
        int startCpu = LibC.CurrentCpu();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        int gcStart = GC.CollectionCount(0);
        CallbackCounters* c = directCounters;
        if (c->Callbacks == 0)
        {
            if (!OperatingSystem.IsWindows())
            {
                int policy, priority;
                if (LibC.PthreadGetSchedParam(LibC.PthreadSelf(), &policy, &priority) == 0)
                {
                    c->CallbackPolicy = policy;
                    c->CallbackPriority = priority;
                }
            }
            c->FirstFrameCount = frameCount;
        }
        else
        {
            long intervalNs = (long)((start - previousStartTicks) * 1e9 / Stopwatch.Frequency);
            if (intervalNs > c->MaxIntervalNs) c->MaxIntervalNs = intervalNs;
            if (start - previousStartTicks > 1.5 * frameCount * periodTicksPerFrame) c->LateCallbacks++;
        }
        previousStartTicks = start;
        if ((statusFlags & PortAudioNative.InputOverflow) != 0) c->ServerInputOverflows++;
        if ((statusFlags & PortAudioNative.OutputUnderflow) != 0) c->ServerOutputUnderflows++;

        var meters = new Meters();
        for (int offset = 0; offset < frameCount; offset += MaxProcessFrames)
        {
            int n = Math.Min(MaxProcessFrames, frameCount - offset);
            Span<float> block = scratch.AsSpan(0, n);
            if (input != null)
                for (int i = 0; i < n; i++) block[i] = input[(offset + i) * inChannels + inChannelIndex];
            else block.Clear();
            if (inputSamples is not null) ReplaceWithFile(block);
            meters.AddInput(block);
            processor.Process(block);
            meters.AddOutput(block);
            if (output != null)
                for (int i = 0; i < n; i++)
                {
                    float* frame = output + (offset + i) * outChannels;
                    for (int ch = 0; ch < outChannels; ch++) frame[ch] = ((outMask >> ch) & 1) != 0 ? block[i] : 0f;
                }
            if (RecordRing is not null && !warmingUp)
            {
                int written = RecordRing.Write(block);
                c->RecordDroppedFrames += n - written;
            }
        }
        long end = Stopwatch.GetTimestamp();
        Telemetry.Add(meters.ToRecord(start, end, frameCount, gcStart, GC.CollectionCount(0), GC.GetAllocatedBytesForCurrentThread() - allocated, CpuSince(cpuStart), startCpu));
        c->Frames += frameCount;
        c->LastFrameCount = frameCount;
        long durationNs = (long)((end - start) * 1e9 / Stopwatch.Frequency);
        if (durationNs > c->MaxCallbackNs) c->MaxCallbackNs = durationNs;
        c->LastCallbackNs = (long)(end * 1e9 / Stopwatch.Frequency);
        Volatile.Write(ref c->Callbacks, c->Callbacks + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void ReplaceWithFile(Span<float> block)
    {
        float[] file = inputSamples!;
        int available = Math.Clamp(file.Length - inputPosition, 0, block.Length);
        file.AsSpan(inputPosition, available).CopyTo(block);
        block[available..].Clear();
        inputPosition += available;
    }

    // Ring mode: woken by the shim after each callback; processes whatever input is queued.
    void EngineLoop(ManualResetEventSlim ready)
    {
        WarmUpEngineThread();
        // Real-time from the first block on (lowest RT priority: above every normal thread); raised to just below
        // the callback thread once the first callback has told us its priority.
        if (!OperatingSystem.IsWindows()) EngineRealtime = (1, LibC.TrySetFifo(1));
        ready.Set();
        bool realtimeTried = false;
        CallbackCounters counters;
        while (!stopEngine)
        {
            if (RingShim.Wait(shim, 100) != 0) continue;
            if (!realtimeTried)
            {
                RingShim.ReadStats(shim, &counters);
                if (counters.Callbacks > 0)
                {
                    realtimeTried = true;
                    TryRealtime(counters);
                }
            }
            ProcessQueued();
        }
    }

    // Runs the engine thread's whole path once before the stream starts (JIT, P/Invoke stubs), then forgets it.
    void WarmUpEngineThread()
    {
        CallbackCounters counters;
        int savedPosition = inputPosition;
        for (int i = 0; i < 40; i++)
        {
            InputRing!.WriteZeros(64);
            RingShim.Wait(shim, 0);
            RingShim.ReadStats(shim, &counters);
            ProcessQueued();
            OutputRing!.Read(scratch.AsSpan(0, 64));
        }
        _ = LibC.PthreadSelf();
        inputPosition = savedPosition;
        while (Telemetry.TryTake(out _)) { }
        processor.Reset();
    }

    void TryRealtime(in CallbackCounters counters)
    {
        if (OperatingSystem.IsWindows()) return;
        // Just below the callback thread (JACK's client thread), or the lowest RT priority if that is not RT.
        bool callbackRt = counters.CallbackPolicy is LibC.SchedFifo or LibC.SchedRr;
        int priority = callbackRt ? Math.Max(1, (int)counters.CallbackPriority - 1) : 1;
        EngineRealtime = (priority, LibC.TrySetFifo(priority));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void ProcessQueued()
    {
        SpscRing inRing = InputRing!, outRing = OutputRing!;
        while (!stopEngine)
        {
            Span<float> block = scratch.AsSpan(0, MaxProcessFrames);
            int n = inRing.Read(block);
            if (n == 0) return;
            long start = Stopwatch.GetTimestamp();
            long cpuStart = LibC.ThreadCpuNs();
            int startCpu = LibC.CurrentCpu();
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            int gcStart = GC.CollectionCount(0);
            block = block[..n];
            if (inputSamples is not null) ReplaceWithFile(block);
            var meters = new Meters();
            meters.AddInput(block);
            processor.Process(block);
            meters.AddOutput(block);
            outRing.Write(block); // sized for the prefill plus slack; the shim counts any shortfall as underrun
            long end = Stopwatch.GetTimestamp();
            Telemetry.Add(meters.ToRecord(start, end, n, gcStart, GC.CollectionCount(0), GC.GetAllocatedBytesForCurrentThread() - allocated, CpuSince(cpuStart), startCpu));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static long CpuSince(long cpuStart)
    {
        long cpu = LibC.ThreadCpuNs();
        return cpuStart >= 0 && cpu >= 0 ? cpu - cpuStart : -1;
    }

    /// <summary>Peak/RMS/clip accumulation for one block.</summary>
    struct Meters
    {
        float peakIn, peakOut, sumSquaresIn, sumSquares;
        int clipped;

        public void AddInput(ReadOnlySpan<float> block)
        {
            for (int i = 0; i < block.Length; i++)
            {
                peakIn = MathF.Max(peakIn, MathF.Abs(block[i]));
                sumSquaresIn += block[i] * block[i];
            }
        }

        public void AddOutput(ReadOnlySpan<float> block)
        {
            for (int i = 0; i < block.Length; i++)
            {
                float a = MathF.Abs(block[i]);
                peakOut = MathF.Max(peakOut, a);
                sumSquares += block[i] * block[i];
                if (a >= 1f) clipped++;
            }
        }

        public readonly BlockRecord ToRecord(long start, long end, int frames, int gcStart, int gcEnd, long allocatedBytes, long cpuNs, int startCpu) => new()
        {
            StartTicks = start, EndTicks = end, Frames = frames, PeakIn = peakIn, PeakOut = peakOut,
            SumSquaresIn = sumSquaresIn, SumSquaresOut = sumSquares, ClippedSamples = clipped, GcCountStart = gcStart, GcCountEnd = gcEnd,
            AllocatedBytes = allocatedBytes, CpuNs = cpuNs, StartCpu = startCpu, EndCpu = LibC.CurrentCpu(),
        };
    }
}
