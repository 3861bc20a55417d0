#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads the runs of bench/throughput/run.sh (throughput.json) and formats them.

    python3 bench/throughput/grid.py throughput.json    prints the grid (Markdown)

bench/report.py imports it for the summary row and section 6 of the report.
"""

import json
import os
import statistics
import sys

KIB = 1024
MIB = 1 << 20
BROKER_LABEL = {"embedded": "embedded (`ota-broker`)", "mosquitto": "mosquitto"}


def load(path):
    """The results, or None if there are none."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return Results(json.load(f))


def secs(x):
    return "%.3f s" % x


def rate(size, s):
    return "{:,}".format(int(round(size / KIB / s))) if s else "?"


class Cell:
    """Median of the successful runs of one case."""

    def __init__(self, runs):
        good = [r for r in runs if r["ok"]]
        self.runs = len(runs)
        self.ok = len(good)
        self.size = runs[0]["size"] if runs else 0
        med = lambda k: statistics.median(r[k] for r in good) if good else None
        self.download = med("download_s")
        self.download_range = (min(r["download_s"] for r in good),
                               max(r["download_s"] for r in good)) if good else None
        self.total = med("total_s")
        self.requests = med("stream_requests") if good and runs[0]["protocol"] == "MQTT" else (
            med("http_requests") if good else None)
        self.drops = max((r["device_drops"] for r in good), default=0)

    def note(self):
        n = ""
        if self.ok < self.runs:
            n = " (%d of %d runs succeeded)" % (self.ok, self.runs)
        return n


class Results:
    def __init__(self, data):
        self.data = data
        self.runs = data["runs"]
        self.brokers = [b["broker"] for b in data["brokers"]]
        self.skipped = {b["broker"]: b["skipped"] for b in data["brokers"] if b.get("skipped")}
        self.sizes = sorted({r["size"] for r in self.runs})
        self.bprs = sorted({r["bpr"] for r in self.runs if r["bpr"] is not None})
        self.has_http = any(r["protocol"] == "HTTP" for r in self.runs)
        self.failures = data.get("failures", [])

    def cell(self, broker, protocol, bpr, size):
        rs = [r for r in self.runs if r["broker"] == broker and r["protocol"] == protocol
              and r["bpr"] == bpr and r["size"] == size]
        return Cell(rs) if rs else None

    def best_bpr(self):
        """The MQTT setting (other than 1 when others were measured) with the least
        summed median download time over the brokers and sizes every candidate has."""
        cands = [b for b in self.bprs if b != 1] or self.bprs
        if not cands:
            return None
        keys = [(br, s) for br in self.brokers for s in self.sizes]

        def med(b, k):
            c = self.cell(k[0], "MQTT", b, k[1])
            return c.download if c else None
        common = [k for k in keys if all(med(b, k) is not None for b in cands)]
        if not common:
            return None
        return min(cands, key=lambda b: sum(med(b, k) for k in common))

    def measured_brokers(self):
        return [b for b in self.brokers if b not in self.skipped]

    # -- text ---------------------------------------------------------------

    def summary_label(self):
        """The label of the main table's row."""
        return "%s over MQTT streams and HTTP, seconds from job creation to download complete and " \
               "signature verified (median of %d)" % (
                   " / ".join("%d MiB" % (s // MIB) for s in self.sizes), self.data["runs_per_case"])

    def summary(self):
        """The compact cell of the main table: download + verify for each size."""
        best = self.best_bpr()
        rows = []
        if 1 in self.bprs:
            rows.append(("MQTT 1 blk/req", "MQTT", 1))
        if best is not None and best != 1:
            rows.append(("%s%d blk/req (best)" % ("" if rows else "MQTT ", best), "MQTT", best))
        if self.has_http:
            rows.append(("HTTP", "HTTP", None))
        parts = []
        for br in self.measured_brokers():
            items = []
            for label, proto, bpr in rows:
                vals = []
                for s in self.sizes:
                    c = self.cell(br, proto, bpr, s)
                    vals.append("%.3f" % c.download if c and c.download is not None else "failed")
                unit = "" if all(v == "failed" for v in vals) else " s"
                items.append("%s %s%s" % (label, " / ".join(vals), unit))
            parts.append("%s: %s" % (br, ", ".join(items)))
        for br, why in self.skipped.items():
            parts.append("%s: not measured (%s)" % (br, why))
        text = "; ".join(parts)
        failed = sum(1 for r in self.runs if not r["ok"])
        if failed:
            text += " (**%d of %d runs failed**, see section 6)" % (failed, len(self.runs))
        return text

    def grid(self):
        """The full grid (Markdown lines)."""
        L = []
        p = L.append
        best = self.best_bpr()
        head = "| broker | data plane (4 KiB blocks) |"
        sep = "|---|---|"
        for s in self.sizes:
            m = s // MIB
            head += " %d MiB: download + verify (min–max) | KiB/s | %d MiB: until SUCCEEDED | requests |" % (m, m)
            sep += "---:|---:|---:|---:|"
        p(head)
        p(sep)
        planes = [("MQTT", b) for b in self.bprs] + ([("HTTP", None)] if self.has_http else [])
        for br in self.measured_brokers():
            for proto, bpr in planes:
                if proto == "MQTT":
                    label = "MQTT stream, %d block%s/request" % (bpr, "" if bpr == 1 else "s")
                    if bpr == 1:
                        label += " (C agent default)"
                    if bpr == best:
                        label = "**%s (best)**" % label
                else:
                    label = "HTTP, one block (range) per request"
                row = "| %s | %s |" % (BROKER_LABEL.get(br, br), label)
                for s in self.sizes:
                    c = self.cell(br, proto, bpr, s)
                    if c is None or c.download is None:
                        row += " failed | | | |"
                        continue
                    extra = c.note()
                    if c.drops:
                        extra += " (device dropped messages: %d)" % c.drops
                    spread = " (%.3f–%.3f)" % c.download_range if c.ok > 1 else ""
                    row += " %s%s%s | %s | %s | %s |" % (secs(c.download), spread, extra, rate(s, c.download),
                                                      secs(c.total), "{:,}".format(int(c.requests)))
                p(row)
        for br, why in self.skipped.items():
            p("| %s | not measured: %s |%s" % (BROKER_LABEL.get(br, br), why, " |" * (4 * len(self.sizes))))
        p("")
        if self.failures:
            p("Failed runs:")
            p("")
            for f in self.failures:
                p("- %s" % f.replace("|", "\\|"))
            p("")
        p("%d runs in %.0f s (%d CPUs); %s." % (len(self.runs), self.data.get("elapsed_s", 0),
                                                self.data.get("cpus", 0), self.data.get("mosquitto") or "no mosquitto"))
        return L


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: grid.py throughput.json")
    r = load(sys.argv[1])
    if r is None:
        sys.exit("no results in %s" % sys.argv[1])
    print("\n".join(r.grid()))
    print("")
    print("Summary (%s): %s" % (r.summary_label(), r.summary()))


if __name__ == "__main__":
    main()
