#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Benchmarks of libota.a: flash and static RAM on a Cortex-M4 link, heap and
# stack of a complete 1 MiB update, instructions per block and per update
# (callgrind), the panic paths left in the Cortex-M code, and the end-to-end
# throughput of the C demo over MQTT streams and HTTP on loopback.
#
#   bash bench/run.sh        everything; prints the table and writes bench/results.md
#   bash bench/run.sh --ci   quick: builds libota.a for thumbv7em-none-eabihf and links
#                            the size program (so neither can rot); measures nothing slow
#
# Exits 0 when the measurements ran, whether or not the goals are met (the
# numbers are information); non-zero only when something could not be built
# or run.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

MODE=full
case "${1:-}" in
    --ci) MODE=ci ;;
    "") ;;
    *) echo "usage: bash bench/run.sh [--ci]" >&2; exit 2 ;;
esac

OUT=target/bench-out
mkdir -p "$OUT"
LOG=$OUT/build.log
: > "$LOG"

# Settings meant for other builds must not leak into these.
unset OTA_CONFIG_DIR OTA_CONFIG_INCLUDE_DIRS OTA_CONFIG_DEFINES OTA_CONFIG_CLANG_ARGS \
      OTA_C_ENUM_SIZE OTA_DO_NOT_USE_CUSTOM_CONFIG CARGO_BUILD_TARGET RUSTFLAGS || true

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "bench: $1 is missing ($2)" >&2; exit 1; }
}
need cargo "Rust toolchain"
need python3 "report scripts"
need arm-none-eabi-gcc "apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi"
if ! rustup target list --installed 2>/dev/null | grep -q '^thumbv7em-none-eabihf$'; then
    echo "== installing the thumbv7em-none-eabihf target" >&2
    rustup target add thumbv7em-none-eabihf >&2
fi
if [ "$MODE" = full ]; then
    need valgrind "apt-get install valgrind"
    need callgrind_annotate "apt-get install valgrind"
    need cc "C compiler for the host harness"
fi

step() { echo "== $*" >&2; }
build() { # build <log label> <cargo args...>
    local label=$1; shift
    if ! cargo build --quiet "$@" >>"$LOG" 2>&1; then
        echo "bench: cargo build failed ($label); see $LOG" >&2
        tail -30 "$LOG" >&2
        exit 1
    fi
}

# ---------------------------------------------------------------------------
# 1. Flash and static RAM: Cortex-M4 link with and without the agent.

THUMB=thumbv7em-none-eabihf
CFLAGS_M4=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os
           -ffunction-sections -fdata-sections -std=c99 -Wall -Wextra
           -DOTA_DO_NOT_USE_CUSTOM_CONFIG)
LDFLAGS_M4=(-Wl,--gc-sections --specs=nano.specs --specs=nosys.specs -nostartfiles
            -T bench/size/cortex_m4.ld -Wl,--no-warn-rwx-segments)

link_m4() { # link_m4 <out.elf> <libota.a or ""> <defines...>
    local elf=$1 lib=$2; shift 2
    local defs=()
    for d in "$@"; do defs+=("-D$d"); done
    arm-none-eabi-gcc "${CFLAGS_M4[@]}" -Iinclude ${defs[@]+"${defs[@]}"} \
        bench/size/main.c bench/size/startup.c $lib "${LDFLAGS_M4[@]}" \
        -Wl,-Map="${elf%.elf}.map" -o "$elf" 2>>"$LOG" \
        || { echo "bench: Cortex-M4 link of $elf failed; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
}

# The features Cargo.toml declares (besides "default") and the default set.
FEATURES=$(cargo metadata --no-deps --format-version 1 2>>"$LOG" | python3 -c '
import json, sys
pkg = next(p for p in json.load(sys.stdin)["packages"] if p["name"] == "ota")
f = pkg["features"]
print(" ".join(sorted(k for k in f if k != "default")))
print(" ".join(f.get("default", [])))')
OPTIONAL=$(echo "$FEATURES" | sed -n 1p)
DEFAULTS=$(echo "$FEATURES" | sed -n 2p)

SIZE_DIR=$OUT/size
mkdir -p "$SIZE_DIR"
step "flash: libota.a for $THUMB (profile size), core only"
build "size, core" --lib --profile size --target $THUMB --no-default-features \
    --target-dir target/bench-size
cp target/bench-size/$THUMB/size/libota.a "$SIZE_DIR/libota-core.a"
link_m4 "$SIZE_DIR/without.elf" ""
link_m4 "$SIZE_DIR/core.elf" "$SIZE_DIR/libota-core.a" BENCH_WITH_OTA
# The same archive after scripts/thin-libota.sh: memcpy & co. from newlib-nano.
cp "$SIZE_DIR/libota-core.a" "$SIZE_DIR/libota-core-thin.a"
OBJCOPY=arm-none-eabi-objcopy sh scripts/thin-libota.sh "$SIZE_DIR/libota-core-thin.a" >>"$LOG" 2>&1 \
    || { echo "bench: scripts/thin-libota.sh failed; see $LOG" >&2; exit 1; }
link_m4 "$SIZE_DIR/core-thin.elf" "$SIZE_DIR/libota-core-thin.a" BENCH_WITH_OTA

# Each variant: name|cargo feature flags|defines for main.c
VARIANTS=("default features (${DEFAULTS:-none}), ota.h API called||BENCH_WITH_OTA")
for f in $OPTIONAL; do
    up=$(echo "$f" | tr 'a-z-' 'A-Z_')
    if grep -q "BENCH_WITH_$up" bench/size/main.c; then
        VARIANTS+=("core + feature \"$f\", its API called too|--no-default-features --features $f|BENCH_WITH_OTA BENCH_WITH_$up")
    else
        VARIANTS+=("core + feature \"$f\" (its own API not called by the size program)|--no-default-features --features $f|BENCH_WITH_OTA")
    fi
done

if [ "$MODE" = ci ]; then
    # The cost table edits the sources; its edits must still find their text.
    python3 bench/size/whatif.py check
    python3 bench/size/analyze.py sections "$SIZE_DIR/core.elf" "$SIZE_DIR/without.elf" > "$SIZE_DIR/core.json"
    python3 - "$SIZE_DIR/core.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print("bench --ci: libota.a (thumbv7em-none-eabihf, profile size, core) linked into bench/size/main.c")
print("| text | rodata | data | bss | flash | static RAM |")
print("|---:|---:|---:|---:|---:|---:|")
print("| %(text)d | %(rodata)d | %(data)d | %(bss)d | %(flash)d | %(ram)d |" % d)
EOF
    python3 bench/size/analyze.py sections "$SIZE_DIR/core-thin.elf" "$SIZE_DIR/without.elf" > "$SIZE_DIR/core-thin.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("after scripts/thin-libota.sh: flash %(flash)d, static RAM %(ram)d" % d)' \
        "$SIZE_DIR/core-thin.json"
    exit 0
fi

i=0
for v in "${VARIANTS[@]}"; do
    IFS='|' read -r vname vflags vdefs <<<"$v"
    step "flash: $vname"
    # shellcheck disable=SC2086
    build "size, $vname" --lib --profile size --target $THUMB $vflags --target-dir target/bench-size
    cp target/bench-size/$THUMB/size/libota.a "$SIZE_DIR/libota-v$i.a"
    # shellcheck disable=SC2086
    link_m4 "$SIZE_DIR/v$i.elf" "$SIZE_DIR/libota-v$i.a" $vdefs
    python3 bench/size/analyze.py variant "$SIZE_DIR/v$i.elf" "$SIZE_DIR/without.elf" "$SIZE_DIR/v$i.map" "$vname" \
        > "$SIZE_DIR/v$i.json"
    i=$((i + 1))
done

# Nearly every firmware already calls memcpy & co. itself: with libota.a linked
# before the C library, the builtins' versions then replace newlib's rather than
# come on top. This row shows what the agent adds to such a program.
step "flash: core, in a program that already calls the C library's memory functions"
link_m4 "$SIZE_DIR/without-libc.elf" "" BENCH_APP_USES_LIBC
link_m4 "$SIZE_DIR/core-libc.elf" "$SIZE_DIR/libota-core.a" BENCH_WITH_OTA BENCH_APP_USES_LIBC
python3 bench/size/analyze.py variant "$SIZE_DIR/core-libc.elf" "$SIZE_DIR/without-libc.elf" \
    "$SIZE_DIR/core-libc.map" "core, in a program that itself calls memcpy, memmove, memset and memcmp (newlib-nano)" \
    > "$SIZE_DIR/vlibc.json"
python3 bench/size/analyze.py variant "$SIZE_DIR/core-thin.elf" "$SIZE_DIR/without.elf" \
    "$SIZE_DIR/core-thin.map" "core after \`scripts/thin-libota.sh\` (memory functions from newlib-nano)" \
    > "$SIZE_DIR/vthin.json"
link_m4 "$SIZE_DIR/core-libc-thin.elf" "$SIZE_DIR/libota-core-thin.a" BENCH_WITH_OTA BENCH_APP_USES_LIBC
python3 bench/size/analyze.py variant "$SIZE_DIR/core-libc-thin.elf" "$SIZE_DIR/without-libc.elf" \
    "$SIZE_DIR/core-libc-thin.map" "core after \`scripts/thin-libota.sh\`, in a program that itself calls them" \
    > "$SIZE_DIR/vthin2.json"

step "flash: core with line tables (to name the source lines of panic sites)"
CARGO_PROFILE_SIZE_DEBUG=line-tables-only build "size, lines" --lib --profile size --target $THUMB \
    --no-default-features --target-dir target/bench-size-lines
cp target/bench-size-lines/$THUMB/size/libota.a "$SIZE_DIR/libota-core-lines.a"
link_m4 "$SIZE_DIR/core-lines.elf" "$SIZE_DIR/libota-core-lines.a" BENCH_WITH_OTA

step "flash: analysing the core link"
python3 bench/size/analyze.py full --with "$SIZE_DIR/core.elf" --without "$SIZE_DIR/without.elf" \
    --map "$SIZE_DIR/core.map" --lines "$SIZE_DIR/core-lines.elf" --src src --repo "$REPO" \
    > "$SIZE_DIR/core.json"

step "flash: what single behaviours cost (edited scratch copies of the sources)"
BENCH_CFLAGS_M4="${CFLAGS_M4[*]}" BENCH_LDFLAGS_M4="${LDFLAGS_M4[*]}" \
    python3 bench/size/whatif.py measure target/bench-whatif "$SIZE_DIR/without.elf" \
    > "$SIZE_DIR/whatif.json" 2>>"$LOG" \
    || { echo "bench: bench/size/whatif.py failed; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }

# ---------------------------------------------------------------------------
# 2-4. Heap, stack and CPU of a complete 1 MiB update (host, x86_64, release).

CPU_DIR=$OUT/cpu
mkdir -p "$CPU_DIR"
# name|config dir|opt-level. The C agent's instructions were counted at -O2, so
# ours are at opt-level 2 (the release profile with CARGO_PROFILE_RELEASE_OPT_LEVEL=2);
# "default-s" is the release profile as shipped (opt-level "s"), for comparison.
CONFIGS=("default||2" "1k|bench/config/block-1k|2" "16k|bench/config/block-16k|2" "default-s||s")
for c in "${CONFIGS[@]}"; do
    IFS='|' read -r name dir opt <<<"$c"
    step "update: libota.a for the host, release, opt-level $opt, config $name"
    if [ -n "$dir" ]; then
        CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt OTA_CONFIG_DIR=$REPO/$dir \
            build "host $name" --lib --release --target-dir target/bench-$name
        inc=(-I"$dir")
    else
        CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt build "host $name" --lib --release --target-dir target/bench-$name
        inc=(-DOTA_DO_NOT_USE_CUSTOM_CONFIG)
    fi
    exe=$CPU_DIR/harness-$name
    cc -std=c11 -O2 -g -fno-ipa-icf -Wall -Wextra -Iinclude "${inc[@]}" \
        bench/heap/harness.c target/bench-$name/release/libota.a \
        -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=posix_memalign \
        -lpthread -ldl -lm -o "$exe" 2>>"$LOG" \
        || { echo "bench: harness build failed ($name); see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }

    step "update: heap and stack ($name)"
    "$exe" heap > "$CPU_DIR/heap-$name.txt" || { echo "bench: the update failed (heap, $name)" >&2; cat "$CPU_DIR/heap-$name.txt" >&2; exit 1; }

    step "update: callgrind ($name)"
    valgrind --tool=callgrind --callgrind-out-file="$CPU_DIR/cg-$name.out" --toggle-collect='bench_*' \
        "$exe" cpu > "$CPU_DIR/cpu-$name.txt" 2>"$CPU_DIR/cg-$name.log" \
        || { echo "bench: the update failed under callgrind ($name)" >&2; tail "$CPU_DIR/cg-$name.log" >&2; exit 1; }
    python3 bench/cpu/callgrind.py "$CPU_DIR/cg-$name.out" > "$CPU_DIR/cg-$name.json"

    step "floor: minimal C decoder + memcpy, and memcpy alone ($name)"
    for f in c_block memcpy; do
        valgrind --tool=callgrind --callgrind-out-file="$CPU_DIR/floor-$f-$name.out" \
            --toggle-collect="bench_floor_$f" "$exe" floor > /dev/null 2>"$CPU_DIR/floor-$f-$name.log"
        grep -o 'Collected : [0-9]*' "$CPU_DIR/floor-$f-$name.log" | awk '{print $3}' > "$CPU_DIR/floor-$f-$name.ir"
    done

    step "floor: ota::stream::cbor::decode_data_block + copy ($name)"
    cp Cargo.lock bench/floor/Cargo.lock  # the library's dependency versions
    (
        cd bench/floor
        if [ -n "$dir" ]; then export OTA_CONFIG_DIR=$REPO/$dir; fi
        export CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt
        cargo build --quiet --release --offline --target-dir "$REPO/target/bench-floor-$name" >>"$REPO/$LOG" 2>&1 \
            || cargo build --quiet --release --target-dir "$REPO/target/bench-floor-$name" >>"$REPO/$LOG" 2>&1
    ) || { echo "bench: floor build failed; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
    valgrind --tool=callgrind --callgrind-out-file="$CPU_DIR/floor-rust-$name.out" \
        --toggle-collect=ota_bench_floor_block "target/bench-floor-$name/release/ota-bench-floor" \
        > "$CPU_DIR/floor-rust-$name.txt" 2>"$CPU_DIR/floor-rust-$name.log"
    grep -o 'Collected : [0-9]*' "$CPU_DIR/floor-rust-$name.log" | awk '{print $3}' > "$CPU_DIR/floor-rust-$name.ir"
done

# ---------------------------------------------------------------------------
# 6. Throughput end to end: the C demo (examples/c-demo) updated by the cloud
# stand-in through the embedded broker and mosquitto on 127.0.0.1, over MQTT
# streams at several blocks per request and over HTTP (bench/throughput/run.sh).
# A failure is printed and shows in the report; it does not stop the bench.

step "throughput: C demo, cloud stand-in, embedded broker and mosquitto on 127.0.0.1"
if ! bash bench/throughput/run.sh "$OUT/throughput" >&2; then
    echo "bench: throughput: nothing measured (see above)" >&2
fi

# ---------------------------------------------------------------------------
# The table.

step "report"
python3 bench/report.py --out "$OUT" --cmd "bash bench/run.sh" > bench/results.md
cat bench/results.md
