"""Nothing is lost: SIGKILL in the middle of writes, and several writers at once.

Both tests run the installed ``timeline`` as separate processes, as users would. They
are slower than the rest (about a minute for the first on two cores) and are marked
``slow`` so that ``pytest -m 'not slow'`` can skip them while editing; a plain ``pytest``
(and CI) runs them.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.store import load
from mnktimeline.write.canonical import canonical_text

from .conftest import SAMPLE, timeline_exe

pytestmark = pytest.mark.slow

EVENTS = 20_000
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


def add_command(store: Path, ident: str) -> list[str]:
    return [
        timeline_exe(),
        "add",
        "--data",
        str(store),
        "--id",
        ident,
        "--date",
        "2014-05-23",
        "--title",
        f"Event {ident} added while the test kills writers",
        "--summary",
        "Envoys meet in Ulaanbaatar; the talks are reported a few days later.",
        "--actor",
        "North Korea",
        "--actor",
        "Mongolia",
        "--category",
        "mediation",
        "--source",
        "src-a",
        "--locator",
        "para. 3",
    ]


def temporaries(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f".{store.name}.*.tmp"))


def test_sigkill_at_random_moments_never_leaves_anything_but_old_or_old_plus_new(
    tmp_path: Path,
) -> None:
    store = big_store(tmp_path / "big.json", EVENTS)
    before = {e.id: e for e in load(store).events}

    started = time.monotonic()
    subprocess.run(add_command(store, "measured"), env=env(), check=True, capture_output=True)
    span = time.monotonic() - started
    expected = {e.id: e for e in load(store).events}
    assert expected.keys() == before.keys() | {"measured"}
    verified = hashlib.sha256(store.read_bytes()).digest()

    seed = int(os.environ.get("MNKTIMELINE_FAULT_SEED", random.randrange(1 << 32)))
    rng = random.Random(seed)
    completed = mid_write = 0
    for i in range(KILLS):
        ident = f"kill-{i:03d}"
        proc = subprocess.Popen(
            add_command(store, ident),
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, span))
        proc.kill()
        proc.wait()
        stray = temporaries(store)
        mid_write += bool(stray)
        raw = store.read_bytes()
        digest = hashlib.sha256(raw).digest()
        if digest == verified:
            continue  # byte for byte the old store, which loaded and held `expected`
        # Anything else must load and hold exactly the old events plus the new one.
        found = {e.id: e for e in load(store).events}
        assert found.keys() == expected.keys() | {ident}, f"seed {seed}, kill {i}: ids differ"
        assert all(found[k] == old for k, old in expected.items()), f"seed {seed}, kill {i}"
        expected, verified = found, digest
        completed += 1

    # The kills did land during writes: each of these left a half-written temporary file.
    assert mid_write > 0, f"seed {seed}: no kill landed while the store was being written"
    # A stray temporary file from a kill is removed by the next writer, under the lock.
    subprocess.run(add_command(store, "after"), env=env(), check=True, capture_output=True)
    assert temporaries(store) == []
    assert {e.id for e in load(store).events} == expected.keys() | {"after"}
    assert store.read_text(encoding="utf-8") == canonical_text(
        json.loads(store.read_text(encoding="utf-8"))
    )
    print(
        f"\n{KILLS} kills over a {span:.2f} s run (seed {seed}): {completed} completed, "
        f"{mid_write} left a temporary file, {KILLS - completed} kept the old store"
    )


PROCESSES = 4
ADDS = 25

LOOP = """
for i in $(seq 1 {adds}); do
  "$TIMELINE" add --data "$STORE" --date 2018-10-{day:02d} --title "Writer {k} letter $i" \\
    --summary "Letter number $i of writer {k}." --actor Mongolia --category diplomacy \\
    --source src-a >/dev/null || exit 1
done
"""


def test_four_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "shared.json"
    store.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    run_env = dict(env(), TIMELINE=timeline_exe(), STORE=str(store))
    started = time.monotonic()
    writers = [
        subprocess.Popen(
            ["bash", "-c", LOOP.format(adds=ADDS, k=k, day=k + 1)],
            env=run_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(PROCESSES)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
    elapsed = time.monotonic() - started
    events = load(store).events
    titles = {e.title for e in events}
    for k in range(PROCESSES):
        for i in range(1, ADDS + 1):
            assert f"Writer {k} letter {i}" in titles
    assert len(events) == 11 + PROCESSES * ADDS
    check = subprocess.run(
        [timeline_exe(), "fmt", "--check", str(store)], env=env(), capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert temporaries(store) == []
    print(f"\n{PROCESSES} writers x {ADDS} adds in {elapsed:.1f} s")
