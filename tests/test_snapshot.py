"""The bundled store's snapshot (store/snapshot.py): the records its JSON loads as, made
at wheel build, and never used for bytes, code or a store it was not made from."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

import mnktimeline
from mnktimeline.query import Query, select
from mnktimeline.render import json as render_json
from mnktimeline.store import StoreError, bundled_store, check_document, decode_json, load, snapshot
from mnktimeline.store.locate import is_packaged

from .conftest import REPO, Run

BUNDLED_JSON = REPO / "data" / "events.json"


def made(folder: Path, source: Path = BUNDLED_JSON) -> Path:
    """Copy ``source`` into ``folder`` as events.json, with its snapshot beside it, made
    as the wheel's is (with each event's JSON)."""
    store = folder / "events.json"
    shutil.copyfile(source, store)
    with open(snapshot.path_beside(store), "wb") as f:
        snapshot.make(store, f, render_json.encoded)
    return store


def from_json(store: Path) -> object:
    doc = decode_json(store.read_bytes(), str(store))
    checked, problems = check_document(doc, str(store), warnings=False)
    assert checked is not None and not [p for p in problems if p.severity == "error"]
    return checked


def test_a_snapshot_reads_back_the_records_its_json_loads_as(tmp_path: Path) -> None:
    store = made(tmp_path)
    found = snapshot.read(store)
    assert found is not None
    assert found._replace(encoded=None) == from_json(store)
    assert found.path == str(store)  # where it is now, not where the wheel was built
    assert type(found.events[0]) is type(from_json(store).events[0])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("Ulaanbaatar", "Ulaanbaatar".swapcase(), 1),  # same size
        lambda text: text + "\n",
        lambda text: text.replace("2013", "2014", 1),
    ],
)
def test_a_snapshot_is_not_used_for_any_other_bytes(tmp_path: Path, change: object) -> None:
    store = made(tmp_path)
    text = store.read_text(encoding="utf-8")
    store.write_text(change(text), encoding="utf-8")  # type: ignore[operator]
    assert snapshot.read(store) is None


def test_a_snapshot_of_other_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = made(tmp_path)
    monkeypatch.setattr(snapshot, "__version__", mnktimeline.__version__ + ".post1")
    assert snapshot.read(store) is None
    monkeypatch.undo()

    # A record type of another layout (a field more) no longer matches the key.
    class PartialDate(NamedTuple):
        year: int
        month: int | None
        day: int | None
        added: str

    assert snapshot._RECORDS[-1].__name__ == "PartialDate"
    monkeypatch.setattr(snapshot, "_RECORDS", (*snapshot._RECORDS[:-1], PartialDate))
    assert snapshot.read(store) is None
    monkeypatch.undo()
    assert snapshot.read(store) is not None


@pytest.mark.parametrize("cut", [0, 10, 1000, 100_000])  # the records cut short
def test_a_damaged_or_missing_snapshot_is_not_used(tmp_path: Path, cut: int) -> None:
    store = made(tmp_path)
    beside = Path(snapshot.path_beside(store))
    data = beside.read_bytes()
    beside.write_bytes(data[:cut])
    assert snapshot.read(store) is None
    beside.unlink()
    assert snapshot.read(store) is None


def test_a_store_with_an_error_gets_no_snapshot(tmp_path: Path) -> None:
    doc = json.loads(BUNDLED_JSON.read_text(encoding="utf-8"))
    doc["events"][0]["category"] = "no-such-category"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    with open(out, "wb") as f, pytest.raises(StoreError, match="category"):
        snapshot.make(bad, f)
    assert out.read_bytes() == b""


def test_load_reads_a_snapshot_only_for_the_packaged_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = made(tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(snapshot, "read", lambda path: asked.append(str(path)))
    assert load(store) == from_json(store)._replace(path=str(store))  # type: ignore[attr-defined]
    assert load(store).encoded is None
    assert asked == []  # a user's store, even with a snapshot beside it, is read as JSON


def test_the_installed_package_answers_from_its_snapshot_as_from_its_json(
    timeline: Run, tmp_path: Path
) -> None:
    packaged = bundled_store()
    if not is_packaged(packaged):
        pytest.skip("an editable install reads the repository's JSON and has no snapshot")
    found = snapshot.read(packaged)
    assert found is not None and found.encoded is not None and found.encoded() is not None
    assert found._replace(encoded=None) == from_json(packaged)._replace(path=str(packaged))  # type: ignore[attr-defined]
    copy = tmp_path / "copy.json"
    shutil.copyfile(packaged, copy)
    for args in (
        ["list", "--json"],
        ["list", "--since", "2013", "--format", "jsonl"],
        ["list", "--json", "--fields", "id,related"],
        ["actors", "--json"],
        ["stats", "--json", "--by", "year"],
    ):
        bundled = timeline(*args)
        assert bundled.returncode == 0, bundled.stderr
        assert bundled.stdout == timeline(*args, "--data", str(copy)).stdout


CHECKING = ("mnktimeline.store.accept", "mnktimeline.store.document", "mnktimeline.store.validate")
WHICH = f"""
import sys
from mnktimeline.cli.app import run
code = run(["list", "--since", "2013", "--json"])
sys.stderr.write(repr([m for m in {CHECKING!r} if m in sys.modules]))
raise SystemExit(code)
"""


def test_the_bundled_store_is_read_without_the_checking_code() -> None:
    if not is_packaged(bundled_store()):
        pytest.skip("an editable install reads the repository's JSON and has no snapshot")
    proc = subprocess.run([sys.executable, "-c", WHICH], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stderr.endswith("[]")


def printed(store: object, **query: object) -> str:
    evs = select(store, Query(**query))  # type: ignore[arg-type]
    return "".join(render_json.events(evs, store)) + "".join(
        render_json.events_lines(evs, store)  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("query", [{}, {"categories": frozenset({"security"})}, {"reverse": True}])
def test_the_events_json_kept_in_a_snapshot_is_what_they_print_as(
    tmp_path: Path, query: dict[str, object]
) -> None:
    store = made(tmp_path)
    found = snapshot.read(store)
    assert found is not None and found.encoded is not None
    kept = found.encoded()
    assert kept is not None and len(kept) == len(found.events)
    assert printed(found, **query) == printed(from_json(store), **query)


def test_events_json_that_cannot_be_read_back_is_made_again(tmp_path: Path) -> None:
    store = made(tmp_path)
    beside = Path(snapshot.path_beside(store))
    beside.write_bytes(beside.read_bytes()[:-100])  # the records whole, their JSON cut short
    found = snapshot.read(store)
    assert found is not None and found.encoded is not None
    assert found.encoded() is None
    assert printed(found) == printed(from_json(store))


@pytest.mark.parametrize("part", [1, 2, 3])  # the sources, the actors, the places
def test_a_map_that_cannot_be_read_back_is_taken_from_the_json(tmp_path: Path, part: int) -> None:
    import io
    import pickle

    store = made(tmp_path)
    beside = Path(snapshot.path_beside(store))
    raw = beside.read_bytes()
    head = io.BytesIO(raw)
    pickle.load(head)
    lengths = pickle.load(head)
    start = head.tell() + sum(lengths[:part])
    beside.write_bytes(raw[:start] + b"\x00" * lengths[part] + raw[start + lengths[part] :])
    found, expected = snapshot.read(store), from_json(store)
    assert found is not None
    assert found._replace(encoded=None) == expected
    assert printed(found) == printed(expected)


def test_the_maps_are_read_only_when_first_used(tmp_path: Path) -> None:
    found = snapshot.read(made(tmp_path))
    assert found is not None
    assert all(getattr(found, name)._map is None for name in ("sources", "actors", "places"))  # type: ignore[attr-defined]
    assert len(found.actors) > 0 and found.actors._map is not None  # type: ignore[attr-defined]
    assert found.sources._map is None  # type: ignore[attr-defined]


def test_a_snapshot_shares_equal_values_but_keeps_their_types() -> None:
    def parts() -> tuple[object, ...]:  # equal values, each a new object
        return ("".join(["i", "d"]), int("2013"), date(2013, 1, 1), 1.0, True)

    first, second = snapshot._shared((parts(), parts()), {})
    assert first is not parts() and first == parts()
    assert first[0] is second[0] and first[2] is second[2]
    third = snapshot._shared(((1,), (1.0,), (True,)), {})
    assert [type(t[0]) for t in third] == [int, float, bool]
