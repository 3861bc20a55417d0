#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Checks the public C headers in include/:
#   inventory   every expected header exists, starts with an SPDX line and
#               uses the include guard of the original library;
#   alone       each header compiles on its own, included twice, as C99 with
#               -Wall -Wextra -Wpedantic -Werror, both with tests/c/config and
#               with -DOTA_DO_NOT_USE_CUSTOM_CONFIG (no ota_config.h at all);
#   c++         each header compiles on its own, twice, as C++11;
#   layout      tests/c/layout.c (static assertions on sizes, offsets, field
#               types, alignments, enum and macro values) for the default,
#               no-custom-config and alternative configurations;
#   posix       tests/c/layout_posix.c (POSIX hosts);
#   cxx-layout  tests/c/header_cxx.c compiled as C++;
#   run         tests/c/header_strings.c and the OTA_Init macro test
#               (header_initcheck*.c), built and run on the host, and
#               compile-only for the other targets.
#
# Toolchains: host cc, host clang, host cc -m32 (if it can build against
# libc), and arm-none-eabi-gcc for Cortex-M4 with its default short enums
# and with -fno-short-enums. A missing toolchain prints SKIP, except that
# arm-none-eabi-gcc is required when CI=true.
#
# Prints one line per check and ends with "header checks: N passed, M failed".
# Exits non-zero if any check failed.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
inc="$root/include"
cfg="$here/config"
cfg_alt="$here/config_alt"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { echo "SKIP $1"; }

# run_check NAME COMMAND... : runs the command quietly; on failure shows its
# output indented under the FAIL line.
run_check() {
    local name=$1
    shift
    if "$@" >"$work/out.txt" 2>&1; then
        pass "$name"
    else
        fail "$name"
        sed 's/^/    /' "$work/out.txt" | head -n 40
    fi
}

# Header name and the include guard the original library uses for it.
headers=(
    "ota.h OTA_H"
    "ota_private.h OTA_PRIVATE_H"
    "ota_os_interface.h OTA_OS_INTERFACE_H"
    "ota_mqtt_interface.h OTA_MQTT_INTERFACE_H"
    "ota_http_interface.h OTA_HTTP_INTERFACE_H"
    "ota_platform_interface.h OTA_PLATFORM_INTERFACE"
    "ota_appversion32.h IOT_APPVERSION32_H"
    "ota_config_defaults.h OTA_CONFIG_DEFAULTS_H"
    "ota_interface_private.h OTA_INTERFACE_PRIVATE_H"
    "ota_mqtt_private.h OTA_MQTT_H"
    "ota_http_private.h OTA_HTTP_H"
    "ota_cbor_private.h OTA_CBOR_H"
    "ota_base64_private.h OTA_BASE64_PRIVATE_H"
    "ota_os_posix.h _OTA_OS_POSIX_H_"
    "ota_os_freertos.h _OTA_OS_FREERTOS_H_"
    "ota_signature.h OTA_SIGNATURE_H"
    "ota_pal_extensions.h OTA_PAL_EXTENSIONS_H"
    "hal/ota.h HAL_OTA_H"
    "hal/base.h HAL_BASE_H"
    "aws_iot_ota_types.h _AWS_IOT_OTA_TYPES_H_"
    "aws_ota_types.h _AWS_OTA_TYPES_H_"
    "aws_iot_ota_agent.h _AWS_IOT_OTA_AGENT_H_"
    "aws_ota_agent.h _AWS_OTA_AGENT_H_"
    "aws_iot_ota_pal.h _AWS_OTA_PAL_H_"
    "aws_ota_pal.h _AWS_OTA_PAL_H_"
    "aws_iot_ota_agent_internal.h _AWS_IOT_OTA_AGENT_INTERNAL_H_"
    "aws_ota_agent_internal.h _AWS_OTA_AGENT_INTERNAL_H_"
    "aws_iot_ota_interface.h __AWS_IOT_OTA_INTERFACE__H__"
    "iot_appversion32.h _IOT_APPVERSION32_H_"
    "ota_v1_adapter.h OTA_V1_ADAPTER_H"
    "ota_alios_adapter.h OTA_ALIOS_ADAPTER_H"
)

# ---------------------------------------------------------------------------
# Inventory.

check_inventory() {
    local h=$1 guard=$2 file="$inc/$1"
    [ -f "$file" ] || { echo "missing $file"; return 1; }
    grep -q 'SPDX-License-Identifier: MIT' "$file" || { echo "no SPDX line"; return 1; }
    # The first preprocessor directive must be the guard.
    local first
    first=$(grep -m1 -E '^[[:space:]]*#' "$file")
    [ "$first" = "#ifndef $guard" ] || { echo "first directive is '$first', expected '#ifndef $guard'"; return 1; }
    grep -q "^#define $guard\$" "$file" || { echo "no '#define $guard'"; return 1; }
    grep -q 'extern "C"' "$file" || { echo "no extern \"C\" block"; return 1; }
}

for entry in "${headers[@]}"; do
    set -- $entry
    run_check "inventory $1 (guard $2)" check_inventory "$1" "$2"
done

# Generated declarations, checked by tests/headers.rs (they need the public
# headers first, so they are not compiled alone).
generated=( "ota_exports.h" )

# Headers present in include/ but not in the lists above would be unchecked.
check_no_extra_headers() {
    local f name known
    for f in "$inc"/*.h; do
        name=$(basename "$f")
        known=0
        for g in "${generated[@]}"; do
            [ "$g" = "$name" ] && known=1
        done
        for entry in "${headers[@]}"; do
            [ "${entry%% *}" = "$name" ] && known=1
        done
        [ $known -eq 1 ] || { echo "unlisted header $name"; return 1; }
    done
}
run_check "inventory: no unlisted headers in include/" check_no_extra_headers

# ---------------------------------------------------------------------------
# Per-toolchain checks.

cflags_common=(-std=c99 -Wall -Wextra -Wpedantic -Werror)

# Extra flags a header needs to be compiled alone.
header_extra_flags() {
    case "$1" in
        ota_os_posix.h) echo "-D_POSIX_C_SOURCE=200809L" ;;
        *) echo "" ;;
    esac
}

# compile_alone CC FLAGS... -- HEADER : include HEADER twice, with the test
# config and without any ota_config.h.
compile_alone() {
    local cc=$1 h=${!#}
    local -a flags=("${@:2:$#-3}")
    local base=${h%.h}
    local tu="$work/alone_${base//\//_}.c"
    local extra
    extra=$(header_extra_flags "$h")
    # The typedef keeps the unit non-empty for headers that only define
    # macros (ISO C forbids an empty translation unit).
    printf '#include "%s"\n#include "%s"\ntypedef int header_check_nonempty;\n' "$h" "$h" >"$tu"
    # shellcheck disable=SC2086
    $cc "${flags[@]}" $extra -I"$inc" -I"$cfg" -c "$tu" -o "$work/alone.o" || return 1
    # shellcheck disable=SC2086
    $cc "${flags[@]}" $extra -DOTA_DO_NOT_USE_CUSTOM_CONFIG -I"$inc" -c "$tu" -o "$work/alone.o" || return 1
}

# compile_cxx_alone CXX FLAGS... -- HEADER
compile_cxx_alone() {
    local cxx=$1 h=${!#}
    local -a flags=("${@:2:$#-3}")
    local base=${h%.h}
    local tu="$work/alone_${base//\//_}.cpp"
    printf '#include "%s"\n#include "%s"\n' "$h" "$h" >"$tu"
    $cxx "${flags[@]}" -I"$inc" -I"$cfg" -c "$tu" -o "$work/alone.o"
}

compile_layouts() {
    local cc=$1
    shift
    "$cc" "$@" -I"$inc" -I"$cfg" -c "$here/layout.c" -o "$work/layout.o" || return 1
    "$cc" "$@" -DOTA_DO_NOT_USE_CUSTOM_CONFIG -I"$inc" -c "$here/layout.c" -o "$work/layout.o" || return 1
    "$cc" "$@" -DLAYOUT_ALT_CONFIG -I"$inc" -I"$cfg_alt" -c "$here/layout.c" -o "$work/layout.o" || return 1
}

build_and_run() {
    local cc=$1
    shift
    local c
    for c in "$cfg" "$cfg_alt"; do
        "$cc" "$@" -I"$inc" -I"$c" "$here/header_strings.c" -o "$work/strings" || return 1
        "$work/strings" || return 1
        "$cc" "$@" -I"$inc" -I"$c" "$here/header_initcheck.c" "$here/header_initcheck_direct.c" -o "$work/initcheck" || return 1
        "$work/initcheck" || return 1
    done
}

compile_runtime_sources() {
    local cc=$1
    shift
    local f
    for f in header_strings.c header_initcheck.c header_initcheck_direct.c; do
        "$cc" "$@" -I"$inc" -I"$cfg" -c "$here/$f" -o "$work/rt.o" || return 1
    done
}

# toolchain_checks LABEL RUNNABLE CC CXX CFLAGS...
#   RUNNABLE: 1 if programs built by CC run here. CXX may be "-" for none.
toolchain_checks() {
    local label=$1 runnable=$2 cc=$3 cxx=$4
    shift 4
    local -a flags=("$@")
    local entry h

    for entry in "${headers[@]}"; do
        h=${entry%% *}
        run_check "$label: $h alone, twice (C99; with and without ota_config.h)" \
            compile_alone "$cc" "${flags[@]}" -- "$h"
    done

    run_check "$label: layout.c (default, no-custom and alternative config)" \
        compile_layouts "$cc" "${flags[@]}"

    if [ "$runnable" = 1 ]; then
        run_check "$label: layout_posix.c" \
            "$cc" "${flags[@]}" -I"$inc" -c "$here/layout_posix.c" -o "$work/posix.o"
        run_check "$label: header_strings + header_initcheck built and run (both configs)" \
            build_and_run "$cc" "${flags[@]}"
    else
        run_check "$label: header_strings.c, header_initcheck*.c compile" \
            compile_runtime_sources "$cc" "${flags[@]}"
    fi

    if [ "$cxx" != "-" ]; then
        # C++ flags: the target flags minus the C standard.
        local -a cxxflags=()
        local f
        for f in "${flags[@]}"; do
            case "$f" in -std=*) ;; *) cxxflags+=("$f") ;; esac
        done
        cxxflags=(-std=c++11 "${cxxflags[@]}")
        for entry in "${headers[@]}"; do
            h=${entry%% *}
            run_check "$label: $h alone, twice (C++11)" \
                compile_cxx_alone "$cxx" "${cxxflags[@]}" -- "$h"
        done
        run_check "$label: header_cxx.c (C++11)" \
            "$cxx" -x c++ "${cxxflags[@]}" -I"$inc" -I"$cfg" -c "$here/header_cxx.c" -o "$work/cxx.o"
    fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# Host cc.
if have cc; then
    hostcxx=-
    have c++ && hostcxx=c++
    toolchain_checks "host cc" 1 cc "$hostcxx" "${cflags_common[@]}"
else
    fail "host cc: not found"
fi

# Host clang.
if have clang; then
    clangxx=-
    have clang++ && clangxx=clang++
    toolchain_checks "host clang" 1 clang "$clangxx" "${cflags_common[@]}"
else
    skip "host clang: clang not installed"
fi

# Host cc -m32: only if it can compile and link against the 32-bit libc.
m32_probe() {
    printf '#include <stdint.h>\n#include <stdio.h>\nint main(void){return (int)sizeof(uintptr_t) - 4;}\n' >"$work/m32.c"
    cc -m32 "$work/m32.c" -o "$work/m32" >/dev/null 2>&1 && "$work/m32"
}
if have cc && m32_probe; then
    m32cxx=-
    have c++ && printf '#include <cstdint>\nint main(){return 0;}\n' >"$work/m32.cpp" &&
        c++ -m32 "$work/m32.cpp" -o "$work/m32x" >/dev/null 2>&1 && m32cxx=c++
    toolchain_checks "host cc -m32" 1 cc "$m32cxx" -m32 "${cflags_common[@]}"
else
    skip "host cc -m32: no 32-bit libc for the host compiler (install gcc-multilib)"
fi

# arm-none-eabi-gcc, Cortex-M4: default (short enums) and -fno-short-enums.
armflags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
if have arm-none-eabi-gcc; then
    armcxx=-
    have arm-none-eabi-g++ && armcxx=arm-none-eabi-g++
    toolchain_checks "arm-none-eabi-gcc cortex-m4" 0 arm-none-eabi-gcc "$armcxx" \
        "${armflags[@]}" "${cflags_common[@]}"
    toolchain_checks "arm-none-eabi-gcc cortex-m4 -fno-short-enums" 0 arm-none-eabi-gcc "$armcxx" \
        "${armflags[@]}" -fno-short-enums "${cflags_common[@]}"
elif [ "${CI:-}" = "true" ]; then
    fail "arm-none-eabi-gcc: not found (required when CI=true)"
else
    skip "arm-none-eabi-gcc: not installed (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)"
fi

echo "header checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
