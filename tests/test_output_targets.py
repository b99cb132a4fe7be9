"""Installed CLI: writes go into what is there, and never replace what is not a file.

``export -o`` and every command that writes a store follow symlinks the same way; a FIFO,
a character device or one of the process's own descriptors is written into, never
replaced; a folder is an error naming it; a store keeps its owner, group and mode; and a
store to read that is a FIFO or a device is read with a bound or refused, never forever.

Device nodes are made only inside the test's temporary folder (and the tests that need
one skip where the system does not allow it); nothing here writes to /dev.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mnktimeline.store import load
from mnktimeline.write.canonical import canonical_text

from .conftest import SAMPLE, Run, timeline_exe
from .test_cli import one_line_error
from .test_cli_write import ADD

EXPORT = ("export", "csv", "--data", str(SAMPLE))


@pytest.fixture
def expected() -> bytes:
    proc = subprocess.run([timeline_exe(), *EXPORT], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_symlink_is_followed_and_its_target_written(
    timeline: Run, tmp_path: Path, expected: bytes
) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to("real.csv")
    proc = timeline(*EXPORT, "-o", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert target.read_bytes() == expected
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to("made-by-the-export.csv")
    assert timeline(*EXPORT, "-o", str(dangling)).returncode == 0
    assert dangling.is_symlink() and (tmp_path / "made-by-the-export.csv").exists()


def test_a_fifo_is_written_into_for_its_reader(tmp_path: Path, expected: bytes) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    proc = subprocess.run(
        [timeline_exe(), *EXPORT, "-o", str(fifo)], capture_output=True, text=True, timeout=60
    )
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert got == [expected]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_link_to_our_own_stdout_writes_to_stdout(tmp_path: Path, expected: bytes) -> None:
    link = tmp_path / "out"
    link.symlink_to("/proc/self/fd/1")
    proc = subprocess.run(
        [timeline_exe(), *EXPORT, "-o", str(link)], capture_output=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    # Standard output a file opened to append: the export is appended, the file kept.
    log = tmp_path / "log.txt"
    log.write_text("before\n")
    with open(log, "a") as out:
        proc = subprocess.run([timeline_exe(), *EXPORT, "-o", str(link)], stdout=out, timeout=60)
    assert proc.returncode == 0
    assert log.read_bytes() == b"before\n" + expected


def test_dash_is_stdout_and_a_folder_is_an_error(
    timeline: Run, tmp_path: Path, expected: bytes
) -> None:
    proc = timeline(*EXPORT, "-o", "-")
    assert (proc.returncode, proc.stdout.encode()) == (0, expected.replace(b"\r\n", b"\n"))
    proc = timeline(*EXPORT, "-o", str(tmp_path))
    assert proc.returncode == 1
    assert one_line_error(proc) == (
        f"timeline: error: cannot write {tmp_path}: it is a folder; give the name of a file"
    )
    proc = timeline(*EXPORT, "-o", "")
    assert one_line_error(proc) == (
        "timeline: error: cannot write to an empty file name; give the name of a file"
    )


@pytest.fixture
def null_node(tmp_path: Path) -> Iterator[Path]:
    """A character device node like /dev/null, made in the test's folder, or a skip."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        with open(node, "w") as f:  # a folder mounted nodev refuses to open it
            f.write("")
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make and open a device node here ({exc})")
    yield node


def test_a_character_device_is_written_into_never_replaced(
    timeline: Run, null_node: Path, tmp_path: Path
) -> None:
    link = tmp_path / "to-null"
    link.symlink_to(null_node)
    for target in (null_node, link):
        proc = timeline(*EXPORT, "-o", str(target))
        assert proc.returncode == 0, proc.stderr
        assert stat.S_ISCHR(null_node.lstat().st_mode)
    proc = timeline("init", str(null_node), "--force")
    assert proc.returncode == 1
    assert "it is a character device, not a store file" in one_line_error(proc)
    proc = timeline("add", *ADD, "--data", str(link))
    assert proc.returncode == 1
    assert "it is a character device, not a store file" in one_line_error(proc)
    assert stat.S_ISCHR(null_node.lstat().st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "to-null"]


def test_a_store_that_is_a_fifo_is_refused_at_once(timeline: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "store.json"
    os.mkfifo(fifo)
    for args in (["add", *ADD, "--data", str(fifo)], ["set", "x", "title=y", "--data", str(fifo)],
                 ["init", str(fifo), "--force"], ["fmt", str(fifo)]):  # fmt: skip
        started = time.monotonic()
        proc = timeline(*args)
        assert time.monotonic() - started < 30
        assert proc.returncode == 1, (args, proc.stderr)
        assert "FIFO" in one_line_error(proc), args
        assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_store_to_read_from_a_pipe_is_read_and_an_endless_one_refused(tmp_path: Path) -> None:
    proc = subprocess.run(
        [timeline_exe(), "list", "--data", "/dev/stdin"],
        input=SAMPLE.read_bytes(),
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 11
    fifo = tmp_path / "zeros"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        ["sh", "-c", f"exec cat /dev/zero > '{fifo}'"], stderr=subprocess.DEVNULL
    )
    try:
        proc = subprocess.run(
            [timeline_exe(), "list", "--data", str(fifo)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        writer.kill()
        writer.wait()
    assert proc.returncode == 1
    assert "is not valid JSON" in one_line_error(proc)


def test_a_device_as_the_store_to_read_is_refused(timeline: Run, null_node: Path) -> None:
    proc = timeline("list", "--data", str(null_node))
    assert proc.returncode == 1
    assert one_line_error(proc) == (
        f"timeline: error: {null_node}: is a character device, not a store file"
    )


def test_init_through_a_symlink_writes_its_target_as_export_does(
    timeline: Run, tmp_path: Path
) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    proc = timeline("init", str(link), "--force")
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and len(load(target).events) > 50


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_a_store_keeps_its_owner_group_and_mode(timeline: Run, tmp_path: Path) -> None:
    store = tmp_path / "theirs.json"
    store.write_text(canonical_text(json.loads(SAMPLE.read_text(encoding="utf-8"))), "utf-8")
    os.chown(store, 65534, 65534)
    store.chmod(0o640)
    for args in (
        ["add", *ADD],
        ["set", "2014-talks", "title=X"],
        ["fmt"],
        ["mv", "2014-talks", "y"],
    ):
        proc = timeline(*args, "--data", str(store))
        assert proc.returncode == 0, (args, proc.stderr)
        info = store.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)
    export = tmp_path / "theirs.csv"
    export.write_text("old")
    os.chown(export, 65534, 65534)
    export.chmod(0o604)
    assert timeline(*EXPORT, "-o", str(export)).returncode == 0
    info = export.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o604)
