/* LiveAmp stall probe: when did the host stop running one of our CPUs?
 *
 * On a virtual machine the host can pause a virtual CPU for milliseconds; the guest then charges that time as CPU
 * time to whatever thread was on it, so an audio block looks "overloaded" when its thread did nothing (measured on
 * the project's VM: 1-13 ms pauses, several a second under load). One thread per CPU, pinned there at the highest
 * real-time priority, wakes every half millisecond; a wake-up later than the threshold means nothing of the guest ran on
 * that CPU for that long (the probe would have preempted any guest thread), and the interval is recorded. A busy
 * audio thread does not delay the probe, so LiveAmp's own overload is never taken for a pause.
 *
 * Each CPU's intervals go into a small ring written only by its probe thread and read by the stats thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define LA_PROBE_MAX_CPUS 64
#define LA_PROBE_RING 256 /* intervals kept per CPU: about 10 s at the worst rate seen */

typedef struct la_stall {
    int64_t from_ns;      /* the probe's last run before it: the earliest the pause can have begun */
    int64_t missed_ns;    /* the wake-up it missed: the CPU was paused from here at the latest */
    int64_t to_ns;        /* the late wake-up: the pause's end */
} la_stall;

typedef struct la_probe_cpu {
    struct la_probe *owner;
    int cpu;
    pthread_t thread;
    int started;
    uint64_t count; /* intervals written so far (release-stored after the entry) */
    la_stall ring[LA_PROBE_RING];
    int64_t longest_ns;
} la_probe_cpu;

typedef struct la_probe {
    int64_t period_ns, threshold_ns;
    int stop;
    int realtime; /* 1 when every probe thread got SCHED_FIFO */
    int ncpu;
    la_probe_cpu cpus[LA_PROBE_MAX_CPUS];
} la_probe;

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *probe_loop(void *arg)
{
    la_probe_cpu *c = (la_probe_cpu *)arg;
    la_probe *p = c->owner;
    int64_t next = mono_ns(), ran = next;
    while (!__atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
        next += p->period_ns;
        struct timespec ts = {.tv_sec = next / 1000000000LL, .tv_nsec = next % 1000000000LL};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        int64_t now = mono_ns();
        int64_t late = now - next;
        if (late > p->threshold_ns) {
            /* The pause lasted at least `late`, but it may have begun any time after the probe last ran: a pause that
             * began mid-sleep is charged to the guest thread from its start. The interval recorded is the widest
             * possible one, from the last run; counting from `next` left up to a period of it charged to the thread. */
            uint64_t n = c->count;
            c->ring[n % LA_PROBE_RING] = (la_stall){.from_ns = ran, .missed_ns = next, .to_ns = now};
            if (late > c->longest_ns) __atomic_store_n(&c->longest_ns, late, __ATOMIC_RELAXED);
            __atomic_store_n(&c->count, n + 1, __ATOMIC_RELEASE);
            next = now; /* no catching up: the missed wake-ups would record the same pause again */
        }
        ran = now;
    }
    return NULL;
}

/* Starts one probe thread per CPU this process may run on (at most 64). NULL if none could start. */
la_probe *la_probe_start(int32_t period_us, int32_t threshold_us)
{
    la_probe *p = (la_probe *)calloc(1, sizeof(la_probe));
    if (!p) return NULL;
    p->period_ns = (int64_t)period_us * 1000;
    p->threshold_ns = (int64_t)threshold_us * 1000;
    p->realtime = 1;
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) CPU_ZERO(&allowed);
    for (int cpu = 0; cpu < CPU_SETSIZE && p->ncpu < LA_PROBE_MAX_CPUS; cpu++) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        la_probe_cpu *c = &p->cpus[p->ncpu];
        c->owner = p;
        c->cpu = cpu;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        pthread_attr_setaffinity_np(&attr, sizeof one, &one);
        pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
        struct sched_param param = {.sched_priority = sched_get_priority_max(SCHED_FIFO)};
        pthread_attr_setschedparam(&attr, &param);
        if (pthread_create(&c->thread, &attr, probe_loop, c) != 0) {
            /* No real-time rights: a normal-priority probe would be delayed by every busy thread, so none runs. */
            pthread_attr_destroy(&attr);
            p->realtime = 0;
            break;
        }
        pthread_attr_destroy(&attr);
        c->started = 1;
        p->ncpu++;
    }
    if (p->ncpu == 0 || !p->realtime) {
        __atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
        for (int i = 0; i < p->ncpu; i++) pthread_join(p->cpus[i].thread, NULL);
        free(p);
        return NULL;
    }
    return p;
}

/* How long CPU `cpu` was paused within [from_ns, to_ns] (CLOCK_MONOTONIC), as far as the probe saw, for a block
 * that a thread ended on that CPU at to_ns. That thread was running then, so a pause whose known part (from the
 * missed wake-up on) comes after to_ns began after the block: it is not counted, although its widest interval, from
 * the probe's last run, reaches into the block. A block that ended inside the known part is a race at the CPU's
 * resumption (the thread read its clock before the probe did) and counts. (For the CPU a migrated block started on
 * this can miss a pause: the block's CPU time is then LiveAmp's, the careful side.) */
int64_t la_probe_paused_ns(la_probe *p, int32_t cpu, int64_t from_ns, int64_t to_ns)
{
    for (int i = 0; i < p->ncpu; i++) {
        la_probe_cpu *c = &p->cpus[i];
        if (c->cpu != cpu) continue;
        uint64_t n = __atomic_load_n(&c->count, __ATOMIC_ACQUIRE);
        uint64_t first = n > LA_PROBE_RING ? n - LA_PROBE_RING : 0;
        int64_t total = 0;
        for (uint64_t k = first; k < n; k++) {
            la_stall s = c->ring[k % LA_PROBE_RING];
            if (to_ns < s.missed_ns) continue;
            int64_t a = s.from_ns > from_ns ? s.from_ns : from_ns;
            int64_t b = s.to_ns < to_ns ? s.to_ns : to_ns;
            if (b > a) total += b - a;
        }
        return total;
    }
    return 0;
}

/* Pauses seen on all CPUs so far, and the longest. */
void la_probe_totals(la_probe *p, int64_t *count, int64_t *longest_ns)
{
    int64_t n = 0, longest = 0;
    for (int i = 0; i < p->ncpu; i++) {
        n += (int64_t)__atomic_load_n(&p->cpus[i].count, __ATOMIC_ACQUIRE);
        int64_t l = __atomic_load_n(&p->cpus[i].longest_ns, __ATOMIC_RELAXED);
        if (l > longest) longest = l;
    }
    *count = n;
    *longest_ns = longest;
}

int32_t la_probe_cpu_count(la_probe *p) { return p->ncpu; }

void la_probe_stop(la_probe *p)
{
    if (!p) return;
    __atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
    for (int i = 0; i < p->ncpu; i++)
        if (p->cpus[i].started) pthread_join(p->cpus[i].thread, NULL);
    free(p);
}
