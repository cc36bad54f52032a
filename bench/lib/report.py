#!/usr/bin/env python3
"""The table of bench/run.sh: medians per workload and server, the ratio ours/Samba, each target.

    report.py RESULTS.tsv META.env [--docs docs/performance.md]

RESULTS.tsv has one measurement a line: run, workload, server (ours|samba), value, where value is
a number, `na` (documented as not supported yet) or `err` (the measurement failed). META.env has
key=value lines (machine, versions, sizes). The table goes to stdout; with --docs it also
replaces the "## Server vs Samba" section of that file (up to the next "## " heading).
"""
import argparse
import re
import statistics
import sys

SECTION = "## Server vs Samba"


class Workload:
    def __init__(self, key, label, unit, higher_is_better, target, digits):
        self.key = key
        self.label = label
        self.unit = unit
        self.higher_is_better = higher_is_better
        self.target = target  # ours/Samba must be >= target (higher is better) or <= target
        self.digits = digits


def workloads(meta):
    big = int(meta.get("big_mib", "1024"))
    size = f"{big // 1024} GiB" if big % 1024 == 0 else f"{big} MiB"
    modes = [("plain", "plain"), ("sign", "signed"), ("aes128", "AES-128-GCM"), ("aes256", "AES-256-GCM")]
    rows = []
    for direction, verb in (("read", "Sequential read"), ("write", "Sequential write")):
        for mode, name in modes:
            rows.append(Workload(f"{direction}_{mode}", f"{verb} {size}, {name}", "MiB/s", True, 1.0, 1))
    rows.append(Workload("echo", "smb2.bench.echo (4 conns x qdepth 4)", "ops/s", True, 1.5, 0))
    rows.append(Workload("path_contention", "smb2.bench.path-contention-shared (4 x 4)", "opens/s", True, 1.5, 0))
    rows.append(Workload("list", f"List a directory of {int(meta.get('list_files', 10000)):,} files", "entries/s", True, 1.0, 0))
    rows.append(Workload("mput", f"mput of {int(meta.get('mput_files', 2000)):,} small files", "files/s", True, 1.0, 0))
    rows.append(Workload("idle_mem", f"Memory per idle connection ({int(meta.get('idle_conns', 1000)):,} open)", "KiB", False, 0.1, 1))
    for direction, verb in (("read", "read"), ("write", "write")):
        for mode, name in modes:
            rows.append(Workload(f"cpu_{direction}_{mode}", f"Server CPU per GiB, {verb} {name}", "CPU s/GiB", False, 1.0, 2))
    return rows


def load(results_path, meta_path):
    meta = {}
    with open(meta_path) as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                meta[key] = value
    values = {}
    with open(results_path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                _, workload, server, value = parts
                values.setdefault((workload, server), []).append(value)
    return meta, values


class Cell:
    """The runs of one workload on one server, summarised."""

    def __init__(self, raw):
        self.raw = raw or []
        self.numbers = [float(v) for v in self.raw if v not in ("na", "err")]
        self.error = "err" in self.raw
        self.na = bool(self.raw) and all(v == "na" for v in self.raw)
        self.median = statistics.median(self.numbers) if self.numbers and not self.error else None

    def text(self, digits):
        if self.error:
            return "error"
        if self.na:
            return "n/a (not supported yet)"
        if self.median is None:
            return "not run"
        median = f"{self.median:,.{digits}f}"
        if len(self.numbers) > 1:
            return f"{median} ({min(self.numbers):,.{digits}f} – {max(self.numbers):,.{digits}f})"
        return median


def build(meta, values):
    table = ["| Workload | Unit | SmbServer | Samba | ours/Samba | Target | Met |",
             "|---|---|---:|---:|---:|---:|:---:|"]
    misses, not_supported = [], []
    for w in workloads(meta):
        ours, samba = Cell(values.get((w.key, "ours"))), Cell(values.get((w.key, "samba")))
        if not ours.raw and not samba.raw:
            continue
        target = f"{'≥' if w.higher_is_better else '≤'} {w.target:g}"
        ratio_text, met = "–", "–"
        if ours.median is not None and samba.median is not None and samba.median > 0:
            ratio = ours.median / samba.median
            ratio_text = f"{ratio:.2f}"
            ok = ratio >= w.target if w.higher_is_better else ratio <= w.target
            met = "yes" if ok else "**no**"
            if not ok:
                if w.higher_is_better:
                    misses.append(f"- {w.label}: {ratio:.2f} of Samba's {w.unit}, target {target}: "
                                  f"{(1 - ratio / w.target) * 100:.0f} % short (needs {w.target / ratio:.2f}x "
                                  f"of today's {ours.median:,.{w.digits}f} {w.unit}).")
                else:
                    misses.append(f"- {w.label}: {ratio:.2f} of Samba's {w.unit}, target {target}: "
                                  f"{(ratio / w.target - 1) * 100:.0f} % over (must shrink to "
                                  f"{w.target / ratio:.2f}x of today's {ours.median:,.{w.digits}f} {w.unit}).")
        elif ours.na:
            met = "n/a"
            not_supported.append(w.label)
        elif ours.error or samba.error:
            met = "error"
            misses.append(f"- {w.label}: the measurement failed (see the run's log).")
        table.append(f"| {w.label} | {w.unit} | {ours.text(w.digits)} | {samba.text(w.digits)} | "
                     f"{ratio_text} | {target} | {met} |")
    if not_supported:
        misses.append(f"- Not measurable for SmbServer yet (counted as missed): {'; '.join(not_supported)}.")
    return table, misses


def version(meta, key):
    return meta.get(key, "?").removeprefix("Version ")


def section(meta, table, misses):
    mem_gib = int(meta.get("mem_kib", "0")) / 1024 / 1024
    runs = meta.get("runs", "?")
    lines = [
        SECTION,
        "",
        "Written by `bench/run.sh` (replaced on each run; see \"How the Samba comparison is measured\"",
        "below for what each row measures). Each cell is the median of the runs with the range",
        "(min – max) in parentheses; ours/Samba is the ratio of the medians.",
        "",
        f"- Date: {meta.get('date', '?')}; {runs} run{'' if runs == '1' else 's'} per server, alternating SmbServer and Samba",
        f"  for each workload; the whole bench took {int(meta.get('duration_s', '0')) // 60} min.",
        f"- Machine: {meta.get('nproc', '?')} CPUs (`nproc`), {meta.get('cpu', '?')}, {mem_gib:.1f} GiB RAM, "
        f"Linux {meta.get('kernel', '?')};",
        f"  load average {meta.get('load_start', '?')} at the start, {meta.get('load_end', '?')} at the end "
        "(the cores are shared with other jobs).",
        f"- Versions: .NET SDK {meta.get('dotnet', '?')}; smbd {version(meta, 'smbd')}, "
        f"smbclient and smbtorture {version(meta, 'smbclient')}; SmbServer commit {meta.get('commit', '?')} "
        f"(`{meta.get('server_dll', '?')}`).",
        f"- Dialect smbclient negotiates: {meta.get('dialect_ours', '?')} with SmbServer, "
        f"{meta.get('dialect_samba', '?')} with Samba.",
        f"- Command: `bench/run.sh{'' if runs == '5' else ' --runs ' + runs}`",
        "",
        *table,
        "",
    ]
    if misses:
        lines += ["Targets missed:", "", *misses, ""]
    else:
        lines += ["Every target is met.", ""]
    return lines


def replace_section(path, new_lines):
    with open(path) as f:
        text = f.read()
    block = "\n".join(new_lines).rstrip("\n") + "\n"
    start = text.find("\n" + SECTION + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + block
    else:
        start += 1
        nxt = re.search(r"^## ", text[start + len(SECTION):], re.MULTILINE)
        end = start + len(SECTION) + nxt.start() if nxt else len(text)
        text = text[:start] + block + ("\n" + text[end:] if nxt else "")
    with open(path, "w") as f:
        f.write(text)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("meta")
    p.add_argument("--docs")
    args = p.parse_args()
    meta, values = load(args.results, args.meta)
    table, misses = build(meta, values)
    lines = section(meta, table, misses)
    print("\n".join(lines[2:]))
    if args.docs:
        replace_section(args.docs, lines)
        print(f"report.py: wrote the \"{SECTION[3:]}\" section of {args.docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
