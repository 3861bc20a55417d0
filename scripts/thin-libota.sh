#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Makes a bare-metal libota.a use the firmware's C library for memcpy, memmove,
# memset, memcmp and their __aeabi_* forms.
#
#   scripts/thin-libota.sh path/to/libota.a        (rewrites the archive in place)
#
# Why: for bare-metal targets the Rust toolchain puts its own copies of these
# functions (compiler_builtins) into libota.a. They are weak, but an archive
# member is pulled in by whichever archive the linker reads first, and libota.a
# usually comes before -lc: the builtins then serve the whole firmware in place
# of newlib's, and they are larger (memmove alone is 1.5 KB). This script turns
# those definitions into local symbols, so every call, the agent's included,
# goes to the C library; bench/run.sh shows the difference.
#
# Needs an objcopy for the archive's target: $OBJCOPY, else arm-none-eabi-objcopy,
# llvm-objcopy or rust-objcopy, whichever is found first. Hosted builds need
# nothing of this: there the C library provides these functions anyway.
set -eu

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: scripts/thin-libota.sh path/to/libota.a" >&2
    exit 2
fi
lib=$1

objcopy=${OBJCOPY:-}
if [ -z "$objcopy" ]; then
    for c in arm-none-eabi-objcopy llvm-objcopy rust-objcopy; do
        if command -v "$c" >/dev/null 2>&1; then
            objcopy=$c
            break
        fi
    done
fi
if [ -z "$objcopy" ]; then
    echo "thin-libota: no objcopy found (set OBJCOPY)" >&2
    exit 1
fi

syms="memcpy memmove memset memcmp bcmp
      __aeabi_memcpy __aeabi_memcpy4 __aeabi_memcpy8
      __aeabi_memmove __aeabi_memmove4 __aeabi_memmove8
      __aeabi_memset __aeabi_memset4 __aeabi_memset8
      __aeabi_memclr __aeabi_memclr4 __aeabi_memclr8"
args=""
for s in $syms; do
    args="$args --localize-symbol=$s"
done
# shellcheck disable=SC2086
"$objcopy" $args "$lib"
echo "thin-libota: $lib now takes memcpy, memmove, memset and memcmp from the C library"
