"""Measure start-up and large-store speed against what a user would otherwise run.

    .venv/bin/python benchmarks/run.py                  # everything; prints a report
    .venv/bin/python benchmarks/run.py --write          # ... and rewrites benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --sizes 100000   # the large stores of one size only

Run it with the interpreter of an environment where mnktimeline is installed (not
editable, so that its modules are byte-compiled as a user's are), with jq on PATH.
Machines here are shared and noisy, so each figure is the median of whole-process runs
in pairs, each pair in the other order from the one before; the ratios (ours / theirs,
per pair) are what count, and their spread is given.

1. Start-up on the bundled store: ``timeline list --since 2013 --json`` and
   ``--format table`` (COLUMNS=120), against ``python -c "import typer"``, the floor no
   Typer command can beat.
2. For each size, stores made by ``realistic.py`` (the bundled store's own events, cycled,
   dates redrawn; the same for a seed): a valid one, and one with 6 % of its events dated
   after their sources. Against jq running the same date filter:
   - the valid store: ``timeline list --since 2013 --json``;
   - the broken store: ``timeline validate`` (which lists every problem) and
     ``timeline list --since 2013 --json`` (which fails, naming the first).
   Wall time and peak memory (the resident set, file pages of a mapped file included).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
JQ_FILTER = '[.events[] | select((.date | split("/") | last) >= "2013")]'
NOTES_MARKER = "<!-- Notes below this line are kept when run.py --write rewrites the figures. -->"

TARGET_JSON = 1.10  # start-up against the floor
TARGET_TABLE = 1.55
TARGET_LIST = 0.35  # of jq's wall time and of its peak memory, valid store
TARGET_VALIDATE = 0.40  # of jq's wall time on the broken store; memory as TARGET_LIST
SLACK_LARGE = 1.10  # above 100,000 events: "the same ratios within 10 %"
TARGET_GROWTH = 10.0  # from 100,000 to 1,000,000 events: no worse than linear
TARGET_SEARCH = 1.10  # --search at 100,000 events, against the same list without it
LATE = 0.06


class Run(NamedTuple):
    seconds: float
    rss_mib: float


class Pair(NamedTuple):
    ours: Run
    theirs: Run
    time_ratios: list[float]
    rss_ratios: list[float]

    @property
    def time(self) -> float:
        return statistics.median(self.time_ratios)

    @property
    def rss(self) -> float:
        return statistics.median(self.rss_ratios)


def measure(cmd: list[str], env: dict[str, str]) -> Run:
    """Run ``cmd`` once with output to /dev/null; return its wall time and peak memory.
    Exit code 1 is allowed: validate and list fail on the broken store, as they should."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE, env=env)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')}")
    return Run(elapsed, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def paired(ours: list[str], theirs: list[str], runs: int, env: dict[str, str]) -> Pair:
    """Run both ``runs`` times after one warm-up each; return medians and the ratio of
    every pair.

    Each pair runs the other way round from the one before (ours then theirs, theirs then
    ours, ...), so that neither always runs in the wake of the other (at 1,000,000
    events jq holds 7 GB)."""
    measure(ours, env)
    measure(theirs, env)
    a, b = [], []
    for k in range(runs):
        if k % 2:
            b.append(measure(theirs, env))
            a.append(measure(ours, env))
        else:
            a.append(measure(ours, env))
            b.append(measure(theirs, env))
    return Pair(
        Run(statistics.median(r.seconds for r in a), statistics.median(r.rss_mib for r in a)),
        Run(statistics.median(r.seconds for r in b), statistics.median(r.rss_mib for r in b)),
        [x.seconds / y.seconds for x, y in zip(a, b, strict=True)],
        [x.rss_mib / y.rss_mib for x, y in zip(a, b, strict=True)],
    )


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def store(n: int, seed: int, late: float, folder: Path) -> Path:
    """Return a realistic store of ``n`` events (made once, then kept in ``folder``).

    The store cycles the bundled store's events, so its name holds a hash of the bundled
    store: a store made from an older version is never reused."""
    import hashlib

    bundled = hashlib.sha256((HERE.parent / "data" / "events.json").read_bytes()).hexdigest()
    path = folder / f"real-{n}-seed{seed}-late{late:g}-{bundled[:12]}.json"
    if not path.exists():
        print(f"making {path.name} ...", file=sys.stderr)
        tmp = path.with_suffix(".tmp")
        cmd = [sys.executable, str(HERE / "realistic.py"), str(n), "--seed", str(seed)]
        subprocess.run([*cmd, "--late", str(late), "-o", str(tmp)], check=True)
        tmp.rename(path)
    return path


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu})"


def versions(python: str) -> str:
    code = (
        "import importlib.metadata as m, sys; "
        "print(sys.version.split()[0], *(f'{p} {m.version(p)}' for p in "
        "('mnktimeline', 'typer', 'rich', 'msgspec')), sep=', ')"
    )
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.ok = True

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def target(self, value: float, limit: float) -> str:
        met = value <= limit
        self.ok &= met
        return f"≤ {limit:g}x {'✓' if met else '✗'}"


def startup(report: Report, timeline: str, runs: int, env: dict[str, str]) -> None:
    floor = [sys.executable, "-c", "import typer"]
    report("## Start-up on the bundled store")
    report()
    report(
        f'Median of {runs} pairs of runs with the floor (`python -c "import typer"`), each pair in the other order from the one before.'
    )
    report()
    report("| command | median | floor | ratio (spread) | target |")
    report("|---|---:|---:|---:|---:|")
    for label, args, limit in (
        ("timeline list --since 2013 --json", ["list", "--since", "2013", "--json"], TARGET_JSON),
        (
            "COLUMNS=120 timeline list --since 2013 --format table",
            ["list", "--since", "2013", "--format", "table"],
            TARGET_TABLE,
        ),
        (
            "timeline __complete bash list --actor K",
            ["__complete", "bash", "list", "--actor", "K"],
            TARGET_JSON,  # a completion answers within the start-up target
        ),
    ):
        pair = paired([timeline, *args], floor, runs, env)
        report(
            f"| `{label}` | {pair.ours.seconds * 1000:.1f} ms | {pair.theirs.seconds * 1000:.1f} ms "
            f"| {pair.time:.2f}x ({spread(pair.time_ratios)}) | {report.target(pair.time, limit)} |"
        )
    report()


def large(
    report: Report,
    timeline: str,
    jq: str,
    sizes: list[int],
    seed: int,
    cache: Path,
    env: dict[str, str],
    search_runs: int,
) -> None:
    report("## Large stores, against jq")
    report()
    report(
        f"jq: `jq -c '{JQ_FILTER}' FILE`. Stores: `python benchmarks/realistic.py N --seed {seed} [--late {LATE}] -o FILE`."
    )
    report(
        "Each row: median of the pairs of runs, then the median of the per-pair ratios with their spread."
    )
    report()
    report(
        "| events | store | command | runs | timeline | jq | time ratio | peak | jq peak | memory ratio | targets |"
    )
    report("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    times: dict[int, float] = {}
    for n in sizes:
        runs = 5 if n <= 100_000 else 3 + 2  # never fewer than five
        slack = 1.0 if n <= 100_000 else SLACK_LARGE
        valid, broken = store(n, seed, 0.0, cache), store(n, seed, LATE, cache)
        jq_cmd = ["jq", "-c", JQ_FILTER]
        for label, path, args, limit in (
            ("valid", valid, ["list", "--since", "2013", "--json"], TARGET_LIST),
            ("6 % late", broken, ["validate"], TARGET_VALIDATE),
            ("6 % late", broken, ["list", "--since", "2013", "--json"], TARGET_VALIDATE),
        ):
            ours = (
                [timeline, *args, "--data", str(path)]
                if args[0] == "list"
                else [timeline, *args, str(path)]
            )
            pair = paired(ours, [*jq_cmd, str(path)], runs, env)
            if label == "valid":
                times[n] = pair.ours.seconds
            time_limit, memory_limit = round(limit * slack, 3), round(TARGET_LIST * slack, 3)
            targets = f"time {report.target(pair.time, time_limit)}, memory {report.target(pair.rss, memory_limit)}"
            report(
                f"| {n:,} | {label}, {path.stat().st_size / 1e6:.0f} MB | `timeline {' '.join(args)}` | {runs} "
                f"| {pair.ours.seconds:.2f} s | {pair.theirs.seconds:.2f} s | {pair.time:.2f}x ({spread(pair.time_ratios)}) "
                f"| {pair.ours.rss_mib:.0f} MiB | {pair.theirs.rss_mib:.0f} MiB | {pair.rss:.2f}x ({spread(pair.rss_ratios)}) | {targets} |"
            )
    report()
    if 100_000 in sizes:
        search(report, timeline, store(100_000, seed, 0.0, cache), search_runs, env)
    if 100_000 in times and 1_000_000 in times:
        growth = times[1_000_000] / times[100_000]
        report(
            f"- From 100,000 to 1,000,000 events, `list` takes {growth:.1f}x as long ({report.target(growth, TARGET_GROWTH)})."
        )
        report()


def search(report: Report, timeline: str, path: Path, runs: int, env: dict[str, str]) -> None:
    """What --search costs at 100,000 events: each query against the same command without
    it, both with --limit 0, so that both read, check, select and sort alike and print
    nothing: the difference is the search (``benchmarks/search.py`` times it in-process)."""
    report("| events | command | against | runs | with | without | ratio (spread) | target |")
    report("|---:|---|---|---:|---:|---:|---:|---|")
    without = ["list", "--limit", "0", "--json"]
    for query in ("zzzz", "visit", "kim jong"):
        args = ["list", "--search", query, "--limit", "0", "--json"]
        pair = paired(
            [timeline, *args, "--data", str(path)],
            [timeline, *without, "--data", str(path)],
            runs,
            env,
        )
        shown = " ".join(f"'{a}'" if " " in a else a for a in args)
        report(
            f"| 100,000 | `timeline {shown}` | `timeline {' '.join(without)}` | {runs} "
            f"| {pair.ours.seconds:.2f} s | {pair.theirs.seconds:.2f} s "
            f"| {pair.time:.2f}x ({spread(pair.time_ratios)}) | {report.target(pair.time, TARGET_SEARCH)} |"
        )
    report()


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark mnktimeline (see the module docstring)."
    )
    parser.add_argument(
        "--sizes", default="100000,1000000", help="event counts of the large stores"
    )
    parser.add_argument("--startup-runs", type=int, default=40)
    parser.add_argument(
        "--search-runs", type=int, default=9, help="pairs of runs for each --search row"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "mnktimeline-bench"))
    parser.add_argument("--write", action="store_true", help="rewrite benchmarks/RESULTS.md")
    args = parser.parse_args()
    timeline = str(Path(sys.executable).parent / "timeline")
    if not Path(timeline).exists():
        raise SystemExit(
            f"no timeline next to {sys.executable}; install mnktimeline in that environment"
        )
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "MNKTIMELINE_DATA"}
    env["COLUMNS"] = "120"
    report = Report()
    startup(report, timeline, args.startup_runs, env)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        large(report, timeline, "jq", sizes, args.seed, cache, env, args.search_runs)
    report(f"**{'Every target met.' if report.ok else 'Some target missed.'}**")
    if args.write:
        jq_version = subprocess.run(
            ["jq", "--version"], capture_output=True, text=True
        ).stdout.strip()
        head = [
            "# Benchmark results",
            "",
            f"Measured {time.strftime('%Y-%m-%d')} with `python benchmarks/run.py {' '.join(sys.argv[1:])}`".rstrip()
            + "",
            "(`python` being the interpreter of a venv where mnktimeline is installed with `pip install .`).",
            "",
            f"- Machine: {machine()}",
            f"- Python and packages: {versions(sys.executable)}",
            f"- jq: {jq_version}",
            "",
        ]
        results = HERE / "RESULTS.md"
        kept = ""
        if results.exists():  # the hand-written notes below the marker stay
            old = results.read_text(encoding="utf-8")
            if NOTES_MARKER in old:
                kept = "\n" + NOTES_MARKER + old.split(NOTES_MARKER, 1)[1]
        results.write_text("\n".join(head + report.lines) + "\n" + kept, encoding="utf-8")
    raise SystemExit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
