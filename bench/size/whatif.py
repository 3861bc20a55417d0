#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What single behaviours of the agent cost in flash: each case removes one of
them from a scratch copy of the sources (a few exact text edits), builds the
core `libota.a` for the Cortex-M4 as bench/run.sh does, links the size program
and reports the flash against the unedited copy built the same way.

The edited builds are for measuring only: they are never shipped or tested, and
each one is wrong on purpose (it drops a check, a feature or the API's names).

Usage:
  whatif.py check
      -> exit status 1, with the stale cases named, if an edit no longer finds
         its text in the sources (run by `bench/run.sh --ci`, so the table
         cannot rot silently)
  BENCH_CFLAGS_M4=... BENCH_LDFLAGS_M4=... whatif.py measure SCRATCH_DIR WITHOUT.elf
      (bench/run.sh sets the two variables to its own flags)
      -> JSON {unedited: flash, cases: [{name, flash, saved}], all: {flash, saved}}
         on stdout; a case whose edit no longer applies has flash and saved null
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import analyze  # noqa: E402

THUMB = "thumbv7em-none-eabihf"

# (what is removed, [(file, text, replacement), ...]); each text must occur
# exactly once in its file.
CASES = [
    (
        "`*_strerror` names (every call returns \"InvalidErrorCode\")",
        [(
            "src/ffi/strerror.rs",
            "fn name(packed: &'static [u8], index: i64) -> *const c_char {\n",
            "fn name(packed: &'static [u8], index: i64) -> *const c_char {\n"
            "    if true {\n"
            "        return INVALID.as_ptr();\n"
            "    }\n",
        )],
    ),
    (
        "data blocks in any layout but the service's (other key orders, indefinite "
        "maps, extra keys, long-form heads): only the fast path is left",
        [(
            "src/stream/cbor.rs",
            "fn decode_any_layout(msg: &[u8]) -> Result<DataBlock<'_>, DecodeError> {\n",
            "fn decode_any_layout(msg: &[u8]) -> Result<DataBlock<'_>, DecodeError> {\n"
            "    if true {\n"
            "        return Err(DecodeError::Malformed);\n"
            "    }\n",
        )],
    ),
    (
        "JSON escape checks (a backslash and the byte after it accepted unchecked)",
        [(
            "src/job/json.rs",
            "Some(b'\\\\') => self.escape()?,",
            "Some(b'\\\\') => self.bump(2),",
        )],
    ),
    (
        "JSON UTF-8 checks (bytes from 0x80 accepted unchecked)",
        [(
            "src/job/json.rs",
            "Some(0x80..=0xff) => self.utf8()?,",
            "Some(0x80..=0xff) => self.bump(1),",
        )],
    ),
    (
        "duplicate members in the job document (the last one wins)",
        [(
            "src/job/doc.rs",
            "        if seen & bit != 0 {\n",
            "        if false && seen & bit != 0 {\n",
        )],
    ),
    (
        "FAILED reports for jobs the agent cannot run (left queued in the cloud)",
        [(
            "src/agent/jobdoc.rs",
            "    fn reject_job<P: Platform>(&mut self, p: &mut P, job_id: &[u8], why: Reject) {\n",
            "    fn reject_job<P: Platform>(&mut self, p: &mut P, job_id: &[u8], why: Reject) {\n"
            "        if true {\n"
            "            return;\n"
            "        }\n",
        )],
    ),
    (
        "resume after power loss (`OTA_PalSetResumeOffset`)",
        [(
            "src/ffi/platform.rs",
            "super::extensions::RESUME_OFFSET.swap(0, core::sync::atomic::Ordering::Relaxed)",
            "0",
        )],
    ),
    (
        "in-order writes for sequential flash (`OTA_SetSequentialWrites`)",
        [(
            "src/ffi/platform.rs",
            "super::extensions::SEQUENTIAL_WRITES.load(core::sync::atomic::Ordering::Relaxed)",
            "false",
        )],
    ),
    (
        "aligned block data for the PAL (`OTA_SetBlockAlignment`; payloads handed over "
        "at any address)",
        [(
            "src/ffi/platform.rs",
            "super::extensions::BLOCK_ALIGNMENT.load(core::sync::atomic::Ordering::Relaxed) as usize",
            "1",
        )],
    ),
]

def stale(root):
    """(case, file) of every edit that no longer finds its text exactly once."""
    out = []
    for name, edits in CASES:
        for path, old, _ in edits:
            with open(os.path.join(root, path)) as f:
                if f.read().count(old) != 1:
                    out.append((name, path))
    return out


def tracked_files():
    """The repository's files: git's list, or every file outside `target/` and
    `.git/` when this is not a git checkout."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True,
                                 capture_output=True).stdout
        return [p for p in listing.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        out = []
        for top, dirs, files in os.walk(REPO):
            if top == REPO:
                dirs[:] = [d for d in dirs if d not in ("target", ".git")]
            out.extend(os.path.relpath(os.path.join(top, f), REPO) for f in files)
        return out


def copy_tree(dest):
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    for rel in tracked_files():
        src = os.path.join(REPO, rel)
        if not os.path.isfile(src):
            continue
        dst = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)


def build_and_link(tree, target_dir, elf):
    """Builds the core in `tree` as bench/run.sh does (which has also cleared the
    configuration variables from the environment) and links the size program."""
    # The edits leave dead code behind; the compiler's warnings about it are noise.
    built = subprocess.run(["cargo", "build", "--quiet", "--lib", "--profile", "size", "--target",
                            THUMB, "--no-default-features", "--target-dir", target_dir],
                           cwd=tree, capture_output=True, text=True)
    if built.returncode != 0:
        sys.stderr.write(built.stderr)
        raise SystemExit("whatif: cargo build failed in %s" % tree)
    lib = os.path.join(target_dir, THUMB, "size", "libota.a")
    # bench/run.sh's compiler and linker flags, so that the link is its link.
    cflags = os.environ["BENCH_CFLAGS_M4"].split()
    ldflags = os.environ["BENCH_LDFLAGS_M4"].split()
    subprocess.run(["arm-none-eabi-gcc", *cflags, "-I" + os.path.join(tree, "include"),
                    "-DBENCH_WITH_OTA",
                    os.path.join(tree, "bench/size/main.c"), os.path.join(tree, "bench/size/startup.c"),
                    lib, *ldflags, "-o", elf],
                   cwd=tree, check=True, capture_output=True)


def apply(tree, edits):
    """Makes the edits in `tree`; returns the files' texts from before."""
    before = {}
    for path, old, new in edits:
        p = os.path.join(tree, path)
        with open(p) as f:
            text = f.read()
        before.setdefault(path, text)
        with open(p, "w") as f:
            f.write(text.replace(old, new, 1))
    return before


def restore(tree, before):
    for path, text in before.items():
        with open(os.path.join(tree, path), "w") as f:
            f.write(text)


def flash_of(tree, target_dir, elf, without):
    build_and_link(tree, target_dir, elf)
    return analyze.diff_sections(elf, without)["flash"]


def measure(scratch, without):
    tree = os.path.join(scratch, "tree")
    target_dir = os.path.join(scratch, "target")
    copy_tree(tree)
    base = flash_of(tree, target_dir, os.path.join(scratch, "base.elf"), without)
    bad = {name for name, _ in stale(tree)}
    cases, measured = [], []
    for i, (name, edits) in enumerate(CASES):
        if name in bad:
            print("whatif: the sources changed under case %r; not measured" % name, file=sys.stderr)
            cases.append({"name": name, "flash": None, "saved": None})
            continue
        before = apply(tree, edits)
        flash = flash_of(tree, target_dir, os.path.join(scratch, "case%d.elf" % i), without)
        restore(tree, before)
        cases.append({"name": name, "flash": flash, "saved": base - flash})
        measured.append(edits)
    # Every measured case at once: what the agent would be without all of them.
    for edits in measured:
        apply(tree, edits)
    flash = flash_of(tree, target_dir, os.path.join(scratch, "all.elf"), without)
    return {"unedited": base, "cases": cases, "all": {"flash": flash, "saved": base - flash}}


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "check":
        bad = stale(REPO)
        for name, path in bad:
            print("bench/size/whatif.py: the edit of case %s (%s) no longer finds its text; update it"
                  % (name, path), file=sys.stderr)
        sys.exit(1 if bad else 0)
    if len(sys.argv) == 4 and sys.argv[1] == "measure":
        if not (os.environ.get("BENCH_CFLAGS_M4") and os.environ.get("BENCH_LDFLAGS_M4")):
            sys.exit("whatif.py measure: BENCH_CFLAGS_M4 and BENCH_LDFLAGS_M4 are unset; run bench/run.sh")
        print(json.dumps(measure(os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])), indent=1))
        return
    print(__doc__, file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
