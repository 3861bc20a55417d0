#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Flash, static RAM, panic paths and a static stack estimate of the Cortex-M4
size program (bench/size/main.c), from two links: with the agent and without.

Usage:
  analyze.py sections WITH.elf WITHOUT.elf
      -> JSON {text, rodata, data, bss, flash, ram} of the difference
  analyze.py full --with WITH.elf --without WITHOUT.elf --map WITH.map
                  [--lines LINES.elf] --src SRC_DIR --repo REPO_DIR
      -> JSON with the difference, a per-module breakdown, the biggest symbols,
         log format strings found in flash, panic call sites and stack estimates.

"text" counts executable code and the vector table and unwind index
(.isr_vector, .text, .ARM.exidx, .ARM.extab); "rodata" is .rodata; "data" is
initialised RAM (stored in flash too); "bss" is zeroed RAM.
Flash = text + rodata + data; static RAM = data + bss.
"""

import bisect
import collections
import json
import os
import re
import subprocess
import sys

TOOL = "arm-none-eabi-"
TEXT_SECTIONS = (".isr_vector", ".text", ".ARM.exidx", ".ARM.extab")


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def section_sizes(elf):
    sizes = collections.Counter()
    for line in run(TOOL + "size", "-A", elf).splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].startswith(".") and parts[1].isdigit():
            name, size = parts[0], int(parts[1])
            if name in TEXT_SECTIONS:
                sizes["text"] += size
            elif name == ".rodata":
                sizes["rodata"] += size
            elif name == ".data":
                sizes["data"] += size
            elif name == ".bss":
                sizes["bss"] += size
    out = {k: sizes[k] for k in ("text", "rodata", "data", "bss")}
    out["flash"] = out["text"] + out["rodata"] + out["data"]
    out["ram"] = out["data"] + out["bss"]
    return out


def diff_sections(with_elf, without_elf):
    a, b = section_sizes(with_elf), section_sizes(without_elf)
    return {k: a[k] - b[k] for k in a}


# --------------------------------------------------------------------------
# Symbols, origins, demangling

HASH = re.compile(r"::h[0-9a-f]{16}$")
DISAMBIG = re.compile(r"\[[0-9a-f]{16}\]")


def demangle_all(names):
    names = list(names)
    if not names:
        return {}
    out = subprocess.run(
        [TOOL + "c++filt"], input="\n".join(names) + "\n", capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return {n: DISAMBIG.sub("", HASH.sub("", d)) for n, d in zip(names, out)}


def symbols(elf):
    """(addr, size, type, mangled name) of every sized symbol."""
    syms = []
    for line in run(TOOL + "nm", "-S", "--size-sort", elf).splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4:
            syms.append((int(parts[0], 16), int(parts[1], 16), parts[2], parts[3]))
    return syms


def map_inputs(map_file):
    """Input sections of the link: list of (addr, size, section name, origin)."""
    entries = []
    with open(map_file) as f:
        lines = f.read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("Linker script and memory map")), 0)
    pending = None
    sec_re = re.compile(r"^ (\.\S+)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.+))?$")
    cont_re = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
    for l in lines[start:]:
        m = sec_re.match(l)
        if m:
            if m.group(2):
                entries.append((int(m.group(2), 16), int(m.group(3), 16), m.group(1), m.group(4).strip()))
                pending = None
            else:
                pending = m.group(1)
            continue
        if pending:
            m = cont_re.match(l)
            if m:
                entries.append((int(m.group(1), 16), int(m.group(2), 16), pending, m.group(3).strip()))
            pending = None
    return [e for e in entries if e[1] > 0]


def origin_kind(origin):
    """Short name of where an input section comes from."""
    base = os.path.basename(origin)
    m = re.search(r"libota[^/(]*\.a\((.*)\)$", origin)
    if m:
        member = m.group(1)
        if member.startswith("compiler_builtins-"):
            return "compiler_builtins"
        if "ota_log_bridge" in member or "ota_port_hooks" in member:
            return "cbits"
        if member.startswith("ota-"):
            return "ota"
        return member.split("-", 1)[0]
    if "libc_nano.a(" in origin or "libc.a(" in origin:
        return "libc"
    if "libgcc.a(" in origin:
        return "libgcc"
    if "libm" in base:
        return "libm"
    if base.endswith(".o") or base.startswith("cc"):
        return "app"
    return base


ROOTS = ("ota", "core", "alloc", "compiler_builtins", "sha2", "p256", "elliptic_curve", "ecdsa",
         "primeorder", "crypto_bigint", "subtle", "digest", "signature", "ff", "group", "rfc6979",
         "hmac", "block_buffer", "generic_array", "der", "spki", "base16ct", "sec1", "cpufeatures")
PATH_RE = re.compile(r"\b(" + "|".join(ROOTS) + r")((?:::[A-Za-z_][A-Za-z0-9_]*)*)")


def module_of(name, kind):
    """Group for a demangled symbol name."""
    if kind == "libc":
        return "libc: " + name
    if kind == "libgcc":
        return "libgcc: " + name
    if kind == "compiler_builtins" or name.startswith("__aeabi_") or "compiler_builtins" in name:
        return "compiler_builtins (memcpy, memset, ...)"
    if kind == "cbits":
        return "cbits (C log bridge, port hooks)"
    if kind == "app":
        return "application (main.c call sites)"
    if kind == "core":
        m = PATH_RE.search(name)
        sub = m.group(0).split("::")[1] if m and m.group(1) == "core" and "::" in m.group(0) else "?"
        return "core object, used by the panic paths: core::" + sub
    if name.startswith("OTA_"):
        return "ota::ffi (exported OTA_* functions)"
    if name.startswith("OUTLINED_FUNCTION_"):
        return "LLVM machine-outlined fragments (shared by ota code)"
    if "rust_begin_unwind" in name:
        return "ota::ffi (panic handler)"
    m = PATH_RE.search(name)
    if not m:
        return "other: " + name
    root = m.group(1)
    rest = [p for p in m.group(2).split("::") if p]
    if root == "ota":
        # ota::<module> (ota::agent, ota::job, ota::stream, ota::ffi, ...)
        return "ota::" + rest[0] if rest else "ota"
    if root == "core":
        return "core::" + rest[0] if rest else "core"
    return root + " (dependency)"


# --------------------------------------------------------------------------
# Disassembly: functions, calls, frames

FUNC_RE = re.compile(r"^([0-9a-f]{8}) <(.+)>:$")
INSN_RE = re.compile(r"^\s*([0-9a-f]+):\s+([0-9a-f]{4}(?: [0-9a-f]{4})?)\s+(\S+)\s*(.*)$")
TARGET_RE = re.compile(r"\b([0-9a-f]+) <([^>]+)>")
REGLIST_RE = re.compile(r"\{([^}]*)\}")


def reg_count(text):
    m = REGLIST_RE.search(text)
    if not m:
        return 0
    n = 0
    for part in m.group(1).split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-")
            n += int(b[1:]) - int(a[1:]) + 1
        elif part:
            n += 1
    return n


def disassemble(elf):
    """{func name: {addr, calls: [(site, target name, kind)], frame, dynamic}}."""
    funcs = {}
    cur = None
    dis = run(TOOL + "objdump", "-d", "--no-show-raw-insn", elf)
    # objdump without raw bytes: "addr:\tmnemonic\toperands"
    insn_re = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$")
    for line in dis.splitlines():
        m = FUNC_RE.match(line)
        if m:
            cur = {"addr": int(m.group(1), 16), "calls": [], "frame": 0, "dynamic": False, "n": 0,
                   "indirect": 0}
            funcs[m.group(2)] = cur
            continue
        if cur is None:
            continue
        m = insn_re.match(line)
        if not m:
            continue
        site, mn, ops = int(m.group(1), 16), m.group(2), m.group(3)
        cur["n"] += 1
        if cur["n"] <= 16:
            if mn in ("push", "push.w") or (mn in ("stmdb", "stmdb.w") and ops.startswith("sp!")):
                cur["frame"] += 4 * reg_count(ops)
            elif mn == "vpush" or (mn.startswith("vstmdb") and ops.startswith("sp!")):
                cur["frame"] += (8 if "d" in ops.split("{")[-1][:2] else 4) * reg_count(ops)
            elif mn in ("sub", "sub.w", "subw") and re.match(r"sp,\s*(sp,\s*)?#", ops):
                cur["frame"] += int(re.search(r"#(\d+)", ops).group(1))
            elif mn in ("sub", "sub.w") and re.match(r"sp,\s*(sp,\s*)?r", ops):
                cur["dynamic"] = True
        base = mn.split(".")[0]
        if base == "movw":
            mm = re.match(r"(r\d+|ip|lr|sl|fp),\s*#(\d+)", ops)
            if mm:
                cur.setdefault("movw", {})[mm.group(1)] = int(mm.group(2))
        elif base == "movt":
            mm = re.match(r"(r\d+|ip|lr|sl|fp),\s*#(\d+)", ops)
            lo = cur.get("movw", {}).pop(mm.group(1), None) if mm else None
            if lo is not None:
                cur.setdefault("refs", []).append((site, (int(mm.group(2)) << 16) | lo))
        # Calls, conditional ones (`blne` inside an IT block) included.
        if re.match(r"^blx?(eq|ne|cs|cc|hs|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)?$", base):
            t = TARGET_RE.search(ops)
            if t:
                cur["calls"].append((site, t.group(2), "call"))
            else:
                cur["indirect"] += 1
        elif base == "b" or re.match(r"^b(eq|ne|cs|cc|hs|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)$", base):
            t = TARGET_RE.search(ops)
            if t and "+" not in t.group(2):
                cur["calls"].append((site, t.group(2), "tail"))
    by_addr = {info["addr"] | 1: name for name, info in funcs.items()}
    for info in funcs.values():
        info["addr_refs"] = [(site, by_addr[v]) for site, v in info.pop("refs", []) if v in by_addr]
        info.pop("movw", None)
    return funcs


PANIC_PATTERNS = (
    "core::panicking::", "panic_bounds_check", "slice_index_fail", "slice_start_index_len_fail",
    "slice_end_index_len_fail", "slice_index_order_fail", "len_mismatch_fail", "unwrap_failed",
    "expect_failed", "rust_begin_unwind", "ota_port_panic", "core::result::unwrap_failed",
    "core::option::unwrap_failed", "core::option::expect_failed", "panic_const", "panic_fmt",
    "assert_failed", "::panic", "str_index_overflow_fail", "slice_error_fail",
)


def is_panic(name):
    return any(p in name for p in PANIC_PATTERNS)


def source_lines(lines_elf, addrs, repo):
    """addr -> first location inside the repository on the inline chain."""
    if not lines_elf or not addrs:
        return {}
    out = run(TOOL + "addr2line", "-e", lines_elf, "-i", "-a", *[hex(a) for a in addrs])
    result = {}
    cur = None
    for line in out.splitlines():
        if line.startswith("0x"):
            cur = int(line, 16)
            continue
        if cur is not None and cur not in result and repo in line:
            result[cur] = os.path.relpath(line.split(" ")[0], repo)
    return result


def code_by_source(lines_elf, skip, repo):
    """Code bytes per source file of the repository, inlined code counted in the
    file it was written in: each instruction goes to the first location inside
    the repository on its inline chain (`source_lines`), so standard-library
    helpers inlined into the crate count for the crate file that used them.
    Functions whose names are in `skip` (the application's) are left out."""
    if not lines_elf:
        return {}
    dis = run(TOOL + "objdump", "-d", "--no-show-raw-insn", lines_elf)
    insn_re = re.compile(r"^\s*([0-9a-f]+):\s")
    addrs, cur = [], None
    for line in dis.splitlines():
        m = FUNC_RE.match(line)
        if m:
            cur = m.group(2)
            continue
        m = insn_re.match(line)
        if m and cur is not None and cur not in skip:
            addrs.append(int(m.group(1), 16))
    addrs.sort()
    # An instruction's size is the gap to the next one (Thumb: 2 or 4 bytes).
    size = {a: (b - a if 0 < b - a <= 4 else 2) for a, b in zip(addrs, addrs[1:] + [0])}
    where = source_lines(lines_elf, addrs, repo)
    total = collections.Counter()
    for a in addrs:
        loc = where.get(a)
        total[loc.rsplit(":", 1)[0] if loc else "outside the repository (libraries, builtins)"] += size[a]
    return dict(total)


def panic_analysis(funcs, names, lines_elf, repo):
    """Functions of the panic machinery in the link and every call site of them
    outside the machinery, with generic core helpers expanded to their callers."""
    machinery = {f for f in funcs if is_panic(names.get(f, f))}
    callers = collections.defaultdict(list)  # callee -> [(caller, site)]
    for f, info in funcs.items():
        for site, target, _kind in info["calls"]:
            callers[target].append((f, site))

    def is_helper(f):
        d = names.get(f, f)
        return (d.startswith("core::") or d.startswith("<core::") or d.startswith("compiler_builtins")) \
            and f not in machinery

    sites = []
    seen = set()

    def visit(target, via, depth, root):
        for caller, site in callers.get(target, []):
            if caller in machinery:
                continue
            key = (caller, site, target)
            if key in seen:
                continue
            seen.add(key)
            if is_helper(caller) and depth < 4:
                visit(caller, [names.get(caller, caller)] + via, depth + 1, root)
            else:
                sites.append({"caller": names.get(caller, caller), "site": site,
                              "via": via, "panic": names.get(root, root)})

    for m in sorted(machinery):
        visit(m, [], 0, m)
    locs = source_lines(lines_elf, sorted({s["site"] for s in sites}), repo)
    for s in sites:
        s["source"] = locs.get(s["site"], "")
    return sorted(names.get(m, m) for m in machinery), sites


def stack_estimates(funcs, names, roots):
    """Worst direct-call stack depth from each root: frame sizes from prologues,
    indirect calls (into the application's interfaces) not followed."""
    memo = {}

    def depth(f, stack):
        if f in memo:
            return memo[f]
        if f in stack:
            return (0, [names.get(f, f) + " (recursion)"], True)
        info = funcs.get(f)
        if info is None:
            return (0, [], False)
        best = (0, [], False)
        for _site, target, _kind in info["calls"]:
            if target == f or target not in funcs:
                continue
            d = depth(target, stack | {f})
            if d[0] > best[0]:
                best = d
        res = (info["frame"] + best[0], [names.get(f, f) + " (%d)" % info["frame"]] + best[1],
               info["dynamic"] or best[2])
        memo[f] = res
        return res

    out = {}
    for r in roots:
        key = next((f for f in funcs if names.get(f, f) == r), None)
        if key:
            d, path, dyn = depth(key, frozenset())
            out[r] = {"bytes": d, "path": path, "dynamic": dyn}
    return out


# --------------------------------------------------------------------------
# Log format strings kept in flash

C_LIT = r'c"((?:[^"\\]|\\.)*)"'
LOG_RE = re.compile(r"ota_log(?:_str)?!\s*\(\s*\w+\s*,\s*" + C_LIT, re.S)


def unescape(s):
    return s.encode().decode("unicode_escape").encode("latin-1")


def log_strings(src_dir):
    found = set()
    for root, _dirs, files in os.walk(src_dir):
        for fn in files:
            if fn.endswith(".rs") and fn != "tests.rs":
                text = open(os.path.join(root, fn)).read()
                # Drop unit-test modules (after "#[cfg(test)]").
                text = text.split("#[cfg(test)]\nmod tests")[0]
                for m in LOG_RE.finditer(text):
                    found.add(unescape(m.group(1)))
    return found


STR_LIT = re.compile(r'(?<![A-Za-z0-9_])c?"((?:[^"\\]|\\.)*)"')


def description_strings(src_dir):
    """Literals returned by the `description()` functions (log text of errors)."""
    found = set()
    for root, _dirs, files in os.walk(src_dir):
        for fn in files:
            if not fn.endswith(".rs") or fn == "tests.rs":
                continue
            text = open(os.path.join(root, fn)).read()
            for m in re.finditer(r"fn description\(", text):
                end = text.find("\n    }\n", m.end())
                for lit in STR_LIT.finditer(text[m.end():end if end > 0 else m.end() + 4000]):
                    found.add(unescape(lit.group(1)))
    return found


def is_packed_names(blob):
    """NUL-terminated printable names laid end to end (at least two)."""
    parts = blob.split(b"\0")
    return (len(parts) > 2 and parts[-1] == b"" and
            all(p and all(32 <= c < 127 for c in p) for p in parts[:-1]))


def is_length_prefixed(blob):
    """Printable names each preceded by its length byte, covering the blob."""
    i, n = 0, 0
    while i < len(blob):
        k = blob[i]
        name = blob[i + 1:i + 1 + k]
        if k == 0 or len(name) != k or not all(32 <= c < 127 for c in name):
            return False
        i += 1 + k
        n += 1
    return n > 2


def classify_strings(elf, inputs, src_dir):
    """Bytes of the crate's merged string literals in flash, by purpose."""
    ro = rodata_bytes(elf)
    base = min(e[0] for e in inputs if e[2].startswith(".rodata")) if inputs else 0
    hdr = run(TOOL + "objdump", "-h", elf)
    m = re.search(r"\.rodata\s+[0-9a-f]+\s+([0-9a-f]+)", hdr)
    if m:
        base = int(m.group(1), 16)
    logs = log_strings(src_dir)
    descs = description_strings(src_dir)
    out = collections.Counter()
    counts = collections.Counter()
    for addr, size, sec, origin in inputs:
        if not sec.startswith(".rodata") or origin_kind(origin) != "ota":
            continue
        blob = ro[addr - base: addr - base + size]
        if not sec.startswith(".rodata.str") and is_packed_names(blob):
            # Names laid end to end, NUL-terminated (the *_strerror tables):
            # classified name by name below, as a string section is.
            sec = ".rodata.str.packed"
        elif not sec.startswith(".rodata.str") and is_length_prefixed(blob):
            k = "other Rust &str literals (JSON keys, topic parts, ...)"
            out[k] += size
            counts[k] += 1
            continue
        if not sec.startswith(".rodata.str"):
            # Rust &str literals and tables: one constant per section.
            if blob in descs:
                k = "error descriptions (only logged), Rust &str"
            elif len(blob) >= 3 and all(32 <= c < 127 for c in blob):
                k = "other Rust &str literals (JSON keys, topic parts, ...)"
            else:
                k = "lookup tables and other constants"
            out[k] += size
            counts[k] += 1
            continue
        for part in blob.split(b"\0"):
            if not part:
                continue
            if part in logs:
                k = "log format strings"
            elif part.endswith(b".rs"):
                k = "panic locations (source file names)"
            elif part in descs:
                k = "error descriptions (only logged)"
            elif re.fullmatch(rb"Ota[A-Za-z]+|InvalidErrorCode", part):
                k = "*_strerror names (API)"
            else:
                k = "other strings"
            out[k] += len(part) + 1
            counts[k] += 1
    return {k: {"bytes": out[k], "count": counts[k]} for k in out}


def pointer_refs(elf, inputs, targets):
    """Where words equal to the (Thumb) addresses of `targets` appear in flash:
    {origin kind of the location: count}."""
    want = {(a | 1): n for a, n in targets.items()}
    hdr = run(TOOL + "objdump", "-h", elf)
    refs = collections.Counter()
    starts = sorted(inputs)
    keys = [e[0] for e in starts]
    for sec in (".text", ".rodata", ".data"):
        m = re.search(r"\%s\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)" % sec, hdr)
        if not m:
            continue
        import tempfile
        with tempfile.NamedTemporaryFile(suffix=".bin") as t:
            subprocess.run([TOOL + "objcopy", "-O", "binary", "--only-section=" + sec, elf, t.name], check=True)
            blob = open(t.name, "rb").read()
        vma = int(m.group(2), 16)
        for off in range(0, len(blob) - 3, 4):
            w = int.from_bytes(blob[off:off + 4], "little")
            if w in want:
                addr = vma + off
                i = bisect.bisect_right(keys, addr) - 1
                where = origin_kind(starts[i][3]) + " " + starts[i][2].split(".")[1] if i >= 0 else "?"
                refs[where] += 1
    return dict(refs)


def rodata_bytes(elf):
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".bin") as t:
        subprocess.run([TOOL + "objcopy", "-O", "binary", "--only-section=.rodata", elf, t.name], check=True)
        return open(t.name, "rb").read()


# --------------------------------------------------------------------------

def full(args):
    repo = os.path.abspath(args["repo"])
    result = {"diff": diff_sections(args["with"], args["without"]), "crate_strings": crate_strings(args["map"]),
              "with": section_sizes(args["with"]), "without": section_sizes(args["without"])}

    syms_with = symbols(args["with"])
    base_names = {s[3] for s in symbols(args["without"])}
    inputs = map_inputs(args["map"])
    inputs.sort()
    starts = [e[0] for e in inputs]

    def origin_at(addr):
        i = bisect.bisect_right(starts, addr) - 1
        if i >= 0 and inputs[i][0] <= addr < inputs[i][0] + inputs[i][1]:
            return inputs[i][3]
        return ""

    dis = disassemble(args["with"])
    dis_lines = disassemble(args["lines"]) if args.get("lines") else dis
    names = demangle_all({s[3] for s in syms_with} | set(dis) | set(dis_lines))

    base_main = next((s[1] for s in symbols(args["without"]) if s[3] == "main"), 0)
    by_module = collections.defaultdict(lambda: collections.Counter())
    top = {"text": [], "rodata": [], "ram": []}
    seen_addr = set()
    for addr, size, typ, name in syms_with:
        if (addr, size) in seen_addr:  # aliases (identical code folded)
            continue
        seen_addr.add((addr, size))
        kind = origin_kind(origin_at(addr))
        d = names.get(name, name)
        if kind == "app" or name in base_names:
            if name != "main":
                continue
            size -= base_main  # main grows by its calls into the API
        t = typ.lower()
        cls = "text" if t in "tw" else "rodata" if t == "r" else "data" if t == "d" else "bss" if t == "b" else None
        if cls is None or size <= 0:
            continue
        mod = module_of(d, "app" if name == "main" else kind)
        by_module[mod][cls] += size
        entry = {"name": d, "size": size, "module": mod}
        if cls in ("text", "rodata"):
            top[cls].append(entry)
        else:
            entry["section"] = cls
            top["ram"].append(entry)

    # Anonymous read-only data (string literals, tables) per origin, from the map.
    anon = collections.Counter()
    for addr, size, sec, origin in inputs:
        if sec.startswith(".rodata") and origin_kind(origin) not in ("app",):
            anon[origin_kind(origin)] += size
    result["rodata_by_origin"] = dict(anon)

    # Log strings.
    ro = rodata_bytes(args["with"])
    logs = log_strings(args["src"])
    kept = [s for s in logs if (s + b"\0") in ro]
    result["log_strings"] = {"in_source": len(logs), "in_flash": len(kept),
                             "bytes": sum(len(s) + 1 for s in kept)}

    modules = []
    for mod, c in by_module.items():
        modules.append({"module": mod, "text": c["text"], "rodata": c["rodata"], "data": c["data"],
                        "bss": c["bss"]})
    modules.sort(key=lambda m: -(m["text"] + m["rodata"] + m["data"]))
    result["modules"] = modules
    for k in top:
        top[k].sort(key=lambda e: -e["size"])
        top[k] = top[k][:15]
    result["top"] = top

    result["by_source"] = code_by_source(args.get("lines"), base_names, repo)
    machinery, sites = panic_analysis(dis_lines, names, args.get("lines"), repo)
    m_main, s_main = panic_analysis(dis, names, None, repo)
    result["panic"] = {"machinery": machinery, "sites": sites, "sites_in_measured_build": len(s_main),
                       "machinery_in_measured_build": m_main}

    fmt_users = collections.Counter()
    for f, info in dis.items():
        for _s, target in [(c[0], c[1]) for c in info["calls"]] + info["addr_refs"]:
            if "core::fmt" in names.get(target, target) and "core::fmt" not in names.get(f, f):
                fmt_users[names.get(f, f)] += 1
    result["fmt_callers"] = dict(fmt_users)
    fmt_funcs = {dis[f]["addr"]: names.get(f, f) for f in dis if "core::fmt" in names.get(f, f)}
    result["fmt_pointer_refs"] = pointer_refs(args["with"], inputs, fmt_funcs)
    result["strings"] = classify_strings(args["with"], inputs, args["src"])
    result["fmt_bytes"] = sum(m["text"] for m in modules if m["module"].startswith("core object"))

    roots = ["OTA_EventProcess", "OTA_EventProcessingTask", "OTA_Init", "OTA_InitWithConfigCheck",
             "OTA_SignalEvent", "OTA_SetImageState", "OTA_Shutdown"]
    result["stack"] = stack_estimates(dis, names, roots)
    return result


def extra(variant_elf, core_elf):
    """Per demangled symbol, bytes a variant link has beyond the core link."""
    def sized(elf):
        syms = symbols(elf)
        names = demangle_all({x[3] for x in syms})
        out = collections.Counter()
        seen = set()
        for addr, size, _t, n in syms:
            if (addr, size) not in seen:
                seen.add((addr, size))
                out[names.get(n, n)] += size
        return out

    core, var = sized(core_elf), sized(variant_elf)
    deltas = [{"name": n, "size": var[n] - core.get(n, 0)} for n in var if var[n] != core.get(n, 0)]
    deltas += [{"name": n, "size": -core[n]} for n in core if n not in var]
    deltas.sort(key=lambda e: -abs(e["size"]))
    return deltas


def crate_strings(map_file):
    """Bytes of the crate's merged string-literal section(s) kept in the link."""
    return sum(size for _a, size, sec, origin in map_inputs(map_file)
               if sec.startswith(".rodata.str") and origin_kind(origin) == "ota")


def main():
    if len(sys.argv) >= 6 and sys.argv[1] == "variant":
        d = diff_sections(sys.argv[2], sys.argv[3])
        d["crate_strings"] = crate_strings(sys.argv[4])
        d["name"] = sys.argv[5]
        print(json.dumps(d))
        return
    if len(sys.argv) >= 4 and sys.argv[1] == "extra":
        print(json.dumps(extra(sys.argv[2], sys.argv[3])))
        return
    if len(sys.argv) >= 4 and sys.argv[1] == "sections":
        print(json.dumps(diff_sections(sys.argv[2], sys.argv[3])))
        return
    if len(sys.argv) >= 2 and sys.argv[1] == "full":
        args = {}
        it = iter(sys.argv[2:])
        for a in it:
            args[a.lstrip("-")] = next(it)
        print(json.dumps(full(args), indent=1))
        return
    print(__doc__, file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
