"""Installed CLI: shell completion. The bash script is loaded in bash and asked, as bash
asks it, for commands, options, formats, categories and the store's own values."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import SAMPLE, Run, timeline_exe


def in_bash(words: list[str], env: dict[str, str] | None = None) -> list[str]:
    """Load ``timeline completion bash`` in bash and return what it offers for the last
    of ``words`` (typed after ``timeline``), one entry of COMPREPLY a line."""
    script = (
        'eval "$(timeline completion bash)"\n'
        f"COMP_WORDS=(timeline {' '.join(words)})\n"
        f"COMP_CWORD={len(words)}\n"
        "_timeline_complete\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    full = {k: v for k, v in os.environ.items() if k != "MNKTIMELINE_DATA"}
    full["PATH"] = f"{Path(timeline_exe()).parent}:{full['PATH']}"
    full.update(env or {})
    proc = subprocess.run(
        ["bash", "--norc", "-c", script], capture_output=True, text=True, env=full, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return [line for line in proc.stdout.split("\n") if line]


def test_bash_completes_commands_and_options() -> None:
    assert in_bash(["ac"]) == ["actor", "actors"]
    assert "completion" in in_bash(["''"])
    assert in_bash(["list", "--sin"]) == ["--since"]
    assert in_bash(["list", "-f", "j"]) == ["json", "jsonl"]
    assert in_bash(["show", "--format", "''"]) == ["table", "plain", "json"]
    assert in_bash(["list", "--category", "med"]) == ["mediation"]
    assert in_bash(["--color", "a"]) == ["auto", "always"]


def test_bash_completes_actor_names_and_event_ids_from_the_store() -> None:
    doc = json.loads(SAMPLE.read_text("utf-8"))
    env = {"MNKTIMELINE_DATA": str(SAMPLE)}
    kims = in_bash(["list", "--actor", "Kim"], env)
    assert kims == sorted(kims, key=kims.index)  # the store's order
    assert "Kim\\ Jong\\ Un" in kims  # escaped as bash needs, one word
    assert all(k.startswith("Kim") for k in kims)
    assert in_bash(["actor", "kh"], env) == [
        n.replace(" ", "\\ ")
        for a in doc["actors"]
        for n in (a["name"], *a.get("aliases", []))
        if n.casefold().startswith("kh")
    ]
    ids = [e["id"] for e in doc["events"] if e["id"].startswith("2014")]
    assert in_bash(["show", "2014"], env) == ids
    assert in_bash(["cite", "2014-talks", "2014"], env) == ids
    assert in_bash(["rm", "kim-j"], env) == ["kim-jong-un"]  # records of every kind
    assert in_bash(["set", "src-"], env) == [s["id"] for s in doc["sources"]]


def test_data_on_the_command_line_wins(tmp_path: Path) -> None:
    doc = json.loads(SAMPLE.read_text("utf-8"))
    tags = sorted({t for e in doc["events"] for t in e.get("tags", [])})
    assert in_bash(["list", "--data", str(SAMPLE), "--tag", "''"]) == tags
    places = [n for p in doc["places"] for n in (p["name"], *p.get("aliases", []))]
    assert in_bash(["list", "--data", str(SAMPLE), "--place", "''"]) == [
        p.replace(" ", "\\ ") for p in places
    ]
    # an unreadable store completes nothing, and says nothing
    assert in_bash(["list", "--actor", "K"], {"MNKTIMELINE_DATA": str(tmp_path / "no")}) == []


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_other_scripts_load_in_their_shells(timeline: Run, shell: str) -> None:
    proc = timeline("completion", shell)
    assert proc.returncode == 0
    assert "timeline __complete " + shell in proc.stdout
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here")
    check = ["zsh", "-n", "-c"] if shell == "zsh" else ["fish", "--no-execute", "-c"]
    loaded = subprocess.run([*check, proc.stdout], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr


def test_an_unknown_shell_is_one_sentence(timeline: Run) -> None:
    proc = timeline("completion", "tcsh")
    assert proc.returncode == 2
    assert proc.stderr == (
        "timeline: error: 'tcsh' is not a shell timeline completes; use one of: bash, zsh, fish\n"
    )


def test_completion_imports_no_renderer_and_no_rich() -> None:
    script = (
        "import sys\nfrom mnktimeline.cli.app import run\n"
        f"run(['__complete', 'bash', 'list', '--data', {str(SAMPLE)!r}, '--actor', 'K'])\n"
        "sys.stderr.write(repr([m for m in ('rich', 'mnktimeline.render.table', "
        "'mnktimeline.cli.pager') if m in sys.modules]))\n"
    )
    import sys

    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.stderr.endswith("[]"), proc.stderr
