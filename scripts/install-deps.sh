#!/usr/bin/env bash
# Installs the native parts LiveAmp and its tests use, from Debian's packages:
# libportaudio2 (audio I/O), jackd2 (a real JACK server; its dummy driver needs no sound card),
# sox (reference audio files and resampling for tests), tmux (screen captures of the UI), gcc (the native ring shim). Idempotent; needs root (or sudo).
set -euo pipefail
need=()
dpkg -s libportaudio2 >/dev/null 2>&1 || need+=(libportaudio2)
dpkg -s jackd2 >/dev/null 2>&1 || need+=(jackd2)
dpkg -s sox >/dev/null 2>&1 || need+=(sox)
dpkg -s tmux >/dev/null 2>&1 || need+=(tmux)
dpkg -s gcc >/dev/null 2>&1 || need+=(gcc)
dpkg -s libsox-fmt-all >/dev/null 2>&1 || need+=(libsox-fmt-all)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
