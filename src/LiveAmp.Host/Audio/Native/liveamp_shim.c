/* LiveAmp ring-mode audio callback.
 *
 * A .NET garbage collection stalls every thread that runs managed code, a managed audio callback included
 * (shared/docs/realtime-dotnet.md). In ring mode PortAudio calls this C function instead: it only copies the
 * selected input channel into a ring, copies processed samples from another ring to the output channels, posts a
 * semaphore that wakes the managed engine thread, and counts what went wrong. It never calls into .NET, so a GC
 * shorter than the prefill cannot make it late.
 *
 * Ring layout must match Audio/Buffers/SpscRing.cs. Counters are int64 written only by the callback thread
 * (relaxed atomics) and read by la_shim_read_stats from another thread. No portaudio.h is needed: the callback
 * signature and flag values are part of PortAudio's stable ABI.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct la_ring {
    int64_t capacity;
    int64_t mask;
    char pad0[48];
    uint64_t write; /* producer's counter, own cache line */
    char pad1[56];
    uint64_t read; /* consumer's counter, own cache line */
    char pad2[56];
    float data[];
} la_ring;

/* Mirrors ShimStats in Audio/Native/RingShim.cs: int64 fields only, in this order. */
typedef struct la_stats {
    int64_t callbacks;
    int64_t frames;
    int64_t underruns;
    int64_t underrun_frames;
    int64_t overruns;
    int64_t overrun_frames;
    int64_t server_input_overflows;
    int64_t server_output_underflows;
    int64_t late_callbacks;
    int64_t first_frame_count;
    int64_t last_frame_count;
    int64_t last_callback_ns;
    int64_t max_interval_ns;
    int64_t max_callback_ns;
    int64_t callback_policy;
    int64_t callback_priority;
    int64_t prefill_frames;
    int64_t record_dropped_frames;
    int64_t last_underrun_ns;
} la_stats;

typedef struct la_shim {
    la_ring *in_ring, *out_ring, *record_ring;
    int32_t in_channels, in_channel, out_channels;
    uint64_t out_mask; /* bit c set: output channel c gets the mono signal */
    int32_t prefill_blocks;
    double sample_rate;
    sem_t wake;
    int64_t skip_frames; /* output owed from an underrun, dropped when it arrives to keep latency fixed */
    int64_t prev_start_ns;
    la_stats stats;
} la_shim;

#define STORE(field, v) __atomic_store_n(&(field), (v), __ATOMIC_RELAXED)
#define LOAD(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Producer side: pushes n samples read with a stride; returns how many fit. */
static uint64_t ring_push_strided(la_ring *r, const float *src, uint64_t n, int stride)
{
    uint64_t w = r->write;
    uint64_t free_ = (uint64_t)r->capacity - (w - __atomic_load_n(&r->read, __ATOMIC_ACQUIRE));
    if (n > free_) n = free_;
    for (uint64_t i = 0; i < n; i++) r->data[(w + i) & (uint64_t)r->mask] = src ? src[i * (uint64_t)stride] : 0.0f;
    __atomic_store_n(&r->write, w + n, __ATOMIC_RELEASE);
    return n;
}

/* Consumer side: pops up to n samples into dst (or discards them when dst is NULL); returns how many. */
static uint64_t ring_pop(la_ring *r, float *dst, uint64_t n)
{
    uint64_t rd = r->read;
    uint64_t avail = __atomic_load_n(&r->write, __ATOMIC_ACQUIRE) - rd;
    if (n > avail) n = avail;
    if (dst)
        for (uint64_t i = 0; i < n; i++) dst[i] = r->data[(rd + i) & (uint64_t)r->mask];
    __atomic_store_n(&r->read, rd + n, __ATOMIC_RELEASE);
    return n;
}

#define MAX_BLOCK 8192
#define PA_INPUT_OVERFLOW 0x2UL
#define PA_OUTPUT_UNDERFLOW 0x4UL

int la_shim_callback(const void *input, void *output, unsigned long frame_count, const void *time_info,
                     unsigned long status_flags, void *user_data)
{
    (void)time_info;
    la_shim *s = (la_shim *)user_data;
    int64_t start = now_ns();
    int64_t callbacks = s->stats.callbacks;
    if (callbacks == 0) {
        int policy;
        struct sched_param param;
        if (pthread_getschedparam(pthread_self(), &policy, &param) == 0) {
            STORE(s->stats.callback_policy, policy);
            STORE(s->stats.callback_priority, param.sched_priority);
        }
        STORE(s->stats.first_frame_count, (int64_t)frame_count);
        STORE(s->stats.prefill_frames, (int64_t)frame_count * s->prefill_blocks);
    } else {
        int64_t interval = start - s->prev_start_ns;
        if (interval > s->stats.max_interval_ns) STORE(s->stats.max_interval_ns, interval);
        /* Late: the gap since the previous callback exceeds 1.5 periods of this block size. */
        if ((double)interval > 1.5e9 * (double)frame_count / s->sample_rate)
            STORE(s->stats.late_callbacks, s->stats.late_callbacks + 1);
    }
    s->prev_start_ns = start;
    if (status_flags & PA_INPUT_OVERFLOW) STORE(s->stats.server_input_overflows, s->stats.server_input_overflows + 1);
    if (status_flags & PA_OUTPUT_UNDERFLOW) STORE(s->stats.server_output_underflows, s->stats.server_output_underflows + 1);

    /* Input: one channel of the interleaved block into the engine's ring. */
    const float *in = (const float *)input;
    uint64_t pushed = ring_push_strided(s->in_ring, in ? in + s->in_channel : NULL, frame_count, s->in_channels);
    if (pushed < frame_count) {
        STORE(s->stats.overruns, s->stats.overruns + 1);
        STORE(s->stats.overrun_frames, s->stats.overrun_frames + (int64_t)(frame_count - pushed));
    }
    sem_post(&s->wake);

    /* Output: silence while the engine fills the prefill blocks, then the processed ring. */
    float mono[MAX_BLOCK];
    unsigned long frames = frame_count > MAX_BLOCK ? MAX_BLOCK : frame_count;
    uint64_t got = 0;
    if (callbacks >= s->prefill_blocks) {
        if (s->skip_frames > 0) s->skip_frames -= (int64_t)ring_pop(s->out_ring, NULL, (uint64_t)s->skip_frames);
        if (s->skip_frames == 0) {
            got = ring_pop(s->out_ring, mono, frames);
            if (got < frames) {
                STORE(s->stats.last_underrun_ns, start);
                STORE(s->stats.underruns, s->stats.underruns + 1);
                STORE(s->stats.underrun_frames, s->stats.underrun_frames + (int64_t)(frames - got));
                s->skip_frames += (int64_t)(frames - got);
            }
        } else {
            STORE(s->stats.last_underrun_ns, start);
            STORE(s->stats.underruns, s->stats.underruns + 1);
            STORE(s->stats.underrun_frames, s->stats.underrun_frames + (int64_t)frames);
            s->skip_frames += (int64_t)frames;
        }
    }
    if (got < frames) memset(mono + got, 0, (frames - got) * sizeof(float));
    float *out = (float *)output;
    if (out) {
        for (unsigned long i = 0; i < frame_count; i++) {
            float v = i < frames ? mono[i] : 0.0f;
            for (int c = 0; c < s->out_channels; c++)
                out[i * (unsigned long)s->out_channels + (unsigned long)c] = ((s->out_mask >> c) & 1) ? v : 0.0f;
        }
    }
    if (s->record_ring) {
        uint64_t rec = ring_push_strided(s->record_ring, mono, frames, 1);
        if (rec < frames) STORE(s->stats.record_dropped_frames, s->stats.record_dropped_frames + (int64_t)(frames - rec));
    }

    STORE(s->stats.frames, s->stats.frames + (int64_t)frame_count);
    STORE(s->stats.last_frame_count, (int64_t)frame_count);
    int64_t end = now_ns();
    if (end - start > s->stats.max_callback_ns) STORE(s->stats.max_callback_ns, end - start);
    STORE(s->stats.last_callback_ns, end);
    __atomic_store_n(&s->stats.callbacks, callbacks + 1, __ATOMIC_RELEASE);
    return 0; /* paContinue */
}

la_shim *la_shim_create(la_ring *in_ring, la_ring *out_ring, la_ring *record_ring, int32_t in_channels,
                        int32_t in_channel, int32_t out_channels, uint64_t out_mask, int32_t prefill_blocks,
                        double sample_rate)
{
    la_shim *s = (la_shim *)calloc(1, sizeof(la_shim));
    if (!s) return NULL;
    s->in_ring = in_ring;
    s->out_ring = out_ring;
    s->record_ring = record_ring;
    s->in_channels = in_channels;
    s->in_channel = in_channel;
    s->out_channels = out_channels;
    s->out_mask = out_mask;
    s->prefill_blocks = prefill_blocks;
    s->sample_rate = sample_rate;
    if (sem_init(&s->wake, 0, 0) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

void *la_shim_callback_address(void) { return (void *)&la_shim_callback; }

/* Engine thread: waits until the callback posts or timeout_ms passes. 0 = woken, 1 = timed out. */
int la_shim_wait(la_shim *s, int32_t timeout_ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += timeout_ms / 1000;
    ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    while (sem_timedwait(&s->wake, &ts) != 0) {
        if (errno == ETIMEDOUT) return 1;
        if (errno != EINTR) return -1;
    }
    return 0;
}

/* Wakes the engine thread (used to stop it). */
void la_shim_post(la_shim *s) { sem_post(&s->wake); }

/* Copies the counters for a reader on another thread. */
void la_shim_read_stats(la_shim *s, la_stats *out)
{
    int64_t *dst = (int64_t *)out;
    int64_t *src = (int64_t *)&s->stats;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    for (size_t i = 0; i < sizeof(la_stats) / sizeof(int64_t); i++) dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}

int64_t la_shim_now_ns(void) { return now_ns(); }

void la_shim_destroy(la_shim *s)
{
    if (!s) return;
    sem_destroy(&s->wake);
    free(s);
}
