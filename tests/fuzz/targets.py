"""What the fuzzer feeds, and what counts as a crash: the store decoder and rule book, the
JSON and CSV importers, and the date readers.

``one_input(data)`` picks a target by the first byte and gives it the rest. A target may
refuse its input only with one of the library's errors (``errors.Error``), whose message
is a sentence for the user; any other exception is a crash. The store target also holds
the fast paths to the rule book: a store they accept has no error by the rule book.
``tests/fuzz/run.py`` drives it with atheris; ``tests/test_fuzz_corpus.py`` replays the
saved corpus and every crash ever found without it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from mnktimeline import dates
from mnktimeline.errors import Error
from mnktimeline.model import Store
from mnktimeline.store import accept, check_document, decode_json
from mnktimeline.store.fast import load_large, scan
from mnktimeline.write.importing import plan_import, read_import

SAMPLE = Path(__file__).parent.parent / "data" / "sample.json"
TARGETS = ("store", "import-json", "import-csv", "dates")


@cache
def sample() -> tuple[dict[str, Any], Store]:
    from mnktimeline.store import load

    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return doc, load(SAMPLE)


def store_target(data: bytes) -> None:
    try:
        doc = decode_json(data, "fuzz.json")
    except Error:
        return
    built, problems = check_document(doc, "fuzz.json", warnings=False)
    errors = [p for p in problems if p.severity == "error"]
    assert (built is None) == bool(errors), problems
    if accept.build(doc, "fuzz.json") is not None:
        assert not errors, f"the fast path accepted what the rule book refuses: {errors}"
    try:
        large = load_large(data, "fuzz.json")
    except Error:
        return
    if large is not None:
        # Loading keeps the last value of a key given twice, which msgspec cannot see (the
        # README says so); only validate's pass looks for such keys, and must find them.
        others = [p for p in errors if "is given more than once" not in p.message]
        assert not others, f"msgspec's path accepted what the rule book refuses: {others}"
    checked = scan(data, "fuzz.json", repeated=True)
    if checked is not None and checked.store is not None:
        assert not errors, f"validate's msgspec pass accepted what the rule book refuses: {errors}"


def import_target(suffix: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        text = data.decode("utf-8", errors="replace")
        doc, store = sample()
        try:
            rows = read_import(text, f"fuzz{suffix}")
            plan_import(doc, store, rows, f"fuzz{suffix}")
        except Error:
            return

    return target


def dates_target(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    for read in (
        dates.parse_user_date,
        dates.parse_stored,
        lambda t: dates.parse_stored(t, qualified=False),
        dates.to_stored,
        lambda t: dates.date_bounds(t, t, None),
    ):
        with contextlib.suppress(Error):
            read(text)
    try:
        user = dates.parse_user_date(text)
    except Error:
        return
    assert user.first_day <= user.last_day
    assert dates.parse_user_date(user.iso()) == user


RUN: dict[int, Callable[[bytes], None]] = {
    0: store_target,
    1: import_target(".json"),
    2: import_target(".csv"),
    3: dates_target,
}


def one_input(data: bytes) -> None:
    """Run the target of ``data``'s first byte (modulo the number of targets) on the rest."""
    if not data:
        return
    RUN[data[0] % len(RUN)](data[1:])
