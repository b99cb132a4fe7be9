"""Compare the start-up of two installs of mnktimeline, run for run, on the same commands.

    python benchmarks/compare.py OLD_VENV NEW_VENV [--runs 40]

Each venv is an environment where a version is installed with ``pip install .`` (for
instance one made from the last release's commit and one from the working tree). The
commands of ``COMMANDS`` run alternately in each, so that the machine's noise falls on
both alike; the report gives the medians, their ratio (new / old) and the spread of
the per-pair ratios. ``--instructions`` adds the instructions each run executes, counted
by valgrind's callgrind: the same for the same code and inputs however busy the machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS: list[tuple[str, list[str], dict[str, str]]] = [
    ("list --since 2013 --json", ["list", "--since", "2013", "--json"], {}),
    (
        "COLUMNS=120 list --since 2013 --format table",
        ["list", "--since", "2013", "--format", "table"],
        {"COLUMNS": "120"},
    ),
    ("show ID --json", ["show", "2014-05-23-ri-yong-ho-us-experts", "--json"], {}),
    ("list --search visit --json", ["list", "--search", "visit", "--json"], {}),
    ("list --help", ["list", "--help"], {}),
]


def once(exe: Path, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(exe), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
        check=True,
    )
    return time.perf_counter() - start


def instructions(exe: Path, args: list[str], env: dict[str, str]) -> int:
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", str(exe), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    return int(re.findall(r"Collected : (\d+)", proc.stderr)[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="venv of the version to compare against")
    parser.add_argument("new", type=Path, help="venv of the version measured")
    parser.add_argument("--runs", type=int, default=40, help="pairs of runs per command")
    parser.add_argument("--instructions", action="store_true", help="also count instructions")
    opts = parser.parse_args()
    old, new = opts.old / "bin" / "timeline", opts.new / "bin" / "timeline"
    print("| command | old median | new median | new / old | per-pair ratio, min–max |")
    print("|---|---:|---:|---:|---:|")
    for label, args, env in COMMANDS:
        once(old, args, env), once(new, args, env)  # warm caches and byte-code
        pairs = [(once(old, args, env), once(new, args, env)) for _ in range(opts.runs)]
        a = statistics.median(p[0] for p in pairs)
        b = statistics.median(p[1] for p in pairs)
        ratios = [n / o for o, n in pairs]
        print(
            f"| `{label}` | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {b / a:.3f}x | "
            f"{min(ratios):.2f}–{max(ratios):.2f} |"
        )
        sys.stdout.flush()
    if opts.instructions:
        print("\n| command | old instructions | new instructions | new / old |")
        print("|---|---:|---:|---:|")
        for label, args, env in COMMANDS:
            a, b = instructions(old, args, env), instructions(new, args, env)
            print(f"| `{label}` | {a:,} | {b:,} | {b / a:.3f}x |")


if __name__ == "__main__":
    main()
