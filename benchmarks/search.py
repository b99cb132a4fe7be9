"""Measure what --search costs on a large store: whole runs of `timeline list` with and
without it, in pairs, and the selection alone in this process.

    python benchmarks/generate.py 100000 --seed 1 -o /tmp/s100k.json
    python benchmarks/search.py /tmp/s100k.json [--runs 7]
    python benchmarks/search.py /tmp/s100k.json --instructions visit

Run it with the interpreter of an environment where mnktimeline is installed with
``pip install .``. Each query runs alternately with the same command without --search
(so the machine's noise falls on both alike), and the report gives the medians, their
ratio and the number of events printed. A query keeps fewer events than the run without
it, so it prints less; the in-process figures (``select`` with and without the search,
output not included) give the cost of the search itself.
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

QUERIES = ["visit", "abductees", "kim jong", '"north korea"', "zzzz"]


def once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def instructions(cmd: list[str]) -> int:
    """Return the instructions one run executes (valgrind's callgrind): the same for the
    same code and input however busy the machine is."""
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    return int(re.findall(r"Collected : (\d+)", proc.stderr)[-1])


def best(fn: Callable[[], object], n: int = 3) -> float:
    """Return the least time of ``n`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=7, help="pairs of runs per query")
    parser.add_argument(
        "--instructions", metavar="QUERY", help="instead: count the instructions of one query"
    )
    opts = parser.parse_args()
    exe = str(Path(sys.executable).parent / "timeline")
    from mnktimeline.query import Query, select
    from mnktimeline.store import load
    from mnktimeline.textmatch import terms

    if opts.instructions:
        for since in ([], ["--since", "2013"]):
            base = [exe, "list", *since, "--json", "--data", str(opts.store)]
            a = instructions(base)
            b = instructions([*base[:-2], "--search", opts.instructions, *base[-2:]])
            label = " ".join(["list", *since, "--search", opts.instructions])
            print(f"| `{label}` | {a:,} | {b:,} | {b / a:.3f}x |")
        return
    gc.disable()  # as the CLI runs
    store = load(opts.store)
    print(
        "| command | without --search | with | ratio | events printed | select alone, without / with |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for since in ([], ["--since", "2013"]):
        base = [exe, "list", *since, "--json", "--data", str(opts.store)]
        for q in QUERIES:
            with_q = [*base[:-2], "--search", q, *base[-2:]]
            once(base), once(with_q)
            pairs = [(once(base), once(with_q)) for _ in range(opts.runs)]
            a = statistics.median(p[0] for p in pairs)
            b = statistics.median(p[1] for p in pairs)
            plain = Query(since=date(2013, 1, 1) if since else None)
            searched = plain._replace(search=tuple(terms(q)))
            t_plain = best(lambda: select(store, plain))  # noqa: B023
            t_search = best(lambda: select(store, searched))  # noqa: B023
            shown = f"{len(select(store, searched)):,} of {len(select(store, plain)):,}"
            label = " ".join(["list", *since, "--search", q])
            print(
                f"| `{label}` | {a:.2f} s | {b:.2f} s | {b / a:.3f}x | {shown} | "
                f"{t_plain * 1000:.0f} ms / {t_search * 1000:.0f} ms |"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
