"""Atomic writes: the old content or the new, never half of either."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from mnktimeline.write.atomic import WriteError, write_atomic


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, ["a", "ü\n"])
    assert target.read_text(encoding="utf-8") == "aü\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, ["new"])
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def chunks() -> Iterator[str]:
        yield "partial"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, chunks())
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_refuses_a_folder_and_a_read_only_file(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="it is a folder"):
        write_atomic(tmp_path, ["x"])
    target = tmp_path / "ro.txt"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(WriteError, match="read-only"):
        write_atomic(target, ["new"])
    assert target.read_text() == "old"


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"the folder .* does not exist"):
        write_atomic(tmp_path / "nope" / "out.txt", ["x"])
