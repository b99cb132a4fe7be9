"""Every file-system call a write makes, made to fail in turn, and the process killed at
each: the store (or the export) is the old whole or the new whole, with its owner, group
and mode, nothing is left beside it, and the next command works without help.

The installed ``timeline`` runs with tests/faults/sitecustomize.py, which counts the calls
that touch the test's folder (open, write, fsync, flock, link, rename, unlink, chmod,
chown) and makes the one numbered MNK_FAULT_AT fail with an errno, or kills the process
just before it. A first run with no fault lists the calls; then each is made to fail with
EIO, ENOSPC and EACCES, and each is made the moment of a SIGKILL.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mnktimeline.write.canonical import canonical_text

from .conftest import SAMPLE, timeline_exe

pytestmark = pytest.mark.slow

HOOK = Path(__file__).parent / "faults"
ERRORS = ("EIO", "ENOSPC", "EACCES")
SET = ("set", "2014-talks", "title=Talks by the lake", "tags+=track-2")


def run(
    args: tuple[str, ...], root: Path, *, at: int = 0, mode: str = "EIO", log: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MNK", "MNKTIMELINE"))}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(HOOK), env.get("PYTHONPATH")])),
        MNK_FAULT_ROOT=str(root),
        MNK_FAULT_AT=str(at),
        MNK_FAULT_MODE=mode,
    )
    if log is not None:
        env["MNK_FAULT_LOG"] = str(log)
    return subprocess.run(
        [timeline_exe(), *args], capture_output=True, text=True, env=env, timeout=60
    )


def calls(args: tuple[str, ...], root: Path, tmp_path: Path) -> list[str]:
    """Return the file-system calls a run without faults makes in ``root``."""
    log = tmp_path / "calls.log"
    proc = run(args, root, log=log)
    assert proc.returncode == 0, proc.stderr
    return [line.split(" ", 1)[1] for line in log.read_text().splitlines()]


def snapshot(path: Path) -> tuple[bytes, int, int, int, int]:
    info = path.stat()
    return path.read_bytes(), info.st_ino, info.st_mode, info.st_uid, info.st_gid


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    """A canonical copy of the sample in a folder of its own, owned by nobody:nogroup
    with mode 0640 where the tests run as root (so the write must chown and keep it)."""
    root = tmp_path / "store"
    root.mkdir()
    path = root / "events.json"
    path.write_text(canonical_text(load_doc()), encoding="utf-8")
    path.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    yield path


def load_doc() -> dict[str, object]:
    import json

    doc: dict[str, object] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return doc


def test_the_enumeration_holds_every_kind_of_call(store: Path, tmp_path: Path) -> None:
    made = calls((*SET, "--data", str(store)), store.parent, tmp_path)
    kinds = {c.split(" ")[0] for c in made}
    assert {"open", "write", "fsync", "flock", "link", "rename", "unlink", "chmod"} <= kinds
    if os.geteuid() == 0:
        assert "chown" in kinds  # the store belongs to nobody, and keeps its owner


def enumerated(store: Path, tmp_path: Path) -> tuple[tuple[str, ...], Path, list[str]]:
    """Return the ``set`` to run, a copy of the store before it, and the calls it makes
    (the store is left changed by it)."""
    args = (*SET, "--data", str(store))
    pristine = tmp_path / "pristine.json"
    shutil.copy2(store, pristine)
    return args, pristine, calls(args, store.parent, tmp_path)


def test_a_failure_at_any_call_of_a_write_leaves_the_store_as_it_was(
    store: Path, tmp_path: Path
) -> None:
    args, pristine, made = enumerated(store, tmp_path)
    fresh_store(store, pristine)
    before = snapshot(store)
    for at in range(1, len(made) + 1):
        for mode in ERRORS:
            proc = run(args, store.parent, at=at, mode=mode)
            where = f"call {at} ({made[at - 1]}) failing with {mode}"
            assert proc.returncode == 1, (where, proc.stderr)
            assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("timeline: error:"), (
                where,
                proc.stderr,
            )
            assert os.strerror(getattr(errno, mode)) in proc.stderr, where
            assert snapshot(store) == before, where
            assert sorted(p.name for p in store.parent.iterdir()) == ["events.json"], where


def fresh_store(store: Path, pristine: Path) -> None:
    shutil.copy2(pristine, store)
    if os.geteuid() == 0:
        os.chown(store, 65534, 65534)


def test_a_crash_at_any_call_of_a_write_leaves_the_old_store_or_the_new(
    store: Path, tmp_path: Path
) -> None:
    args, pristine, made = enumerated(store, tmp_path)
    changed = store.read_bytes()
    info = store.stat()
    old = pristine.read_bytes()
    outcomes = {"old": 0, "new": 0}
    for at in range(1, len(made) + 1):
        fresh_store(store, pristine)
        proc = run(args, store.parent, at=at, mode="crash")
        assert proc.returncode == -9, (at, proc.stderr)
        now = store.read_bytes()
        assert now in (old, changed), f"crash before call {at} ({made[at - 1]})"
        outcomes["new" if now == changed else "old"] += 1
        kept = store.stat()
        assert (kept.st_mode, kept.st_uid, kept.st_gid) == (info.st_mode, info.st_uid, info.st_gid)
        # The next command works without help, and clears what the crash left.
        again = run(("set", "2015-coal", "tags+=after", "--data", str(store)), store.parent)
        assert again.returncode == 0, (at, again.stderr)
        assert sorted(p.name for p in store.parent.iterdir()) == ["events.json"], at
        validate = run(("validate", str(store)), store.parent)
        assert validate.returncode == 0, validate.stderr
    assert outcomes["old"] and outcomes["new"], outcomes


def test_a_failure_or_crash_at_any_call_of_an_export_keeps_the_old_file(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    target = root / "events.csv"
    target.write_text("the old export\n")
    target.chmod(0o640)
    args = ("export", "csv", "--data", str(SAMPLE), "-o", str(target))
    made = calls(args, root, tmp_path)
    new = target.read_bytes()
    assert {c.split(" ")[0] for c in made} >= {"open", "write", "fsync", "rename"}
    for at in range(1, len(made) + 1):
        for mode in (*ERRORS, "crash"):
            target.write_text("the old export\n")
            before = snapshot(target)
            proc = run(args, root, at=at, mode=mode)
            where = f"call {at} ({made[at - 1]}), {mode}"
            if mode == "crash":
                assert target.read_bytes() in (before[0], new), where
                for stray in root.glob(".events.csv.*.tmp"):
                    stray.unlink()  # an export has no lock, so no one else tidies up
                continue
            assert proc.returncode == 1, (where, proc.stderr)
            assert proc.stderr.count("\n") == 1, (where, proc.stderr)
            assert snapshot(target) == before, where
            assert [p.name for p in root.iterdir()] == ["events.csv"], where
