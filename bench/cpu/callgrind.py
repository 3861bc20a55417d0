#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads a callgrind output file with callgrind_annotate and prints JSON:

  {"total": collected Ir,
   "inclusive": {function: Ir, ...},   # every function, inclusive cost
   "exclusive": [[function, Ir], ...]} # sorted, self cost

Function names are as callgrind_annotate shows them (demangled), without the
file and object parts.
"""

import json
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$")


def annotate(path, inclusive):
    args = ["callgrind_annotate", "--threshold=100", "--auto=no"]
    if inclusive:
        args.append("--inclusive=yes")
    out = subprocess.run(args + [path], check=True, capture_output=True, text=True).stdout
    total = 0
    costs = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        rest = m.group(2)
        if rest == "PROGRAM TOTALS":
            total = ir
            continue
        if " [" in rest:
            rest = rest[: rest.rfind(" [")]
        func = rest.split(":", 1)[1] if ":" in rest else rest
        costs[func] = max(costs.get(func, 0), ir)  # the same function may be listed under two file names
    return total, costs


def main():
    path = sys.argv[1]
    total, incl = annotate(path, True)
    _, excl = annotate(path, False)
    print(json.dumps({"total": total, "inclusive": incl,
                      "exclusive": sorted(excl.items(), key=lambda kv: -kv[1])}))


if __name__ == "__main__":
    main()
