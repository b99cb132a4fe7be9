"""Shared fixtures: a small sample store, copies to break, and the installed CLI."""

from __future__ import annotations

import copy
import gc
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from mnktimeline.model import Store
from mnktimeline.store import load

# CI runs the property tests derandomised, with no example database carried between runs,
# so a run fails or passes for the code alone; a failure prints the example and the blob
# that replays it. The wide random search is the "fuzz" profile, run on demand:
# HYPOTHESIS_PROFILE=fuzz pytest tests/test_arguments.py tests/test_store_paths.py
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("fuzz", derandomize=False, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
FUZZ = settings.default.derandomize is False


def examples(n: int) -> int:
    """Return the number of examples a property test runs: ``n``, or 20 times as many
    in the fuzz profile."""
    return n * 20 if FUZZ else n


@pytest.fixture(autouse=os.environ.get("MUTANT_UNDER_TEST") is not None)
def _cold_date_cache() -> None:
    """Under mutation testing (tests/mutation/run.sh), start each test with no date read:
    ``dates.parse_partial`` keeps each part it has read, and a mutant of the reading would
    otherwise never run in a worker forked from a process that read them all."""
    from mnktimeline import dates

    dates._PARTS.clear()


HERE = Path(__file__).parent
SAMPLE = HERE / "data" / "sample.json"
REPO = HERE.parent


@pytest.fixture(scope="session")
def sample_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return doc


@pytest.fixture(scope="session")
def sample() -> Store:
    return load(SAMPLE)


@pytest.fixture
def doc(sample_doc: dict[str, Any]) -> dict[str, Any]:
    """A fresh deep copy of the sample document, to break in a test."""
    return copy.deepcopy(sample_doc)


@pytest.fixture
def write_store(tmp_path: Path) -> Callable[[Any], Path]:
    def write(obj: Any, name: str = "events.json") -> Path:
        path = tmp_path / name
        text = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False, indent=2)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def timeline_exe() -> str:
    """The installed console script, next to this interpreter (as pip puts it)."""
    candidate = Path(sys.executable).parent / "timeline"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("timeline")
    if found is None:
        pytest.fail("the 'timeline' console script is not installed; run: pip install '.[test]'")
    return found


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def timeline(tmp_path: Path) -> Run:
    """Run the installed ``timeline`` as users do: a subprocess in another folder."""
    exe = timeline_exe()

    def run(
        *args: str, env: dict[str, str] | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {
            k: v for k, v in os.environ.items() if k not in ("MNKTIMELINE_DATA", "NO_COLOR")
        }
        full_env.update(env or {})
        return subprocess.run(
            [exe, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=full_env,
            cwd=tmp_path,
            input=input,
            timeout=60,
        )

    return run


@contextmanager
def captured() -> Iterator[tuple[io.BytesIO, io.StringIO]]:
    """Swap stdout (with a .buffer, as _emit writes bytes) and stderr for buffers."""
    raw, err = io.BytesIO(), io.StringIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield raw, err
    finally:
        out.flush()
        out.detach()  # leave the BytesIO open for reading
        sys.stdout, sys.stderr = saved


def run_in_process(argv: list[str]) -> tuple[int, bytes, str]:
    """Run ``cli.run(argv)`` here, for speed; return the exit code, stdout and stderr."""
    from mnktimeline.cli import app as cli

    with captured() as (raw, err):
        try:
            code = cli.run(argv)
        finally:
            gc.enable()  # run() turns the collector off for its short-lived process
    return code, raw.getvalue(), err.getvalue()


def read_until_closed(master: int, timeout: float = 30) -> bytes:
    """Return all a pseudo-terminal's other end writes until it closes (or is silent
    for ``timeout`` seconds); close ``master``."""
    import select

    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                break
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    return b"".join(chunks)
