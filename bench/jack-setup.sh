# Sourced by the JACK benchmarks (soak.sh, probe-period.sh): installs and builds what they need, makes a work folder
# with the benchmark chain (../shared/models/wavenet_a1_standard.nam + an 8192-tap IR: $work/chain.toml) and a long DI
# ($work/di.wav: the shared captures one after another), and starts a JACK dummy server at 48 kHz / 64 frames that the
# clients started afterwards use. Arguments: a name for the work folder and the server.
name=$1
scripts/install-deps.sh
dotnet build src/LiveAmp.Host -c Release -nologo -v q >/dev/null
liveamp="$PWD/src/LiveAmp.Host/bin/Release/net10.0/liveamp"
work=$(mktemp -d "/tmp/liveamp-$name.XXXXXX")
server=liveamp-$name # a fixed name: a server left by a killed run gives its registry slot to the next one
export JACK_DEFAULT_SERVER=$server JACK_NO_START_SERVER=1

sox -n -r 48000 -b 24 -c 1 "$work/ir8192.wav" synth 8192s pinknoise fade q 0 8192s 8000s
printf 'schema = 1\nname = "Soak: A1 standard + 8192-tap IR"\n[amp]\nmodel = "%s"\n[cab]\nir = "%s"\n' \
  "$(realpath ../shared/models/wavenet_a1_standard.nam)" "$work/ir8192.wav" > "$work/chain.toml"
sox $(ls ../shared/captures/di_*.wav) -r 48000 -c 1 -e float -b 32 "$work/di.wav"

jackd -n "$server" -d dummy -r 48000 -p 64 > "$work/jackd.log" 2>&1 &
jack_wait -w -t 10 >/dev/null 2>&1 || { cat "$work/jackd.log" >&2; exit 1; }
