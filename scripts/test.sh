#!/usr/bin/env bash
# The project's test command: installs what it needs when missing, then runs every
# check (format, lints, both targets, the benchmarks' Cortex-M4 size program, C
# header layouts, Rust and C-ABI tests).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v arm-none-eabi-gcc >/dev/null || need_apt+=(gcc-arm-none-eabi libnewlib-arm-none-eabi)
command -v clang >/dev/null || need_apt+=(clang)
ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1 || ls /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1 || need_apt+=(libclang-dev)
command -v mosquitto >/dev/null || need_apt+=(mosquitto)
[ -f /usr/include/mosquitto_plugin.h ] || need_apt+=(mosquitto-dev)
[ -f /usr/include/mosquitto.h ] || need_apt+=(libmosquitto-dev)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v make >/dev/null || need_apt+=(make)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== installing: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! rustup target list --installed 2>/dev/null | grep -q thumbv7em-none-eabihf; then
    echo "== installing the thumbv7em-none-eabihf target"
    rustup target add thumbv7em-none-eabihf
fi
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
packages=(-p ota -p ota-broker -p ota-cloud -p ota-demo)
cargo clippy "${packages[@]}" --all-targets -- -D warnings
cargo clippy -p ota --features freertos --all-targets -- -D warnings
cargo clippy -p ota-freertos-sim --all-targets -- -D warnings
echo "== build: host and Cortex-M4 (thumbv7em-none-eabihf)"
cargo build
cargo build --release --target thumbv7em-none-eabihf
cargo build --release --target thumbv7em-none-eabihf --no-default-features
cargo build --release --target thumbv7em-none-eabihf --features freertos
echo "== the Cortex-M4 size program of the benchmarks, built and linked (numbers not checked)"
bash bench/run.sh --ci
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== C headers: layouts and standalone compiles"
bash tests/c/check_headers.sh | tee -a "$log"
echo "== cargo test"
# Unit tests again with the C-ABI configuration (HTTP on, 1 KiB blocks), then
# everything with the defaults. Doc-tests are skipped (there are none).
OTA_CONFIG_DIR="$PWD/tests/c/abi" CARGO_TARGET_DIR=target/abi-config \
    cargo test --lib 2>&1 | tee -a "$log"
cargo test --lib --tests 2>&1 | tee -a "$log"
echo "== the agent as a FreeRTOS application on the POSIX simulator"
cargo test --features freertos --test freertos_sim 2>&1 | tee -a "$log"
echo "== host tools: broker, cloud stand-in, mosquitto plugin"
cargo test -p ota-broker -p ota-cloud 2>&1 | tee -a "$log"
echo "== end to end: the C demo against mosquitto and the embedded broker"
cargo test -p ota-demo 2>&1 | tee -a "$log"

# One closing line for the whole run.
awk '/^test result:|^header checks:/ {
        for (i = 1; i < NF; i++) {
            if ($(i + 1) ~ /^passed/) p += $i
            if ($(i + 1) ~ /^failed/) f += $i
        }
    }
    END { printf "summary: %d passed, %d failed\n", p, f }' "$log"
