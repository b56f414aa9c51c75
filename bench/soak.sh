#!/usr/bin/env bash
# Soak benchmark (not in CI): LiveAmp plays for 10 minutes on a JACK dummy server at 48 kHz / 64 frames with
# ../shared/models/wavenet_a1_standard.nam + an 8192-tap IR and the dashboard running (in tmux), reamping a DI file in a
# loop. Beside it, in the same run, a do-nothing client (`liveamp play --headless` on an empty preset) counts the xruns
# the server reports for everybody, and jack_simple_client plays a sine, so that LiveAmp's own xruns can be told from
# what this machine's scheduling causes anyway. Memory (RSS) is sampled every 30 s.
#   bench/soak.sh [seconds] [engine] [prefill]      (default 600 s, ring, 2 blocks)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
engine=${2:-ring}
prefill=${3:-2}
cleanup() { tmux kill-session -t "${server:-}" 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
. bench/jack-setup.sh soak
printf 'schema = 1\nname = "Nothing"\n[gate]\nenabled = false\n[eq]\nenabled = false\n' > "$work/nothing.toml"
jack_simple_client > /dev/null 2>&1 &
"$liveamp" play --headless --engine direct --preset "$work/nothing.toml" --duration "$seconds" > "$work/nothing.log" 2>&1 &
nothing_pid=$!
# The dashboard needs a terminal: tmux gives it one, and pipe-pane logs what it shows (the summary comes at the end).
tmux new-session -d -s "$server" -x 120 -y 40 \
  "'$liveamp' play --engine $engine --prefill $prefill --preset '$work/chain.toml' --input-file '$work/di.wav' --duration $seconds; sleep 5"
tmux pipe-pane -t "$server" -o "cat >> '$work/liveamp.log'"

echo "soaking for $seconds s (engine $engine, prefill $prefill); logs in $work"
: > "$work/rss.txt"
for ((t = 0; t < seconds; t += 30)); do
  sleep 30
  pid=$(pgrep -f "liveamp play --engine $engine --prefill $prefill --preset $work/chain.toml" | head -1 || true)
  [ -n "$pid" ] && echo "$t $(ps -o rss= -p "$pid")" >> "$work/rss.txt"
done
tmux capture-pane -t "$server" -p > "$work/screen.txt" 2>/dev/null || true
wait "$nothing_pid" 2>/dev/null || true
sleep 6   # the dashboard's summary and the tmux session's end

result=$(sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' "$work/liveamp.log" | tr '\r' '\n' | grep -ao 'result: .*' | tail -1 || true)
nothing=$(grep -a '^result:' "$work/nothing.log" | tail -1 || true)
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
echo "LiveAmp:    $result"
echo "do-nothing: $nothing"
echo "RSS (kB) every 30 s: $(awk '{print $2}' "$work/rss.txt" | tr '\n' ' ')"
echo "summary: xruns caused by LiveAmp $(field own_xruns "$result") (near a GC $(field own_xruns_near_gc "$result"); the do-nothing client judged the same way: $(field own_xruns "$nothing")), by the machine $(field machine_xruns "$result") (by kind: over budget $(field over_budget "$result"), underruns $(field underruns "$result"), late callbacks $(field late "$result"); late blocks absorbed by the ring $(field absorbed_late_blocks "$result")); server xruns seen by LiveAmp $(field server_xruns "$result"), by the do-nothing client $(field server_xruns "$nothing") (its own late callbacks $(field late "$nothing")); LiveAmp's GCs while playing $(field gcs_while_playing "$result"), allocated $(field alloc_while_playing_bytes "$result") B; DSP load mean $(field dsp_load_mean_pct "$result") %, max $(field dsp_load_max_pct "$result") %; host pauses $(field host_pauses "$result")"
echo "last dashboard screen:"; cat "$work/screen.txt"
