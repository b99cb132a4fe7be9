"""The diff of a dry run: read back by patch(1), the tool that applies such diffs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mnktimeline.write import diff
from mnktimeline.write.diff import unified

from .conftest import examples

lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", '  "mongolia",\n', "}\n"]), max_size=40)
edits = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 60), st.sampled_from(["x\n", "b\n"])), max_size=6
)


def edited(old: list[str], changes: list[tuple[int, int, str]]) -> list[str]:
    new = list(old)
    for op, at, line in changes:
        if op == 0 and new:
            del new[at % len(new)]
        elif op == 1:
            new.insert(at % (len(new) + 1), line)
        elif new:
            new[at % len(new)] = line
    return new


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch(1) is not installed")
@pytest.mark.parametrize("small", [diff.SMALL, 2])  # difflib whole, and the anchored path
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(old=lines, changes=edits, unique=st.booleans())
def test_patch_turns_the_old_text_into_the_new(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    small: int,
    old: list[str],
    changes: list[tuple[int, int, str]],
    unique: bool,
) -> None:
    monkeypatch.setattr(diff, "SMALL", small)
    if unique:  # lines of their own, as the ids of a store are
        old = [f"{i} {line}" if i % 3 == 0 else line for i, line in enumerate(old)]
    new = edited(old, changes)
    text = list(unified("".join(old), "".join(new), "f"))
    if old == new:
        assert text == []
        return
    folder = tmp_path_factory.mktemp("patch")
    (folder / "f").write_text("".join(old))
    proc = subprocess.run(
        ["patch", "-s", "-p1", "-d", str(folder)],
        input="".join(text),
        text=True,
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (folder / "f").read_text() == "".join(new)


def test_a_change_far_into_a_large_text_numbers_its_lines() -> None:
    old = [f"line {i}\n" for i in range(100_000)]
    new = list(old)
    new[70_000] = "changed\n"
    new.insert(90_000, "added\n")
    text = list(unified("".join(old), "".join(new), "store.json"))
    assert text[:3] == ["--- a/store.json\n", "+++ b/store.json\n", "@@ -69998,7 +69998,7 @@\n"]
    assert "-line 70000\n" in text and "+changed\n" in text
    assert "@@ -89998,6 +89998,7 @@\n" in text


def test_a_text_without_a_final_newline_says_so(tmp_path: Path) -> None:
    text = list(unified("a\nb", "a\nc", "f"))
    assert text[-2:] == ["-b\n\\ No newline at end of file\n", "+c\n\\ No newline at end of file\n"]
