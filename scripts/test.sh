#!/usr/bin/env bash
# Runs every test: installs the native parts, builds, runs the suite, then re-runs the SIMD kernel tests with
# AVX-512, AVX2 and all hardware intrinsics disabled so that each fallback path is exercised.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dotnet build LiveAmp.sln -c Release -nologo -v q

log=$(mktemp)
run() { dotnet test LiveAmp.sln -c Release --no-build -nologo "$@" 2>&1 | tee -a "$log"; return "${PIPESTATUS[0]}"; }

status=0
run || status=1
for knob in DOTNET_EnableAVX512 DOTNET_EnableAVX2 DOTNET_EnableHWIntrinsic; do
  echo "== kernel tests with $knob=0"
  env "$knob=0" LIVEAMP_EXPECT_DISABLED="$knob" dotnet test tests/LiveAmp.Engine.Tests -c Release --no-build -nologo \
    --filter "Category=Kernels" 2>&1 | tee -a "$log" || status=1
done

# One plain summary line over every run above.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
