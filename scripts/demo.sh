#!/usr/bin/env bash
# The zero-setup demo: installs what is missing (Debian/Ubuntu), builds libota.a
# and the C demo firmware (examples/c-demo), then runs two over-the-air updates
# of it through an embedded MQTT broker and the cloud stand-in:
# v1.0.1 -> v1.0.2 over MQTT streams, v1.0.2 -> v1.0.3 over HTTP.
# Arguments go to the demo (e.g. --size 4000000, --keep).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "demo: cargo is needed (Rust 1.88 or later, e.g. from https://rustup.rs)" >&2
    exit 1
fi

need_apt=()
command -v cc >/dev/null || need_apt+=(gcc libc6-dev)
command -v make >/dev/null || need_apt+=(make)
[ -e /usr/include/mosquitto.h ] || [ -e /usr/local/include/mosquitto.h ] || need_apt+=(libmosquitto-dev)
# build.rs reads ota_config.h with libclang.
ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1 ||
    ls /usr/lib/*-linux-gnu/libclang*.so* >/dev/null 2>&1 || need_apt+=(libclang-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== installing: ${need_apt[*]}"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== building libota.a and the C demo firmware (make -C examples/c-demo)"
make -s -C examples/c-demo
echo "== building and running the demo (cargo run -p ota-demo --release)"
exec cargo run -q -p ota-demo --release -- --c-demo "$PWD/target/c-demo/config/ota_demo" "$@"
