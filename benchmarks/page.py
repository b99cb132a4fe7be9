"""Time the page of `timeline export html` in headless chromium with the Performance API.

    python benchmarks/page.py 2000 --runs 5

Generates a store of N events (benchmarks/generate.py, seed 1), exports it with the
installed `timeline`, loads the page N times with chromium's real clock (no virtual time)
and prints, per run, the milliseconds from navigation start to the end of the page's
script ("ready": the list filters, the overview is drawn) and to follow a window of two
years typed into the overview ("window"). Needs chromium and the test extra installed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_html_page import PERFORMANCE_PROBE, probe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=2000, help="number of events")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store, page = work / "store.json", work / "page.html"
        generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(args.n)]
        subprocess.run([*generate, "--seed", "1", "-o", str(store)], check=True)
        timeline = Path(sys.executable).parent / "timeline"
        subprocess.run(
            [str(timeline), "export", "html", "--data", str(store), "-o", str(page)], check=True
        )
        size = page.stat().st_size
        runs = [
            probe(work, page, PERFORMANCE_PROBE, name=f"run-{i}", virtual_time=False)
            for i in range(args.runs)
        ]
    print(f"{args.n} events, a page of {size / 1e6:.1f} MB")
    for key in ("ready", "window"):
        values = [r[key] for r in runs]
        print(
            f"{key}: min {min(values):.0f} ms, median {statistics.median(values):.0f} ms, "
            f"max {max(values):.0f} ms"
        )


if __name__ == "__main__":
    main()
