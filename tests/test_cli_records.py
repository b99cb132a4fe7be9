"""Installed CLI: keeping a store by hand with edit, set, rm and mv, and --dry-run.

Every change leaves the store canonical and valid; every refusal leaves it byte for byte
as it was. ``edit`` runs a scripted $EDITOR: a Python script that applies, in turn, one
of the edits given to it in a file, so that a test can save a valid change, an invalid
one then its fix, nothing, or quit.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from mnktimeline.store import load
from mnktimeline.write.canonical import canonical_text

from .conftest import SAMPLE, Run
from .test_cli import one_line_error


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.json"
    path.write_text(canonical_text(json.loads(SAMPLE.read_text(encoding="utf-8"))), "utf-8")
    return path


def valid_and_canonical(timeline: Run, path: Path) -> None:
    proc = timeline("validate", str(path))
    assert proc.returncode == 0, proc.stderr
    assert timeline("fmt", "--check", str(path)).returncode == 0
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def refused(proc: object, path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith((".", "mine"))) == [
        "mine.json"
    ]


# --- set ----------------------------------------------------------------------------------


def test_set_changes_fields_in_every_form_the_filters_accept(timeline: Run, mine: Path) -> None:
    proc = timeline(
        "set", "2014-talks", "title=Talks by the lake", "date=23 May 2014", "tags+=track-2",
        "actors+=Kim Jong Un", "places=Ulan Bator; Pyongyang (proposed)", "status=planned",
        "series=Lake talks", "--data", str(mine),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (
        f"timeline: set title, date, tags, actors, places, status and series of event "
        f"2014-talks in {mine}\n"
    )
    event = load(mine).event("2014-talks")
    assert event is not None
    assert (event.title, event.date.text, event.status, event.series) == (
        "Talks by the lake", "2014-05-23", "planned", "Lake talks",
    )  # fmt: skip
    assert event.tags[-1] == "track-2" and event.actors[-1] == "kim-jong-un"
    assert [(p.place, p.role) for p in event.places] == [
        ("ulaanbaatar", "venue"),
        ("pyongyang", "proposed"),
    ]
    valid_and_canonical(timeline, mine)


def test_set_keeps_the_precision_given(timeline: Run, mine: Path) -> None:
    for typed, stored in (
        ("May 2014", "2014-05"),
        ("2014", "2014"),
        ("Jan 2014/Jun 2014", "2014-01/2014-06"),
    ):
        proc = timeline("set", "2014-year", f"date={typed}", "--data", str(mine))
        assert proc.returncode == 0, proc.stderr
        event = load(mine).event("2014-year")
        assert event is not None and event.date.text == stored


def test_set_on_other_kinds_of_record(timeline: Run, mine: Path) -> None:
    args = ("--data", str(mine))
    assert timeline("set", "kim-jong-un", "aliases+=Kim Jong Eun", *args).returncode == 0
    assert load(mine).actors["kim-jong-un"].aliases == ("Kim Jong-un", "Kim Jong Eun")
    proc = timeline("set", "src-b", "published=June 2014", "kind=newspaper", *args)
    assert proc.returncode == 0, proc.stderr
    source = load(mine).sources["src-b"]
    assert source.published is not None and source.published.text == "2014-06"
    proc = timeline("set", "mongolia", "--kind", "place", "aliases+=Mongol Uls", *args)
    assert proc.returncode == 0, proc.stderr
    assert load(mine).places["mongolia"].aliases == ("Mongol Uls",)
    proc = timeline(
        "set",
        "rajin",
        "coordinates.lat=42.25",
        "coordinates.lon=130.3",
        "coordinates.source=src-a",
        *args,
    )
    assert proc.returncode == 0, proc.stderr
    coordinates = load(mine).places["rajin"].coordinates
    assert coordinates is not None and (coordinates.lat, coordinates.lon) == (42.25, 130.3)
    proc = timeline(
        "set",
        "2014-talks",
        'sources+={"source": "src-b", "locator": "p. 2", "quote": "They met."}',
        *args,
    )
    assert proc.returncode == 0, proc.stderr
    event = load(mine).event("2014-talks")
    assert event is not None and event.sources[-1].quote == "They met."
    proc = timeline("set", "2014-talks", "sources-=src-b", "notes=", *args)
    assert proc.returncode == 0, proc.stderr
    event = load(mine).event("2014-talks")
    assert event is not None and [r.source for r in event.sources] == ["src-a"] and not event.notes
    valid_and_canonical(timeline, mine)


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["2014-talks", "titel=X"], 2, "'titel' is not a field of an event; did you mean 'title'?"),
        (["2014-talks", "title"], 2, "'title' is not FIELD=VALUE"),
        (["2014-talks", "date=2014-13"], 2, "date: '2014-13' has month 13"),
        (["2014-talks", "date=31 Feb 2014"], 2, "is not a real date"),
        (["2014-talks", "title="], 2, "'title' is required and cannot be emptied"),
        (["2014-talks", "title+=x"], 2, "'title' is not one; write title=VALUE"),
        (["2014-talks", "id=other"], 2, "timeline mv OLD NEW"),
        (["2014-talks", "category=sport"], 1, "field 'category' is \"sport\""),
        (["2014-talks", "actors+=Kim"], 1, "'Kim' fits 2 actors"),
        (["2014-talks", "date=2024"], 1, "is after the publication date of every source"),
        (["2014-talks", "tags-=nothing"], 1, "'nothing' is not in field 'tags'"),
        (
            ["2014-tlaks", "title=X"],
            1,
            "no event, actor, source or place has the id '2014-tlaks'; did you mean 2014-talks",
        ),
        (
            ["mongolia", "name=Mongol"],
            2,
            "'mongolia' is the id of an actor and of a place; say which with --kind actor or --kind place",
        ),
        (["mongolia", "--kind", "planet", "name=X"], 2, "--kind planet: use one of event, actor"),
        (
            ["1956-kim-visit", 'sources={"source": "src-a", "source": "src-b"}'],
            2,
            "the key 'source' is given more than once",
        ),
    ],
)
def test_set_mistakes_change_nothing(
    timeline: Run, mine: Path, args: list[str], code: int, fragment: str
) -> None:
    before = mine.read_bytes()
    proc = timeline("set", *args, "--data", str(mine))
    assert proc.returncode == code, proc.stderr
    assert fragment in one_line_error(proc)
    refused(proc, mine, before)


def test_a_set_that_changes_nothing_says_so(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    proc = timeline("set", "2014-talks", "category=Mediation", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert "already had those values (category)" in proc.stderr
    assert mine.read_bytes() == before


# --- rm -----------------------------------------------------------------------------------


def test_rm_a_record_nothing_refers_to(timeline: Run, mine: Path) -> None:
    proc = timeline("rm", "2016-hostile", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"timeline: removed event 2016-hostile from {mine}\n"
    assert load(mine).event("2016-hostile") is None
    assert timeline("rm", "uncited", "--data", str(mine)).returncode == 0
    valid_and_canonical(timeline, mine)


def test_rm_refuses_while_others_refer_to_it_naming_them(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    proc = timeline("rm", "kim-il-sung", "--data", str(mine))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == "events '1956-kim-visit': field 'actors'"
    assert lines[-1] == (
        "timeline: error: actor 'kim-il-sung' was not removed: 1 record refers to it "
        "(event '1956-kim-visit'; each reference is listed above); change them first, or give "
        "--force to remove the references too, and any record left without a source"
    )
    refused(proc, mine, before)
    proc = timeline("rm", "src-a", "--data", str(mine))
    assert proc.returncode == 1
    assert "places 'ulaanbaatar': field 'coordinates source'" in proc.stderr
    assert "events '2014-talks': field 'notes[0] sources'" in proc.stderr
    refused(proc, mine, before)


def test_rm_force_cuts_the_references_and_says_what_else_went(timeline: Run, mine: Path) -> None:
    proc = timeline("rm", "src-b", "--force", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (
        f"timeline: removed source src-b from {mine}, and 1 reference to it in 1 record\n"
    )
    event = load(mine).event("2014-talks")
    assert event is not None and [r.source for r in event.sources] == ["src-a"]
    proc = timeline("rm", "src-a", "--force", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    # Every event cites src-a, so every event goes; the coordinates that cite it go too.
    assert "with it went 11 records that could not stand without it: event " in proc.stderr
    assert "event 1948-recognition" in proc.stderr and "and 1 more" in proc.stderr
    store = load(mine)
    assert store.events == () and store.places["ulaanbaatar"].coordinates is None
    valid_and_canonical(timeline, mine)


def test_rm_an_event_others_are_part_of(timeline: Run, mine: Path) -> None:
    args = ("--data", str(mine))
    assert timeline("set", "2013-elbegdorj-visit", "tags+=x", *args).returncode == 0
    proc = timeline("set", "2014-talks", "part_of=2014-year", *args)
    assert proc.returncode == 0, proc.stderr
    before = mine.read_bytes()
    proc = timeline("rm", "2014-year", *args)
    assert proc.returncode == 1 and "events '2014-talks': field 'part_of'" in proc.stderr
    refused(proc, mine, before)
    assert timeline("rm", "2014-year", "--force", *args).returncode == 0
    event = load(mine).event("2014-talks")
    assert event is not None and event.part_of is None
    valid_and_canonical(timeline, mine)


# --- mv -----------------------------------------------------------------------------------


def test_mv_renames_every_reference(timeline: Run, mine: Path) -> None:
    proc = timeline("mv", "src-a", "campi-2019", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith(f"timeline: renamed source src-a to campi-2019 in {mine}, and ")
    text = mine.read_text(encoding="utf-8")
    assert '"src-a"' not in text
    store = load(mine)
    assert "campi-2019" in store.sources and "src-a" not in store.sources
    assert all(any(r.source == "campi-2019" for r in e.sources) for e in store.events)
    ulaanbaatar = store.places["ulaanbaatar"].coordinates
    assert ulaanbaatar is not None and ulaanbaatar.source == "campi-2019"
    assert timeline("mv", "ulaanbaatar", "ub", "--data", str(mine)).returncode == 0
    event = load(mine).event("2014-talks")
    assert event is not None and event.places[0].place == "ub"
    assert timeline("mv", "2014-talks", "2014-05-23-talks", "--data", str(mine)).returncode == 0
    assert load(mine).event("2014-05-23-talks") is not None
    valid_and_canonical(timeline, mine)


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["src-a", "src-b"], 1, "a source with the id 'src-b' is already in the store"),
        (["src-a", "src-a"], 1, "are the same id"),
        (["src-a", "bad id"], 2, "'bad id' is not an id"),
        (["src-z", "x"], 1, "no event, actor, source or place has the id 'src-z'"),
        (["mongolia", "mng"], 2, "say which with --kind actor or --kind place"),
    ],
)
def test_mv_mistakes_change_nothing(
    timeline: Run, mine: Path, args: list[str], code: int, fragment: str
) -> None:
    before = mine.read_bytes()
    proc = timeline("mv", *args, "--data", str(mine))
    assert proc.returncode == code, proc.stderr
    assert fragment in one_line_error(proc)
    refused(proc, mine, before)


# --- --dry-run ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["set", "2014-talks", "title=Talks by the lake"],
        ["rm", "src-b", "--force"],
        ["mv", "src-b", "report-b"],
        ["add", "--date", "2014", "--title", "T", "--summary", "S.", "--actor", "Mongolia",
         "--category", "culture", "--source", "src-a"],
        ["import", "new.csv"],
        ["fmt"],
    ],
)  # fmt: skip
def test_every_writing_command_has_a_dry_run_that_changes_nothing(
    timeline: Run, mine: Path, args: list[str]
) -> None:
    (mine.parent / "new.csv").write_text(
        "date,title,summary,category,actors,sources\n2019,New,A new row.,economy,Mongolia,src-a\n",
        encoding="utf-8",
    )
    if args == ["fmt"]:
        mine.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")  # not canonical
    before = mine.read_bytes()
    proc = timeline(*args, "--dry-run", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"--- {mine}\n+++ {mine}\n@@ ")  # an absolute path
    assert proc.stderr.startswith(f"timeline: dry run: {mine} was not changed")
    assert mine.read_bytes() == before
    # The diff is exactly what the real command then changes.
    dry = proc.stdout
    proc = timeline(*args, "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    patched = mine.parent / "patched.json"
    patched.write_bytes(before)
    applied = (
        __import__("subprocess").run(
            ["patch", "-s", str(patched)],
            input=dry.replace(f"--- {mine}", "--- x").replace(f"+++ {mine}", "+++ x"),
            text=True,
            capture_output=True,
        )
        if shutil.which("patch")
        else None
    )
    if applied is not None:
        assert applied.returncode == 0, applied.stderr
        assert patched.read_bytes() == mine.read_bytes()
    patched.unlink()


def test_init_dry_run(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    proc = timeline("init", str(mine), "--force", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"--- {mine}\n")
    assert mine.read_bytes() == before
    new = mine.parent / "new.json"
    proc = timeline("init", str(new), "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"--- /dev/null\n+++ {new}\n@@ -0,0 +1,")
    assert (
        proc.stderr
        == f"timeline: dry run: {new} was not created; the diff above is what it would hold\n"
    )
    assert not new.exists()


# --- edit ---------------------------------------------------------------------------------

EDITOR = """\
import json, pathlib, sys
script = pathlib.Path(sys.argv[1])
steps = json.loads(script.read_text())
step, steps = steps[0], steps[1:]
script.write_text(json.dumps(steps))
target = pathlib.Path(sys.argv[2])
text = target.read_text()
log = pathlib.Path(sys.argv[1] + ".seen")
log.write_text((log.read_text() if log.exists() else "") + text + "\\n=====\\n")
if step["do"] == "replace":
    target.write_text(text.replace(step["old"], step["new"]))
elif step["do"] == "empty":
    target.write_text("")
elif step["do"] == "fail":
    sys.exit(3)
# "keep": save nothing, as a user who quits
"""


@pytest.fixture
def editor(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An $EDITOR that does, at each run, the next step of tmp_path/steps.json."""
    program = tmp_path / "editor.py"
    program.write_text(EDITOR, encoding="utf-8")
    steps = tmp_path / "steps.json"
    env = {"EDITOR": f"{sys.executable} {program} {steps}", "VISUAL": ""}
    return env, steps


def steps(path: Path, *items: dict[str, str]) -> None:
    path.write_text(json.dumps(list(items)), encoding="utf-8")


def seen(path: Path) -> list[str]:
    return Path(f"{path}.seen").read_text(encoding="utf-8").split("\n=====\n")[:-1]


def test_edit_a_valid_change(
    timeline: Run, mine: Path, editor: tuple[dict[str, str], Path]
) -> None:
    env, script = editor
    steps(
        script,
        {"do": "replace", "old": '"Secret talks in Ulaanbaatar",', "new": '"Talks by the lake",'},
    )
    proc = timeline("edit", "2014-talks", "--data", str(mine), env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"timeline: changed event 2014-talks in {mine}\n"
    event = load(mine).event("2014-talks")
    assert event is not None and event.title == "Talks by the lake"
    shown = seen(script)[0]
    assert shown.startswith("// Edit the event '2014-talks' of")
    body = "\n".join(line for line in shown.splitlines() if not line.startswith("//"))
    doc = json.loads(mine.read_text(encoding="utf-8"))
    original = json.loads(canonical_text(json.loads(SAMPLE.read_text(encoding="utf-8"))))
    record = next(e for e in original["events"] if e["id"] == "2014-talks")
    assert json.loads(body) == record  # the same JSON the store holds
    assert json.dumps(record, ensure_ascii=False, indent=2) in shown
    assert doc["events"] != original["events"]
    valid_and_canonical(timeline, mine)
    assert (
        list(Path(os.environ.get("TMPDIR", "/tmp")).glob("timeline-edit-event-2014-talks-*")) == []
    )


def test_edit_invalid_then_fixed_reopens_with_the_error_at_the_top(
    timeline: Run, mine: Path, editor: tuple[dict[str, str], Path]
) -> None:
    env, script = editor
    steps(
        script,
        {"do": "replace", "old": '"date": "2014-05-23"', "new": '"date": "2014-13"'},
        {"do": "replace", "old": '"date": "2014-13"', "new": '"date": "May 2014"'},
        {"do": "replace", "old": '"date": "May 2014"', "new": '"date": "2014-05"'},
    )
    proc = timeline("edit", "2014-talks", "--data", str(mine), env=env)
    assert proc.returncode == 0, proc.stderr
    first, second, third = seen(script)
    assert "// What you saved was not stored" not in first
    assert "// - field 'date': '2014-13' has month 13; months run from 01 to 12" in second
    assert '"date": "2014-13"' in second  # what the user saved, not the original
    assert "field 'date': 'May 2014' is not a date" in third
    event = load(mine).event("2014-talks")
    assert event is not None and event.date.text == "2014-05"
    valid_and_canonical(timeline, mine)


def test_edit_that_breaks_json_is_reopened_with_the_line(
    timeline: Run, mine: Path, editor: tuple[dict[str, str], Path]
) -> None:
    env, script = editor
    steps(
        script,
        {"do": "replace", "old": '"Secret talks in Ulaanbaatar",', "new": '"Talks"'},
        {"do": "replace", "old": '"Talks"', "new": '"Talks again",'},
    )
    proc = timeline("edit", "2014-talks", "--data", str(mine), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "is not valid JSON: Expecting ',' delimiter at line 5, column 3" in seen(script)[1]
    event = load(mine).event("2014-talks")
    assert event is not None and event.title == "Talks again"


def test_edit_without_a_change_changes_nothing(
    timeline: Run, mine: Path, editor: tuple[dict[str, str], Path]
) -> None:
    env, script = editor
    before = mine.read_bytes()
    for step in ({"do": "keep"}, {"do": "empty"}, {"do": "replace", "old": "  ", "new": "    "}):
        steps(script, step)
        proc = timeline("edit", "2014-talks", "--data", str(mine), env=env)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == f"timeline: no change to event 2014-talks; {mine} was not changed\n"
        assert mine.read_bytes() == before


def test_edit_with_errors_then_quit_changes_nothing_and_keeps_what_was_saved(
    timeline: Run, mine: Path, editor: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, script = editor
    before = mine.read_bytes()
    steps(
        script,
        {"do": "replace", "old": '"category": "mediation"', "new": '"category": "sport"'},
        {"do": "keep"},
    )
    proc = timeline("edit", "2014-talks", "--data", str(mine), env={**env, "TMPDIR": str(tmp_path)})
    assert proc.returncode == 1
    message = one_line_error(proc)
    assert "saved with errors and then left as it was" in message
    kept = Path(message.rsplit(" ", 1)[-1])
    assert kept.exists() and '"category": "sport"' in kept.read_text(encoding="utf-8")
    assert mine.read_bytes() == before


def test_edit_refuses_a_new_id_and_an_editor_that_fails(
    timeline: Run, mine: Path, editor: tuple[dict[str, str], Path]
) -> None:
    env, script = editor
    before = mine.read_bytes()
    steps(
        script,
        {"do": "replace", "old": '"id": "2014-talks"', "new": '"id": "talks"'},
        {"do": "replace", "old": '"id": "talks"', "new": '"id": "2014-talks"'},
    )
    proc = timeline("edit", "2014-talks", "--data", str(mine), env=env)
    assert proc.returncode == 0, proc.stderr  # back to its id: no change
    assert "timeline mv 2014-talks NEW" in seen(script)[1]
    steps(script, {"do": "fail"})
    proc = timeline("edit", "2014-talks", "--data", str(mine), env=env)
    assert proc.returncode == 1
    assert "exited with status 3" in one_line_error(proc)
    assert mine.read_bytes() == before


def test_edit_actor_source_and_place(
    timeline: Run, mine: Path, editor: tuple[dict[str, str], Path]
) -> None:
    env, script = editor
    for ident, kind, old, new in (
        ("abe", "actor", '"name": "Shinzo Abe"', '"name": "Abe Shinzō"'),
        ("src-old", "source", '"title": "Undated page"', '"title": "An undated page"'),
        (
            "mongolia",
            "place",
            '"kind": "country"',
            '"kind": "country",\n  "aliases": ["Mongol Uls"]',
        ),
    ):
        steps(script, {"do": "replace", "old": old, "new": new})
        proc = timeline("edit", ident, "--kind", kind, "--data", str(mine), env=env)
        assert proc.returncode == 0, proc.stderr
    store = load(mine)
    assert store.actors["abe"].name == "Abe Shinzō"
    assert store.sources["src-old"].title == "An undated page"
    assert store.places["mongolia"].aliases == ("Mongol Uls",)
    valid_and_canonical(timeline, mine)


def test_edit_without_an_editor_off_a_terminal(timeline: Run, mine: Path) -> None:
    proc = timeline("edit", "2014-talks", "--data", str(mine), env={"EDITOR": "", "VISUAL": ""})
    assert proc.returncode == 2
    assert "set VISUAL or EDITOR" in one_line_error(proc)


def test_writes_keep_the_mode_and_leave_no_lock_file(timeline: Run, mine: Path) -> None:
    mine.chmod(0o640)
    for args in (["set", "2014-talks", "title=X"], ["mv", "2014-talks", "t"], ["rm", "t"]):
        assert timeline(*args, "--data", str(mine)).returncode == 0
    assert stat.S_IMODE(mine.stat().st_mode) == 0o640
    assert sorted(p.name for p in mine.parent.iterdir() if "mine" in p.name) == ["mine.json"]
