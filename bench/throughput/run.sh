#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# End-to-end throughput: the C demo firmware (examples/c-demo, linked with
# libota.a) updated over MQTT streams and HTTP by the cloud stand-in, through
# the embedded broker and mosquitto (Jobs plugin, set_tcp_nodelay true), all
# on 127.0.0.1.
#
#   bash bench/throughput/run.sh [OUT_DIR]     (default: target/bench-out/throughput)
#
# Builds libota.a and the demo once per configuration of bench/throughput/
# (bpr-N: N blocks per stream request), each into its own directory
# target/bench-throughput/<config> (libota.a in <config>/cargo), all at once;
# then runs examples/demo/examples/throughput.rs, which writes
# OUT_DIR/throughput.json, and prints the grid (bench/throughput/grid.py).
#
# Environment: OTA_TP_RUNS (runs per case, default 3), OTA_TP_SIZES (MiB,
# default 1,8), OTA_TP_BPR (MQTT settings, default "1 8 16 32"; each needs a
# bench/throughput/bpr-N), OTA_TP_BROKERS (default embedded,mosquitto).
#
# Exits 0 even when runs fail (they are printed and marked in the report);
# non-zero only when nothing could be measured (a build failed).
set -uo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
OUT=${1:-target/bench-out/throughput}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
BUILD_ROOT=$REPO/target/bench-throughput
RUNS=${OTA_TP_RUNS:-3}
SIZES=${OTA_TP_SIZES:-1,8}
BPRS=${OTA_TP_BPR:-1 8 16 32}
BROKERS=${OTA_TP_BROKERS:-embedded,mosquitto}
HTTP_CONFIG=bpr-1   # HTTP asks for one block per request whatever the setting
LOG=$OUT/build.log
: > "$LOG"
rm -f "$OUT/throughput.json"

# Settings meant for other builds must not leak into these.
unset OTA_CONFIG_DIR OTA_CONFIG_INCLUDE_DIRS OTA_CONFIG_DEFINES OTA_CONFIG_CLANG_ARGS \
      OTA_C_ENUM_SIZE OTA_DO_NOT_USE_CUSTOM_CONFIG CARGO_BUILD_TARGET CARGO_TARGET_DIR \
      RUSTFLAGS MAKEFLAGS MFLAGS || true

for t in cargo make cc python3; do
    command -v "$t" >/dev/null 2>&1 || { echo "throughput: $t is missing" >&2; exit 1; }
done
if [ ! -e /usr/include/mosquitto.h ] && [ ! -e /usr/local/include/mosquitto.h ]; then
    echo "throughput: libmosquitto-dev is missing (the C demo needs it)" >&2
    exit 1
fi

# --- builds, concurrently: the harness and one libota.a + demo per configuration
echo "== throughput: building libota.a and the C demo per configuration ($BPRS blocks per request) and the harness" >&2
pids=()
names=()
configs=()
for n in $BPRS; do configs+=("bpr-$n"); done
case " ${configs[*]} " in *" $HTTP_CONFIG "*) ;; *) configs+=("$HTTP_CONFIG") ;; esac
for c in "${configs[@]}"; do
    [ -f "bench/throughput/$c/ota_config.h" ] || { echo "throughput: bench/throughput/$c/ota_config.h is missing" >&2; exit 1; }
    (
        make -s -C examples/c-demo CONFIG="$REPO/bench/throughput/$c" BUILD="$BUILD_ROOT/$c" \
            OTA_TARGET_DIR="$BUILD_ROOT/$c/cargo" > "$OUT/build-$c.log" 2>&1
    ) &
    pids+=($!)
    names+=("$c")
done
( cargo build --quiet --release -p ota-demo --example throughput > "$OUT/build-harness.log" 2>&1 ) &
pids+=($!)
names+=(harness)
failed=0
for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
        echo "throughput: build of ${names[$i]} failed; see $OUT/build-${names[$i]}.log" >&2
        tail -20 "$OUT/build-${names[$i]}.log" >&2
        failed=1
    fi
    cat "$OUT/build-${names[$i]}.log" >> "$LOG"
done
[ "$failed" = 0 ] || exit 1

# --- the runs
args=(--out "$OUT/throughput.json" --runs "$RUNS" --sizes "$SIZES" --brokers "$BROKERS"
      --work "$BUILD_ROOT/run" --http "$BUILD_ROOT/$HTTP_CONFIG/ota_demo")
for n in $BPRS; do args+=(--mqtt "$n=$BUILD_ROOT/bpr-$n/ota_demo"); done
echo "== throughput: $RUNS runs per case, sizes $SIZES MiB, brokers $BROKERS" >&2
target/release/examples/throughput "${args[@]}" || echo "throughput: the harness failed (exit $?)" >&2
if [ ! -s "$OUT/throughput.json" ]; then
    echo "throughput: no results written" >&2
    exit 1
fi
python3 bench/throughput/grid.py "$OUT/throughput.json"
exit 0
