"""The README's claims, checked: its quick start is what CI runs."""

from __future__ import annotations

import re

from .conftest import REPO


def quick_start() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\n+```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no '## Quick start' sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_is_exactly_two_commands() -> None:
    first, second = quick_start()
    assert "pip install ." in first and first.endswith("timeline list --since 2013")
    assert "'.[test]'" in second and second.endswith("pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quick_start()[1] in ci


def test_every_example_shows_its_real_output() -> None:
    import shutil
    import sys

    import pytest

    sys.path.insert(0, str(REPO / "docs"))
    import readme_examples

    found = readme_examples.examples((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(found) >= 4
    for command, shown in found:
        if "jq" in command and shutil.which("jq") is None:
            pytest.skip("jq is not installed")
        assert readme_examples.run(command) == shown, command
