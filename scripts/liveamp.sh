#!/usr/bin/env bash
# LiveAmp's main job: play live through the shipped default preset (crunch). Extra arguments go to `liveamp play`
# (e.g. --host-api jack, --device 2, --input-channel 2, --preset high-gain, --engine ring).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dotnet build src/LiveAmp.Host -c Release -nologo -v q >/dev/null

if [ ! -e /dev/snd ] && ! jack_lsp >/dev/null 2>&1; then
  cat >&2 <<'MSG'
liveamp: this machine has no sound card (/dev/snd is missing) and no JACK server is running.
Start JACK's dummy driver (no sound card needed), then run this again on it:
  jackd -d dummy -r 48000 -p 64 &
  scripts/liveamp.sh --host-api jack
MSG
  exit 1
fi
exec src/LiveAmp.Host/bin/Release/net10.0/liveamp play "$@"
