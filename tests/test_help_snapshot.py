"""Installed CLI: the ``--help`` of every command at 80 columns, against the reviewed
snapshot in ``data/help-80.txt``. After a deliberate change to help, review the diff of
``UPDATE_HELP_SNAPSHOT=1 pytest tests/test_help_snapshot.py`` and commit it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mnktimeline.cli.app import COMMANDS

from .conftest import timeline_exe

SNAPSHOT = Path(__file__).parent / "data" / "help-80.txt"


def help_text() -> str:
    # Everything rich reads to choose width, colour and box characters, fixed.
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "MNKTIMELINE_DATA")}
    env.update(COLUMNS="80", LINES="24", TERM="dumb", NO_COLOR="1", LANG="C.UTF-8")
    env.pop("_TYPER_FORCE_DISABLE_TERMINAL", None)
    parts = []
    for args in [[], *([name] for name in COMMANDS)]:
        proc = subprocess.run(
            [timeline_exe(), *args, "--help"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        lines = [line.rstrip() for line in proc.stdout.split("\n")]
        parts.append(f"==> timeline {' '.join([*args, '--help'])}\n" + "\n".join(lines).strip("\n"))
    return "\n\n".join(parts) + "\n"


def test_every_help_matches_the_reviewed_snapshot() -> None:
    got = help_text()
    if os.environ.get("UPDATE_HELP_SNAPSHOT"):
        SNAPSHOT.write_text(got, encoding="utf-8")
    assert got == SNAPSHOT.read_text(encoding="utf-8")


def test_help_fits_80_columns_and_offers_only_formats_that_work() -> None:
    text = SNAPSHOT.read_text(encoding="utf-8")
    assert max(len(line) for line in text.split("\n")) <= 80
    validate = text.split("==> timeline validate --help")[1].split("==>")[0]
    assert "One of: plain, json. Default: plain." in " ".join(validate.split())
