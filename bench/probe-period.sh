#!/usr/bin/env bash
# Stall-probe period, A against B in one run (not in CI): two direct-mode LiveAmp clients on one JACK dummy server at
# 48 kHz / 64 frames, both playing the soak chain (wavenet_a1_standard + an 8192-tap IR) over the shared DI captures,
# their probes waking every A and B µs (LIVEAMP_PROBE_PERIOD_US). A pause the probe misses is charged to LiveAmp's
# thread as CPU time, so the xruns blamed on LiveAmp are the figure to compare; both clients see the same machine.
#   bench/probe-period.sh [seconds] [period_a_us] [period_b_us]      (default 300 s, 1000 against 500)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT
. bench/jack-setup.sh probe
pids=()
for period in "${2:-1000}" "${3:-500}"; do
  LIVEAMP_PROBE_PERIOD_US=$period "$liveamp" play --headless --engine direct --preset "$work/chain.toml" \
    --input-file "$work/di.wav" --duration "$seconds" > "$work/probe-$period.log" 2>&1 &
  pids+=($!)
done
echo "playing for $seconds s; logs in $work"
wait "${pids[@]}"
field() { grep -a '^result:' "$2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
for log in "$work"/probe-*.log; do
  period=${log##*probe-}; period=${period%.log}
  echo "probe every $period µs: xruns blamed on LiveAmp $(field own_xruns "$log") (blocks $(field own_over_budget "$log")), by the machine $(field machine_xruns "$log"); pauses seen $(field host_pauses "$log")"
done
