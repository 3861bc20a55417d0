#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns the measurements of bench/run.sh into one Markdown report (stdout)."""

import argparse
import glob
import json
import os
import re
import subprocess
import sys

GOALS = {
    "flash": 11600,
    "ram": 750,
    "heap_bytes": 4096,
    "heap_allocs": 2,
    "per_block": 1600,
    "outside": 31000,
}

CONFIG_LABEL = {"1k": "1 KiB", "default": "4 KiB (default config)", "16k": "16 KiB",
                "default-s": "4 KiB, release profile as shipped (opt-level \"s\")"}
CONFIG_ORDER = ["1k", "default", "16k"]
# CPU runs: the configurations above at opt-level 2, then the shipped release profile.
CPU_ORDER = CONFIG_ORDER + ["default-s"]


def kv(path):
    out = {}
    for line in open(path):
        if "=" in line:
            k, v = line.strip().split("=", 1)
            out[k] = v
    return out


def num(n):
    return "{:,}".format(int(round(n)))


def kb(n):
    return "%.1f KB" % (n / 1000.0)


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "?"


def met(ok):
    return "yes" if ok else "**no**"


def cpu_figures(out, name):
    cg = json.load(open(os.path.join(out, "cpu", "cg-%s.json" % name)))
    info = kv(os.path.join(out, "cpu", "cpu-%s.txt" % name))
    inc = cg["inclusive"]
    w = {k: v for k, v in inc.items() if k.startswith("bench_") and not k.startswith("bench_floor")}
    blocks = int(info["blocks"])
    shutdown = w.get("bench_shutdown", 0) + w.get("bench_ev_Shutdown", 0)
    total = sum(w.values()) - shutdown
    ingest = w.get("bench_signal_block", 0) + w.get("bench_ev_ReceivedFileBlock", 0)
    requests = w.get("bench_ev_RequestFileBlock", 0) + w.get("bench_ev_RequestTimer", 0)
    pal = inc.get("pal_write", 0)

    def floor(kind):
        try:
            return int(open(os.path.join(out, "cpu", "floor-%s-%s.ir" % (kind, name))).read().split()[0])
        except (OSError, IndexError, ValueError):
            return 0

    return {
        "blocks": blocks,
        "block_size": int(info["block_size"]),
        "requests": int(info["stream_requests"]),
        "total": total,
        "per_block": total / blocks,
        "ingest": ingest / blocks,
        "request": requests / blocks,
        "pal": pal / blocks,
        "outside": total - ingest,
        "outside_no_requests": total - ingest - requests,
        "shutdown": shutdown,
        "job": w.get("bench_ev_ReceivedJobDocument", 0) + w.get("bench_signal_job", 0),
        "init": w.get("bench_init", 0),
        "floor_rust": floor("rust") / blocks,
        "floor_c": floor("c_block") / blocks,
        "floor_memcpy": floor("memcpy") / blocks,
        "exclusive": cg["exclusive"],
        "wrappers": w,
        "events": info.get("events", ""),
    }


def throughput_results(out):
    """The runs of bench/throughput/run.sh (a bench/throughput/grid.py Results), or None."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "throughput"))
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import grid
    return grid.load(os.path.join(out, "throughput", "throughput.json"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--cmd", required=True)
    a = ap.parse_args()
    out = a.out

    size = json.load(open(os.path.join(out, "size", "core.json")))
    variants = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(out, "size", "v*.json")))]
    heap = {n: kv(os.path.join(out, "cpu", "heap-%s.txt" % n)) for n in CONFIG_ORDER
            if os.path.exists(os.path.join(out, "cpu", "heap-%s.txt" % n))}
    cpu = {n: cpu_figures(out, n) for n in CPU_ORDER
           if os.path.exists(os.path.join(out, "cpu", "cg-%s.json" % n))}

    d = size["diff"]
    h = heap["default"]
    c = cpu["default"]
    panic_sites = size["panic"]["sites"]
    uniq_sites = sorted({(s["source"], s["caller"], s["panic"]) for s in panic_sites})
    stack_m4 = size["stack"].get("OTA_EventProcess", {}).get("bytes", 0)

    L = []
    p = L.append
    p("# Benchmarks")
    p("")
    p("Produced by `%s` (exit status 0 whether or not the goals are met)." % a.cmd)
    p("Toolchains: %s; %s; %s." % (version(["rustc", "-V"]), version(["arm-none-eabi-gcc", "--version"]),
                                   version(["valgrind", "--version"])))
    p("")
    p("## Summary against the goals")
    p("")
    p("C agent figures: v3.4.x, default config, MQTT only, Cortex-M4, arm-none-eabi-gcc 12 `-Os`, "
      "`--gc-sections` link of a program calling the whole public API; x86_64 `-O2` under callgrind "
      "for instructions. KB = 1000 bytes.")
    p("")
    p("| | C agent | goal | ota | goal met |")
    p("|---|---:|---:|---:|:---:|")
    thin_path = os.path.join(out, "size", "vthin.json")
    thin = json.load(open(thin_path)) if os.path.exists(thin_path) else None
    p("| flash the agent adds (text + rodata + data; libc/builtins included) | 19.1 KB | ≤ 11.6 KB | "
      "%s (%s B: text %s, rodata %s, data %s)%s | %s |" % (
          kb(d["flash"]), num(d["flash"]), num(d["text"]), num(d["rodata"]), num(d["data"]),
          "; %s after `scripts/thin-libota.sh` (memcpy & co. from newlib-nano)" % kb(thin["flash"]) if thin else "",
          met(d["flash"] <= GOALS["flash"])))
    p("| static RAM (data + bss) | 1,507 B | ≤ 750 B | %s B (data %s, bss %s) | %s |"
      % (num(d["ram"]), num(d["data"]), num(d["bss"]), met(d["ram"] <= GOALS["ram"])))
    hb, ha = int(h["heap_peak_bytes"]), int(h["heap_allocs"])
    p("| peak heap, 1 MiB update, application lends no buffers | 4,185 B in 260 malloc/free pairs | "
      "≤ 4,096 B in ≤ 2 allocations | %s B in %d allocations (%d live at once) | %s |"
      % (num(hb), ha, int(h["heap_live_peak"]), met(hb <= GOALS["heap_bytes"] and ha <= GOALS["heap_allocs"])))
    cs = cpu.get("default-s")
    p("| instructions per 4 KiB block (whole update ÷ blocks: agent, PAL copy, GetStream requests) | 7,666 | "
      "≤ 1,600 | %s at opt-level 2 (as the C agent's `-O2`)%s | %s |"
      % (num(c["per_block"]), "; %s with the release profile as shipped (opt-level \"s\")" % num(cs["per_block"])
         if cs else "", met(c["per_block"] <= GOALS["per_block"])))
    p("| instructions per update outside the blocks (init, job document, close: every event but "
      "ReceivedFileBlock and the per-block GetStream requests, which the row above counts) | ~310,000 | "
      "≤ 31,000 | %s (and %s in the %s block requests) | %s |"
      % (num(c["outside_no_requests"]), num(c["outside"] - c["outside_no_requests"]), num(c["requests"]),
         met(c["outside_no_requests"] <= GOALS["outside"])))
    p("| floor: 4 KiB memcpy / decode + copy (crate's decoder) | 535 / 2,605 (tinycbor) | | %s / %s | |"
      % (num(c["floor_memcpy"]), num(c["floor_rust"])))
    p("| panic paths in the Cortex-M link | | none | %d call sites in %d functions | %s |"
      % (len(uniq_sites), len({s[1] for s in uniq_sites}), met(not uniq_sites)))
    p("| agent stack, deepest `OTA_EventProcess` | | | %s B Cortex-M4 (static estimate), %s B x86_64 (measured) | |"
      % (num(stack_m4), num(int(h["stack_bytes"]))))
    tp = throughput_results(out)
    p("| throughput end to end on 127.0.0.1, C demo: %s | | | %s | |"
      % (tp.summary_label() if tp else "1 MiB / 8 MiB over MQTT and HTTP",
         tp.summary() if tp else "not measured (see the output of `bash bench/run.sh`)"))
    p("")

    # -- Flash variants
    p("## 1. Flash and static RAM (Cortex-M4 link, bytes the agent adds)")
    p("")
    p("`libota.a` built with `cargo build --profile size --target thumbv7em-none-eabihf` (opt-level \"z\", "
      "LTO, panic abort, one codegen unit), linked by `arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb "
      "-mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os -ffunction-sections -fdata-sections -Wl,--gc-sections "
      "--specs=nano.specs --specs=nosys.specs` into `bench/size/main.c` (calls every `OTA_*` function), "
      "minus the same program without the agent. text = .isr_vector + .text + .ARM.exidx; "
      "flash = text + rodata + data; static RAM = data + bss.")
    p("")
    p("| build | text | rodata | data | bss | flash | static RAM | of rodata: the crate's merged string section |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = [dict(d, name="core (`--no-default-features`), ota.h API called",
                 crate_strings=size.get("crate_strings", 0))] + variants
    for r in rows:
        p("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], num(r["text"]), num(r["rodata"]), num(r["data"]), num(r["bss"]), num(r["flash"]),
            num(r["ram"]), num(r.get("crate_strings", 0))))
    p("")
    p("The crate's string literals land in one merged section (`.rodata.str1.1`) of the LTO object; "
      "`--gc-sections` keeps or drops it whole, so a feature's strings stay in flash even when the "
      "program never calls the feature (compare the last column).")
    p("")
    p("The Rust toolchain puts its own `memcpy`, `memmove`, `memset`, `memcmp` (compiler_builtins) into a "
      "bare-metal `libota.a`. They are weak, but the linker takes an archive member from whichever archive "
      "it reads first, and `libota.a` comes before `-lc`: the builtins then also replace the copies a "
      "firmware's own code uses (the rows \"in a program that itself calls them\" measure that case, "
      "against the same program without the agent). `scripts/thin-libota.sh` makes these definitions local "
      "to the archive, so every call goes to the C library; the rows \"after `scripts/thin-libota.sh`\" "
      "show the result with newlib-nano.")
    p("")
    p("### Where the flash goes (core build)")
    p("")
    p("Grouped by Rust module path of the demangled symbol, and by origin for libraries and anonymous "
      "read-only data. LTO inlines most of the agent into a few functions (the event loop "
      "`ota::ffi::api::process_one` holds nearly every handler), so the table after this one attributes "
      "the code to the source files it was written in.")
    p("")
    p("| group | text | rodata | data | flash |")
    p("|---|---:|---:|---:|---:|")
    mods = [m for m in size["modules"]]
    # Core's own object: panic machinery and formatting.
    strings = size["strings"]
    ro_origin = size["rodata_by_origin"]
    groups = []
    for m in mods:
        groups.append((m["module"], m["text"], m["rodata"], m["data"]))
    str_total = sum(v["bytes"] for v in strings.values())
    for k, v in sorted(strings.items(), key=lambda kv: -kv[1]["bytes"]):
        groups.append(("ota read-only data: %s (%d)" % (k, v["count"]), 0, v["bytes"], 0))
    other_ota_ro = ro_origin.get("ota", 0) - str_total
    if other_ota_ro > 0:
        groups.append(("ota read-only data, unclassified", 0, other_ota_ro, 0))
    if ro_origin.get("core", 0):
        groups.append(("core object: panic message strings and locations (rodata)", 0, ro_origin["core"], 0))
    for k, v in ro_origin.items():
        if k not in ("ota", "core"):
            groups.append(("%s (rodata)" % k, 0, v, 0))
    accounted = sum(g[1] + g[2] + g[3] for g in groups)
    groups.sort(key=lambda g: -(g[1] + g[2] + g[3]))
    small = [g for g in groups if g[1] + g[2] + g[3] < 64]
    for g in groups:
        if g in small:
            continue
        p("| %s | %s | %s | %s | %s |" % (g[0], num(g[1]), num(g[2]), num(g[3]), num(g[1] + g[2] + g[3])))
    if small:
        p("| %d smaller groups | %s | %s | %s | %s |" % (len(small), num(sum(g[1] for g in small)),
                                                       num(sum(g[2] for g in small)), num(sum(g[3] for g in small)),
                                                       num(sum(g[1] + g[2] + g[3] for g in small))))
    rest = d["flash"] - accounted
    p("| alignment padding, unwind index, vector table delta, unnamed | | | | %s |" % num(rest))
    p("| **total** | %s | %s | %s | **%s** |" % (num(d["text"]), num(d["rodata"]), num(d["data"]), num(d["flash"])))
    p("")
    p("The core object's code (%s B: panic entry points, `core::fmt`, `core::str::count`) and its "
      "string section (%s B) are in the link only for the panic paths of section 5: `core::fmt` is "
      "referenced from %s and from nothing else. Removing every panic call site removes them."
      % (num(size["fmt_bytes"]), num(ro_origin.get("core", 0)),
         ", ".join("`%s`" % f for f in sorted(size["fmt_callers"])) or "nothing"))
    p("")
    by_src = size.get("by_source") or {}
    if by_src:
        p("The same code by source file, inlined code counted in the file it was written in (read from "
          "the line tables of an otherwise identical build; standard-library helpers inlined into the crate "
          "count for the crate file that used them):")
        p("")
        p("| source file | code bytes |")
        p("|---|---:|")
        for f, n in sorted(by_src.items(), key=lambda kv: -kv[1]):
            p("| `%s` | %s |" % (f, num(n)) if f.startswith("src/") else "| %s | %s |" % (f, num(n)))
        p("| **total** | **%s** |" % num(sum(by_src.values())))
        p("")
    whatif_path = os.path.join(out, "size", "whatif.json")
    if os.path.exists(whatif_path):
        whatif = json.load(open(whatif_path))
        p("What single behaviours cost: `bench/size/whatif.py` removes each one from a scratch copy of "
          "the sources with a few text edits, builds the core the same way and links the same program "
          "(%s B unedited). These builds are for measuring only; each one is wrong on purpose."
          % num(whatif["unedited"]))
        p("")
        p("| removed | flash | saved |")
        p("|---|---:|---:|")
        for r in whatif["cases"]:
            if r["flash"] is None:
                p("| %s | not measured (the sources changed) | |" % r["name"])
            else:
                p("| %s | %s | %s |" % (r["name"], num(r["flash"]), num(r["saved"])))
        p("| **all of the above together** | %s | %s |"
          % (num(whatif["all"]["flash"]), num(whatif["all"]["saved"])))
        p("")
    p("Top 10 code symbols:")
    p("")
    p("| bytes | symbol |")
    p("|---:|---|")
    for e in size["top"]["text"][:10]:
        p("| %s | `%s` |" % (num(e["size"]), e["name"]))
    p("")
    p("### Static RAM")
    p("")
    p("| bytes | section | symbol |")
    p("|---:|---|---|")
    for e in size["top"]["ram"][:10]:
        p("| %s | .%s | `%s` |" % (num(e["size"]), e["section"], e["name"]))
    p("")
    p("A symbol in .data is stored twice: its initial image in flash (counted in flash above) and in RAM.")
    p("")

    # -- Heap and stack
    p("## 2-3. Heap and stack of a complete 1 MiB update (x86_64 host, release)")
    p("")
    p("`bench/heap/harness.c` drives one update through the C ABI: OTA_Init with every OtaAppBuffer_t "
      "field NULL/0, a scripted cloud answering `$next/get` with a job document and each GetStream "
      "request with data blocks (`{\"c\",\"f\",\"i\",\"l\",\"p\"}` CBOR as the service sends them), a PAL "
      "copying into a RAM buffer; the final image is compared byte for byte. Heap = bytes outstanding "
      "through `os.mem.malloc`/`free`. Stack: the agent calls run on their own painted 256 KiB stack "
      "(ucontext); bytes ever written below the entry frame, interface code included. The Cortex-M4 "
      "figure is a static estimate from the core link: frame sizes of the prologues, summed along the "
      "deepest chain of direct calls (calls into the application's interfaces not followed).")
    p("")
    p("| block size | blocks | GetStream requests | peak heap | allocations (sizes) | most live at once | "
      "left after shutdown | libc malloc calls from libota.a | stack x86_64 |")
    p("|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for n in CONFIG_ORDER:
        if n not in heap:
            continue
        x = heap[n]
        p("| %s | %s | %s | %s B | %s (%s) | %s | %s B | %s | %s B |" % (
            CONFIG_LABEL[n], x["blocks"], x["stream_requests"], num(int(x["heap_peak_bytes"])), x["heap_allocs"],
            x["heap_sizes"].replace(",", ", "), x["heap_live_peak"], x["heap_outstanding_after_shutdown"],
            x["libc_allocs_by_library"], num(int(x["stack_bytes"]))))
    p("")
    p("Cortex-M4 static stack estimate (core link, default config):")
    p("")
    p("| entry point | bytes | deepest chain (frame bytes) |")
    p("|---|---:|---|")
    for k, v in size["stack"].items():
        p("| `%s` | %s%s | %s |" % (k, num(v["bytes"]), " (+dynamic)" if v["dynamic"] else "",
                                   " → ".join("`%s`" % x for x in v["path"][:6]) + (" → …" if len(v["path"]) > 6 else "")))
    p("")

    # -- CPU
    p("## 4. Instructions (callgrind, x86_64, release)")
    p("")
    p("`libota.a` is the release profile (LTO, one codegen unit) at opt-level 2, set with "
      "`CARGO_PROFILE_RELEASE_OPT_LEVEL=2`, as the C agent was counted at `-O2`; the last row is the "
      "release profile as shipped (opt-level \"s\"), default config. The harness is `-O2`.")
    p("")
    p("`valgrind --tool=callgrind --toggle-collect='bench_*'` on the same update: each agent entry "
      "(`OTA_Init`, `OTA_SignalEvent`, one `OTA_EventProcess` wrapper per event type) is collected; "
      "the interface implementations switch collection off while they run (CALLGRIND_TOGGLE_COLLECT), "
      "except the PAL's copy into flash, which counts. Shutdown is excluded. Floors are the same "
      "messages through `ota::stream::cbor::decode_data_block` + copy (`bench/floor`), through a "
      "hand-written C decoder + memcpy, and memcpy alone.")
    p("")
    p("| block size | blocks | whole update | per block (update ÷ blocks) | block ingest per block "
      "(SignalEvent + ReceivedFileBlock) | of which PAL copy | GetStream request per block | outside the "
      "blocks | of which requests | job document, init, close | floor: crate decoder + copy | floor: C "
      "decoder + memcpy | floor: memcpy | per block ÷ floor |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in CPU_ORDER:
        if n not in cpu:
            continue
        x = cpu[n]
        p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f× |" % (
            CONFIG_LABEL[n], x["blocks"], num(x["total"]), num(x["per_block"]), num(x["ingest"]), num(x["pal"]),
            num(x["request"]), num(x["outside"]), num(x["outside"] - x["outside_no_requests"]),
            num(x["outside_no_requests"]), num(x["floor_rust"]), num(x["floor_c"]), num(x["floor_memcpy"]),
            x["per_block"] / x["floor_rust"] if x["floor_rust"] else 0))
    p("")
    p("Instructions by agent entry (4 KiB blocks, default config):")
    p("")
    p("| entry | calls | instructions | per call |")
    p("|---|---:|---:|---:|")
    ev = [int(v) for v in c["events"].split(",")] if c["events"] else []
    names = ["Start", "StartSelfTest", "RequestJobDocument", "ReceivedJobDocument", "CreateFile",
             "RequestFileBlock", "ReceivedFileBlock", "RequestTimer", "CloseFile", "Suspend", "Resume",
             "UserAbort", "Shutdown", "Other"]
    calls = {"bench_init": 1, "bench_signal_start": 1, "bench_signal_job": 1,
             "bench_signal_block": c["blocks"], "bench_shutdown": 1}
    for i, nm in enumerate(names):
        if i < len(ev):
            calls["bench_ev_" + nm] = ev[i]
    label = {"bench_init": "OTA_Init", "bench_signal_start": "OTA_SignalEvent(Start)",
             "bench_signal_job": "OTA_SignalEvent(ReceivedJobDocument)",
             "bench_signal_block": "OTA_SignalEvent(ReceivedFileBlock)", "bench_shutdown": "OTA_Shutdown"}
    for k, v in sorted(c["wrappers"].items(), key=lambda kv: -kv[1]):
        n = calls.get(k, 0) or 1
        excluded = " (shutdown: not in the update)" if k in ("bench_shutdown", "bench_ev_Shutdown") else ""
        p("| %s%s | %s | %s | %s |" % (label.get(k, "OTA_EventProcess: " + k.replace("bench_ev_", "")), excluded,
                                       num(calls.get(k, 0)), num(v), num(v / n)))
    p("")
    p("Top 10 functions by own instructions (4 KiB blocks, whole update):")
    p("")
    p("| instructions | per block | function |")
    p("|---:|---:|---|")
    shown = 0
    for fn, ir in c["exclusive"]:
        if fn.startswith("bench_"):
            continue
        if re.fullmatch(r"0x[0-9a-f]+( \(\d+x\))?", fn):
            fn = "PLT stub (call into libc) " + fn
        p("| %s | %s | `%s` |" % (num(ir), num(ir / c["blocks"]), fn))
        shown += 1
        if shown == 10:
            break
    p("")

    # -- Panics
    p("## 5. Panic paths in the Cortex-M link")
    p("")
    mach = size["panic"]["machinery"]
    if not uniq_sites:
        p("no panic paths")
    else:
        p("Panic machinery linked: %s. Every call site outside it (generic core helpers followed up to "
          "their callers; source lines from a build of the same code with line tables, which has %d "
          "call sites of the machinery where the measured build has %d):"
          % (", ".join("`%s`" % m for m in mach), len(panic_sites), size["panic"]["sites_in_measured_build"]))
        p("")
        p("| source | function | reaches |")
        p("|---|---|---|")
        seen = set()
        for s in sorted(panic_sites, key=lambda s: (s["source"], s["caller"])):
            key = (s["source"], s["caller"], s["panic"])
            if key in seen:
                continue
            seen.add(key)
            via = " → ".join("`%s`" % v for v in s["via"])
            p("| %s | `%s` | %s%s`%s` |" % (s["source"] or "?", s["caller"], via, " → " if via else "",
                                            s["panic"]))
    p("")
    p("## 6. Throughput")
    p("")
    p("`bench/throughput/run.sh`: `libota.a` and the C demo firmware (`examples/c-demo`) built once per "
      "configuration of `bench/throughput/` (`bpr-N`: N blocks per GetStream request, "
      "`otaconfigMAX_NUM_BLOCKS_REQUEST`; 4 KiB blocks, 256-byte bitmap for up to 8 MiB; otherwise the "
      "demo's `ota_config.h`, 500 ms request wait), each into `target/bench-throughput/<config>`. The "
      "harness (`examples/demo/examples/throughput.rs`, release) runs the cloud stand-in (`ota-cloud`: "
      "Jobs, MQTT streams, pre-signed HTTP downloads) and the embedded broker in its process; mosquitto "
      "runs with the Jobs plugin of `tools/mosquitto-plugin` and `set_tcp_nodelay true`; everything on "
      "127.0.0.1. Each run starts a fresh device (factory v1.0.1) and waits until it idles, then creates "
      "a job for a signed (ECDSA P-256 / SHA-256) v1.0.2 image. *download + verify*: from the job's "
      "creation to the device's `self_test: ready` status update as the cloud received it (notification, "
      "job document, every block written, file closed, signature verified); *until SUCCEEDED*: to the "
      "final status, after the \"reboot\" (the demo executes itself again), reconnection and self-test. "
      "Each figure is the median of the successful runs of the case; KiB/s = image size ÷ download + "
      "verify. A run counts only if the device exits with \"updated\", the job is `SUCCEEDED` and the "
      "installed image is byte for byte the signed one. *requests*: GetStream requests (MQTT) or HTTP "
      "range requests, median; over HTTP the agent asks for one block per request whatever the "
      "setting (the `bpr-1` build is used). *best*: the setting with the least download time summed "
      "over brokers and sizes.")
    p("")
    if tp is None:
        p("Not measured: `bench/throughput/run.sh` wrote no results (see the output of `bash bench/run.sh`).")
    else:
        L.extend(tp.grid())
    print("\n".join(L))


if __name__ == "__main__":
    main()
