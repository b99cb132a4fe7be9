"""Every example in every command's --help runs as shown, in a folder set up as a user's.

The folder holds my-events.json (from `timeline init`), my-old-events.json (a store of
format 1), new-events.csv and new-events.json (one new event each), and sources/ with the
source texts where the repository's neighbour ../shared/sources has them. The user's
editor is `true`, which quits without saving.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mnktimeline.cli.app import full_app

from .conftest import REPO, timeline_exe

NEW_ROW = {
    "id": "2018-06-30-example",
    "date": "2018-06-30",
    "title": "An example event",
    "summary": "Added by the help examples' test.",
    "category": "culture",
    "actors": ["mongolia"],
    "sources": [{"source": "campi-2019-apb457", "locator": "para. 1"}],
}


def examples() -> list[tuple[str, str]]:
    app = full_app()
    found = []
    docs = [("root", app.registered_callback.callback.__doc__ or "")]  # type: ignore[union-attr]
    docs += [(info.name or "", info.callback.__doc__ or "") for info in app.registered_commands]  # type: ignore[union-attr]
    for name, doc in docs:
        for line in doc.splitlines():
            line = line.strip()
            if line.startswith("timeline ") and "(on a terminal" not in line:
                found.append((name, line))
    return found


def test_every_command_has_an_example() -> None:
    named = {name for name, _ in examples()}
    assert {info.name for info in full_app().registered_commands} <= named


@pytest.mark.parametrize(("command", "line"), examples())
def test_the_example_runs(tmp_path: Path, command: str, line: str) -> None:
    exe = timeline_exe()
    env = {k: v for k, v in os.environ.items() if k not in ("MNKTIMELINE_DATA", "VISUAL")}
    env["PATH"] = f"{Path(exe).parent}{os.pathsep}{env['PATH']}"
    env["EDITOR"] = "true"  # a user's editor, quit without saving: `timeline edit` changes nothing
    if command != "init":
        subprocess.run(
            [exe, "init", "my-events.json"], cwd=tmp_path, env=env, check=True, capture_output=True
        )
    (tmp_path / "new-events.json").write_text(json.dumps([NEW_ROW]), encoding="utf-8")
    shutil.copyfile(
        REPO / "tests" / "data" / "sample-format1.json", tmp_path / "my-old-events.json"
    )
    (tmp_path / "new-events.csv").write_text(
        "id,date,title,summary,category,actors,sources\n"
        "2018-07-01-example,2018-07-01,Another example,Added by a test.,culture,Mongolia,campi-2019-apb457 (para. 1)\n",
        encoding="utf-8",
    )
    if "--texts sources/" in line:
        shared = REPO.parent / "shared" / "sources"
        if not shared.is_dir():
            pytest.skip(f"no source texts at {shared}")
        shutil.copytree(shared, tmp_path / "sources")
    if re.search(r"\bjq\b", line) and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", line],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, f"{line}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
