"""The fuzzer's saved corpus and every crash it found, replayed without atheris: each input
is refused with one of the library's errors or accepted, and the fast loading paths accept
no store the rule book refuses (tests/fuzz/targets.py says what each target checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .fuzz.targets import TARGETS, one_input

FUZZ = Path(__file__).parent / "fuzz"
INPUTS = sorted(
    p for d in ("corpus", "crashes") if (FUZZ / d).is_dir() for p in (FUZZ / d).iterdir()
)


def test_the_corpus_reaches_every_target() -> None:
    firsts = {p.read_bytes()[:1] for p in INPUTS if p.stat().st_size}
    assert {b[0] % len(TARGETS) for b in firsts} == set(range(len(TARGETS)))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name[:16]}")
def test_a_saved_input_is_refused_in_a_sentence_or_accepted(path: Path) -> None:
    one_input(path.read_bytes())
