"""`timeline export datapackage DIR`: a Frictionless Data Package, checked by
`frictionless validate` (foreign keys too), and written all or nothing."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mnktimeline import __version__, dataset
from mnktimeline.render.tables import TABLES
from mnktimeline.write.atomic import WriteError
from mnktimeline.write.folder import write_folder

from .conftest import SAMPLE, Run
from .test_cli_write import full_disk  # noqa: F401  (a fixture: a 256 KiB tmpfs)

FILES = sorted([f"{t.name}.csv" for t in TABLES] + ["datapackage.json"])


def frictionless(descriptor: Path) -> dict[str, Any]:
    """Return the report of `frictionless validate --json` on a package, as users run it."""
    exe = Path(sys.executable).parent / "frictionless"
    proc = subprocess.run(
        [str(exe), "validate", "--json", str(descriptor)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report: dict[str, Any] = json.loads(proc.stdout)
    assert (proc.returncode == 0) == report["valid"], proc.stderr
    return report


def errors(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(task["name"], e["type"]) for task in report["tasks"] for e in task["errors"]]


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def parts_store(doc: dict[str, Any], write_store: Callable[[Any], Path]) -> Path:
    """The sample store with a stop within a visit, of another category than the visit."""
    doc["events"].append(
        {
            "id": "2013-10-29-stop",
            "date": "2013-10-29",
            "title": "A stop within the visit",
            "summary": "Summary of a stop.",
            "category": "culture",
            "part_of": "2013-elbegdorj-visit",
            "sources": [{"source": "src-a", "locator": "para. 2"}],
        }
    )
    return write_store(doc)


def test_the_bundled_store_is_a_valid_package(timeline: Run, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    proc = timeline("export", "datapackage", str(folder))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert sorted(p.name for p in folder.iterdir()) == FILES
    report = frictionless(folder / "datapackage.json")
    assert errors(report) == [] and report["valid"]
    assert len(report["tasks"]) == len(TABLES)  # every table was read and checked


def test_the_package_describes_the_dataset_and_its_keys(
    timeline: Run, tmp_path: Path, parts_store: Path
) -> None:
    folder = tmp_path / "pkg"
    assert (
        timeline("export", "datapackage", str(folder), "--data", str(parts_store)).returncode == 0
    )
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["version"] == __version__ and desc["profile"] == "tabular-data-package"
    assert desc["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": dataset.DATA_LICENCE_TITLE,
        }
    ]
    assert {s["path"] for s in desc["sources"]} == {
        "https://example.org/a",
        "https://example.org/b",
    }  # the sources the events cite; src-old is cited by none
    schemas = {r["name"]: r["schema"] for r in desc["resources"]}
    assert schemas["events"]["primaryKey"] == ["id"]
    assert {"fields": "part_of", "reference": {"resource": "", "fields": "id"}} in schemas[
        "events"
    ]["foreignKeys"]
    assert schemas["note_sources"]["foreignKeys"][0] == {
        "fields": ["event_id", "note"],
        "reference": {"resource": "notes", "fields": ["event_id", "note"]},
    }
    assert errors(frictionless(folder / "datapackage.json")) == []


def test_tables_hold_one_value_a_cell_and_match_list_json(timeline: Run, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    assert timeline("export", "datapackage", str(folder), "--data", str(SAMPLE)).returncode == 0
    events = json.loads(timeline("list", "--json", "--data", str(SAMPLE)).stdout)
    table = rows(folder, "events")
    assert [r["id"] for r in table] == [e["id"] for e in events]
    for row, ev in zip(table, events, strict=True):
        for key in ("date", "start", "end", "display_date", "status", "title", "category"):
            assert row[key] == ev[key], key
        assert row["approximate"] == str(ev["approximate"]).lower()
    assert [(r["event_id"], r["actor_id"]) for r in rows(folder, "event_actors")] == [
        (e["id"], a["id"]) for e in events for a in e["actors"]
    ]
    assert [
        (r["event_id"], r["source_id"], r["locator"]) for r in rows(folder, "event_sources")
    ] == [(e["id"], s["id"], s["locator"] or "") for e in events for s in e["sources"]]
    assert [(r["event_id"], r["tag"]) for r in rows(folder, "event_tags")] == [
        (e["id"], t) for e in events for t in e["tags"]
    ]
    assert [(r["event_id"], r["kind"], r["text"]) for r in rows(folder, "notes")] == [
        (e["id"], n["kind"], n["text"]) for e in events for n in e["notes"]
    ]
    places = {r["id"]: r for r in rows(folder, "places")}
    assert (places["ulaanbaatar"]["lat"], places["ulaanbaatar"]["lon"]) == ("47.92", "106.92")
    assert places["rajin"]["within"] == "rason" and places["rajin"]["lat"] == ""
    aliases = [(r["place_id"], r["alias"]) for r in rows(folder, "place_aliases")]
    assert ("ulaanbaatar", "Улаанбаатар") in aliases


def test_foreign_keys_are_checked(timeline: Run, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    assert timeline("export", "datapackage", str(folder), "--data", str(SAMPLE)).returncode == 0
    path = folder / "event_actors.csv"
    data = path.read_bytes()
    assert b",mongolia\r\n" in data
    path.write_bytes(data.replace(b",mongolia\r\n", b",nobody\r\n", 1))
    report = frictionless(folder / "datapackage.json")
    assert not report["valid"]
    assert errors(report) == [("event_actors", "foreign-key")]


def test_a_filtered_package_names_parents_it_does_not_hold_without_a_broken_key(
    timeline: Run, tmp_path: Path, parts_store: Path
) -> None:
    folder = tmp_path / "pkg"
    proc = timeline(
        "export", "datapackage", str(folder), "--search", "stop", "--data", str(parts_store)
    )
    assert proc.returncode == 0, proc.stderr
    assert [(r["id"], r["part_of"]) for r in rows(folder, "events")] == [
        ("2013-10-29-stop", "2013-elbegdorj-visit")
    ]
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in desc["resources"] if r["name"] == "events")
    assert "foreignKeys" not in events["schema"]
    assert errors(frictionless(folder / "datapackage.json")) == []
    assert len(rows(folder, "actors")) == 9  # the whole store's actors: every key is there


def test_a_folder_that_holds_files_is_refused_unless_forced(timeline: Run, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    d = ("--data", str(SAMPLE))
    proc = timeline("export", "datapackage", str(folder), *d)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (
        f"timeline: error: cannot write the package to {folder}: the folder holds 1 file; "
        "give an empty or new folder, or --force to replace the package's files in it\n"
    )
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    proc = timeline("export", "datapackage", "-o", str(folder), "--force", *d)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILES, "notes.txt"])
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_empty_folder_is_written_into(timeline: Run, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert timeline("export", "datapackage", str(folder), "--data", str(SAMPLE)).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # no temporary left


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        ([], 2, "datapackage writes a folder of files, not one stream: name it"),
        (["-"], 2, "datapackage writes a folder of files, not one stream"),
        (["-o", "-"], 2, "datapackage writes a folder of files, not one stream"),
        (["a", "-o", "b"], 2, "give the folder once: DIR a and -o b differ"),
        (["a", "--bom"], 2, "--bom is for csv only"),
        (["missing/pkg"], 1, "cannot write the package to missing/pkg: No such file or directory"),
        (["file.txt"], 1, "cannot write the package to file.txt: it is not a folder"),
    ],
)
def test_package_mistakes(
    timeline: Run, tmp_path: Path, args: list[str], code: int, fragment: str
) -> None:
    (tmp_path / "file.txt").write_text("kept", encoding="utf-8")
    proc = timeline("export", "datapackage", *args, "--data", str(SAMPLE))
    assert proc.returncode == code, proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and fragment in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # nothing else made
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "kept"


def test_a_full_disk_leaves_no_folder(timeline: Run, full_disk: Path) -> None:  # noqa: F811
    with open(full_disk / "filler", "wb") as f:
        f.write(b"\0" * (128 << 10))  # the package needs more than the 128 KiB left
    proc = timeline("export", "datapackage", str(full_disk / "pkg"))
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"timeline: error: cannot write {full_disk / 'pkg'}")
    assert "No space left on device" in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert [p.name for p in full_disk.iterdir()] == ["filler"]


def test_a_failure_while_writing_a_new_folder_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mnktimeline.write.folder as folder_module

    written: list[str] = []

    def fail_on_third(path: str, chunks: Any) -> None:
        if len(written) == 2:
            raise WriteError(f"cannot write {path}: No space left on device")
        written.append(path)
        Path(path).write_text("".join(chunks), encoding="utf-8")

    monkeypatch.setattr(folder_module, "write_atomic", fail_on_third)
    files = [(f"{n}.csv", iter(["a,b\r\n"])) for n in range(5)]
    with pytest.raises(WriteError, match=f"cannot write {tmp_path / 'pkg'}/2.csv"):
        write_folder(tmp_path / "pkg", files)
    assert os.listdir(tmp_path) == []
