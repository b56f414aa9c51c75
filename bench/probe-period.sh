#!/usr/bin/env bash
# Stall-probe period, A against B in one run (not in CI): two direct-mode LiveAmp clients on one JACK dummy server at
# 48 kHz / 64 frames, both playing the soak chain (wavenet_a1_standard + an 8192-tap IR) over the shared DI captures,
# their probes waking every A and B µs (LIVEAMP_PROBE_PERIOD_US). A pause the probe misses is charged to LiveAmp's
# thread as CPU time, so the xruns blamed on LiveAmp are the figure to compare; both clients see the same machine.
#   bench/probe-period.sh [seconds] [period_a_us] [period_b_us]      (default 300 s, 1000 against 500)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
scripts/install-deps.sh
dotnet build src/LiveAmp.Host -c Release -nologo -v q >/dev/null
liveamp="$PWD/src/LiveAmp.Host/bin/Release/net10.0/liveamp"
work=$(mktemp -d /tmp/liveamp-probe.XXXXXX)
server=liveamp-probe-$$
export JACK_DEFAULT_SERVER=$server JACK_NO_START_SERVER=1
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT

sox -n -r 48000 -b 24 -c 1 "$work/ir8192.wav" synth 8192s pinknoise fade q 0 8192s 8000s
printf 'schema = 1\nname = "A1 standard + 8192-tap IR"\n[amp]\nmodel = "%s"\n[cab]\nir = "%s"\n' \
  "$(realpath ../shared/models/wavenet_a1_standard.nam)" "$work/ir8192.wav" > "$work/chain.toml"
sox $(ls ../shared/captures/di_*.wav) -r 48000 -c 1 -e float -b 32 "$work/di.wav"

jackd -n "$server" -d dummy -r 48000 -p 64 > "$work/jackd.log" 2>&1 &
jack_wait -w -t 10 >/dev/null 2>&1
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
