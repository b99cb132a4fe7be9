"""Measure start-up and large-store speed against what a user would otherwise run.

    .venv/bin/python benchmarks/run.py                 # everything, prints a report
    .venv/bin/python benchmarks/run.py --write         # ... and writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --sizes 10000   # only the small store

Run it with the interpreter of an environment where mnktimeline is installed (not
editable, so that its modules are byte-compiled as a user's are). Machines here are
shared and noisy, so every figure is a median of whole-process runs, and each command is
run alternately with the one it is compared to: the ratios are what count.

1. ``timeline list --since 2013 --json`` on the bundled store, against
   ``python -c "import typer"`` (the floor no Typer CLI can beat).
2. The same with ``--format table`` and COLUMNS=120, against the same floor.
3. At each size: ``timeline list --since 2013 --json`` on a generated store, against jq
   running the same date filter on the same file: wall time and peak memory.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
JQ_FILTER = '[.events[] | select((.date | split("/") | last) >= "2013")]'

NOTES_MARKER = "<!-- Notes below this line are kept when run.py --write rewrites the figures. -->"

TARGET_JSON = 1.25
TARGET_TABLE = 1.9
TARGET_JQ_TIME = 0.8
TARGET_GROWTH = 11.0


@dataclass
class Sample:
    seconds: float
    max_rss_mib: float


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Sample:
    """Run ``cmd`` once with output to /dev/null; return its wall time and peak memory."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE, env=env)
        assert proc.stderr is not None
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        err = proc.stderr.read()
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')}")
    return Sample(elapsed, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def alternate(
    a: list[str], b: list[str], runs: int, env: dict[str, str] | None = None
) -> tuple[Sample, Sample]:
    """Run ``a`` and ``b`` alternately ``runs`` times each; return the median of each."""
    measure(a, env)  # warm the file cache and the byte-code
    measure(b, env)
    sa, sb = [], []
    for _ in range(runs):
        sa.append(measure(a, env))
        sb.append(measure(b, env))
    return _median(sa), _median(sb)


def _median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.seconds for s in samples),
        statistics.median(s.max_rss_mib for s in samples),
    )


def store_for(n: int, seed: int, folder: Path) -> Path:
    path = folder / f"store-{n}-seed{seed}.json"
    if not path.exists():
        print(f"generating {n} events ...", file=sys.stderr)
        tmp = path.with_suffix(".tmp")
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(n),
                "--seed",
                str(seed),
                "-o",
                str(tmp),
            ],
            check=True,
        )
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
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}){mem}"


def versions(python: str) -> str:
    code = (
        "import importlib.metadata as m, sys; "
        "print(sys.version.split()[0], *(f'{p} {m.version(p)}' for p in "
        "('mnktimeline', 'typer', 'rich', 'msgspec')), sep=', ')"
    )
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark mnktimeline (see the module docstring)."
    )
    parser.add_argument("--sizes", default="10000,100000,1000000", help="event counts for part 3")
    parser.add_argument("--startup-runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "mnktimeline-bench"))
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args()

    python = sys.executable
    bin_dir = Path(python).parent
    timeline = str(bin_dir / "timeline")
    if not Path(timeline).exists():
        raise SystemExit(f"no timeline next to {python}; install mnktimeline in that environment")
    jq = shutil.which("jq")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "MNKTIMELINE_DATA"}
    env["COLUMNS"] = "120"

    lines: list[str] = []
    ok = True

    def report(text: str = "") -> None:
        print(text)
        lines.append(text)

    floor = [python, "-c", "import typer"]
    as_json = [timeline, "list", "--since", "2013", "--json"]
    as_table = [timeline, "list", "--since", "2013", "--format", "table"]
    f1, j1 = alternate(floor, as_json, args.startup_runs, env)
    f2, t2 = alternate(floor, as_table, args.startup_runs, env)
    r1, r2 = j1.seconds / f1.seconds, t2.seconds / f2.seconds
    ok &= r1 <= TARGET_JSON and r2 <= TARGET_TABLE
    report("## Start-up on the bundled store")
    report()
    report(f"Median of {args.startup_runs} runs each, alternating with the floor.")
    report()
    report('| command | median | floor (`python -c "import typer"`) | ratio | target |')
    report("|---|---:|---:|---:|---:|")
    report(
        f"| `timeline list --since 2013 --json` | {j1.seconds * 1000:.1f} ms | {f1.seconds * 1000:.1f} ms "
        f"| {r1:.2f}x | ≤ {TARGET_JSON}x {'✓' if r1 <= TARGET_JSON else '✗'} |"
    )
    report(
        f"| `COLUMNS=120 timeline list --since 2013 --format table` | {t2.seconds * 1000:.1f} ms "
        f"| {f2.seconds * 1000:.1f} ms | {r2:.2f}x | ≤ {TARGET_TABLE}x {'✓' if r2 <= TARGET_TABLE else '✗'} |"
    )
    report()

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes and jq is None:
        report("jq is not installed: part 3 skipped.")
        sizes = []
    results: dict[int, tuple[Sample, Sample]] = {}
    if sizes:
        report("## Large stores, against jq")
        report()
        report(
            f"jq filter: `jq '{JQ_FILTER}' FILE`; timeline: `timeline list --since 2013 --json --data FILE`."
        )
        report()
        report("| events | file | runs | timeline | jq | time ratio | timeline peak | jq peak |")
        report("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        path = store_for(n, args.seed, cache)
        runs = 5 if n <= 100_000 else 3
        ours, theirs = alternate(
            [timeline, "list", "--since", "2013", "--json", "--data", str(path)],
            [jq, JQ_FILTER, str(path)],
            runs,
            env,
        )
        results[n] = (ours, theirs)
        report(
            f"| {n:,} | {path.stat().st_size / 1e6:.0f} MB | {runs} | {ours.seconds:.2f} s | {theirs.seconds:.2f} s "
            f"| {ours.seconds / theirs.seconds:.2f}x | {ours.max_rss_mib:.0f} MiB | {theirs.max_rss_mib:.0f} MiB |"
        )
    if results:
        report()
    if 100_000 in results:
        ours, theirs = results[100_000]
        time_ok = ours.seconds <= TARGET_JQ_TIME * theirs.seconds
        mem_ok = ours.max_rss_mib <= theirs.max_rss_mib
        ok &= time_ok and mem_ok
        report(
            f"- At 100,000 events: time {ours.seconds / theirs.seconds:.2f}x jq (target ≤ {TARGET_JQ_TIME}x) "
            f"{'✓' if time_ok else '✗'}; peak memory {ours.max_rss_mib:.0f} MiB against jq's "
            f"{theirs.max_rss_mib:.0f} MiB (target: no more) {'✓' if mem_ok else '✗'}"
        )
    if 100_000 in results and 1_000_000 in results:
        growth = results[1_000_000][0].seconds / results[100_000][0].seconds
        ok &= growth <= TARGET_GROWTH
        report(
            f"- From 100,000 to 1,000,000 events the time grows {growth:.1f}x "
            f"(target ≤ {TARGET_GROWTH}x) {'✓' if growth <= TARGET_GROWTH else '✗'}"
        )
    report()
    report(f"**{'Every target met.' if ok else 'Some target missed.'}**")

    if args.write:
        jq_version = (
            subprocess.run([jq, "--version"], capture_output=True, text=True).stdout.strip()
            if jq
            else "-"
        )
        head = [
            "# Benchmark results",
            "",
            f"Measured {time.strftime('%Y-%m-%d')} with `{' '.join(['python', 'benchmarks/run.py', *sys.argv[1:]])}`",
            "(`python` being the interpreter of a venv where mnktimeline is installed with `pip install .`).",
            "",
            f"- Machine: {machine()}",
            f"- Python and packages: {versions(python)}",
            f"- jq: {jq_version}",
            f"- Stores generated by `python benchmarks/generate.py N --seed {args.seed} -o FILE`.",
            "",
        ]
        results = HERE / "RESULTS.md"
        kept = ""
        if results.exists():  # the hand-written notes below the marker stay
            old = results.read_text(encoding="utf-8")
            if NOTES_MARKER in old:
                kept = "\n" + NOTES_MARKER + old.split(NOTES_MARKER, 1)[1]
        results.write_text("\n".join(head + lines) + "\n" + kept, encoding="utf-8")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
