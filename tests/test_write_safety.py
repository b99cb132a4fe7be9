"""Nothing is lost: SIGKILL in the middle of writes, and several writers at once.

Both tests run the installed ``timeline`` as separate processes, as users would. They
are slower than the rest (a minute or two on two cores) and are marked ``slow`` so that
``pytest -m 'not slow'`` can skip them while editing; a plain ``pytest`` (and CI) runs
them.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.store import load
from mnktimeline.write.canonical import canonical_text

from .conftest import SAMPLE, timeline_exe

pytestmark = pytest.mark.slow

EVENTS = 5_000
KILLS = 100


def big_store(path: Path, n: int) -> Path:
    """Write a canonical store of ``n`` events made from the sample's, with new ids."""
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    base = doc["events"]
    doc["events"] = [dict(base[i % len(base)], id=f"ev-{i:05d}") for i in range(n)]
    path.write_text(canonical_text(doc), encoding="utf-8")
    return path


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "MNKTIMELINE_DATA"}


def leftovers(store: Path) -> list[str]:
    """Return what is beside the store that is not the store: temporary files, locks."""
    return sorted(
        p.name for p in store.parent.iterdir() if p.name != store.name and store.name in p.name
    )


def command(i: int, store: Path, work: Path) -> list[str]:
    """Return the i-th change of the run: set, rm, mv and import in turn, each on a
    record of its own, so that every one changes the store."""
    data = ["--data", str(store)]
    kind = i % 4
    if kind == 0:
        return ["set", f"ev-{i:05d}", f"title=Set while killed {i}", "tags+=killed", *data]
    if kind == 1:
        return ["rm", f"ev-{i:05d}", *data]
    if kind == 2:
        return ["mv", f"ev-{i:05d}", f"ev-{i:05d}-moved", *data]
    csv = work / f"row-{i}.csv"
    csv.write_text(
        "id,date,title,summary,category,actors,sources\n"
        f"kill-{i},2014-05-23,Imported {i},Imported while killed.,mediation,Mongolia,src-a (p. 1)\n",
        encoding="utf-8",
    )
    return ["import", str(csv), *data]


def test_sigkill_at_random_moments_leaves_the_old_store_or_the_new(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    store = big_store(tmp_path / "store" / "big.json", EVENTS)
    work = tmp_path / "work"
    work.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    exe = timeline_exe()

    started = time.monotonic()
    probe = scratch / "probe.json"
    shutil.copy(store, probe)
    subprocess.run([exe, *command(0, probe, work)], env=env(), check=True, capture_output=True)
    span = time.monotonic() - started

    seed = int(os.environ.get("MNKTIMELINE_FAULT_SEED", random.randrange(1 << 32)))
    rng = random.Random(seed)
    completed = mid_write = 0
    for i in range(KILLS):
        args = command(i, store, work)
        old = store.read_bytes()
        proc = subprocess.Popen(
            [exe, *args], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # Half the kills anywhere in the run, half in its second half, where it writes.
        time.sleep(rng.uniform(0, span) if i % 2 else rng.uniform(span * 0.5, span * 1.05))
        proc.kill()
        proc.wait()
        mid_write += any(name.endswith(".tmp") for name in leftovers(store))
        now = store.read_bytes()
        if now == old:
            continue
        # Anything else must be exactly what the whole command makes of the old store.
        whole = scratch / "whole.json"
        whole.write_bytes(old)
        done = subprocess.run(
            [exe, *[str(whole) if a == str(store) else a for a in args]],
            env=env(),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert now == whole.read_bytes(), f"seed {seed}, kill {i} ({args[0]}): a store half changed"
        completed += 1

    assert mid_write > 0, f"seed {seed}: no kill landed while the store was being written"
    # What the kills left (temporary files, a backup of the old store) goes with the next
    # write, which works without help; and no lock file is ever left.
    proc = subprocess.run(
        [exe, "set", "ev-00000", "title=After the kills", "--data", str(store)],
        env=env(),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert leftovers(store) == []
    assert store.read_text(encoding="utf-8") == canonical_text(
        json.loads(store.read_text(encoding="utf-8"))
    )
    print(
        f"\n{KILLS} kills over a {span:.2f} s run (seed {seed}): {completed} completed, "
        f"{mid_write} left a temporary file, {KILLS - completed} kept the old store"
    )


PROCESSES = 8
CHANGES = 25

LOOP = """
for i in $(seq 1 {n}); do
  if [ $((i % 2)) -eq 0 ]; then
    "$TIMELINE" set 2014-talks "tags+=writer-{k}-$i" --data "$STORE" >/dev/null || exit 1
  else
    "$TIMELINE" add --data "$STORE" --date 2018-10-{day:02d} --title "Writer {k} letter $i" \\
      --summary "Letter number $i of writer {k}." --actor Mongolia --category diplomacy \\
      --source src-a >/dev/null || exit 1
  fi
done
"""


def test_eight_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "shared.json"
    store.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    run_env = dict(env(), TIMELINE=timeline_exe(), STORE=str(store))
    started = time.monotonic()
    writers = [
        subprocess.Popen(
            ["bash", "-c", LOOP.format(n=CHANGES, k=k, day=k + 1)],
            env=run_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(PROCESSES)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=900)
        assert writer.returncode == 0, err
    elapsed = time.monotonic() - started
    loaded = load(store)
    titles = {e.title for e in loaded.events}
    talks = loaded.event("2014-talks")
    assert talks is not None
    for k in range(PROCESSES):
        for i in range(1, CHANGES + 1):
            if i % 2:
                assert f"Writer {k} letter {i}" in titles
            else:
                assert f"writer-{k}-{i}" in talks.tags
    adds = PROCESSES * ((CHANGES + 1) // 2)
    assert len(loaded.events) == 11 + adds
    assert len(talks.tags) == 1 + PROCESSES * (CHANGES // 2)
    check = subprocess.run(
        [timeline_exe(), "fmt", "--check", str(store)], env=env(), capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert leftovers(store) == []
    print(f"\n{PROCESSES} writers x {CHANGES} changes in {elapsed:.1f} s")
