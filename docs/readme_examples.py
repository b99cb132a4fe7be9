"""Run the README's example commands and check, or rewrite, the outputs shown under them.

    python docs/readme_examples.py          # exit 1 if an output in README.md is stale
    python docs/readme_examples.py --write  # rewrite the outputs in README.md

An example is a ```console block whose first line is "$ COMMAND"; the lines after it are
COMMAND's output, run by bash in an empty folder with COLUMNS=100 and NO_COLOR set (so
in a pipe, as scripts see it), with the `timeline` of this interpreter first on PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S)


def run(command: str) -> str:
    """Return what ``command`` prints, run as the README says."""
    env = {k: v for k, v in os.environ.items() if k != "MNKTIMELINE_DATA"}
    env.update(COLUMNS="100", NO_COLOR="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    with tempfile.TemporaryDirectory() as empty:
        proc = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=empty,
            timeout=60,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"README example failed: {command}\n{proc.stderr}")
    return "\n".join(line.rstrip() for line in proc.stdout.splitlines()) + "\n"


def examples(text: str) -> list[tuple[str, str]]:
    """Return (command, shown output) for each console block of ``text``."""
    return [(m["command"], m["output"]) for m in BLOCK.finditer(text)]


def refreshed(text: str) -> str:
    """Return ``text`` with every console block's output replaced by the real one."""
    return BLOCK.sub(lambda m: f"```console\n$ {m['command']}\n{run(m['command'])}```", text)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = refreshed(text)
    if "--write" in sys.argv[1:]:
        README.write_text(new, encoding="utf-8")
    elif new != text:
        raise SystemExit("README.md examples are stale: run python docs/readme_examples.py --write")


if __name__ == "__main__":
    main()
