"""End-to-end: the writing commands (init, add, import, fmt) through the installed CLI."""

from __future__ import annotations

import fcntl
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mnktimeline.store import bundled_store, load
from mnktimeline.write.canonical import canonical_text

from .conftest import SAMPLE, Run, timeline_exe
from .test_cli import one_line_error

ADD = (
    "--date",
    "2014-05-23",
    "--title",
    "Ri Yong-ho meets US experts in Ulaanbaatar",
    "--summary",
    "Talks by the lake.",
    "--actor",
    "North Korea",
    "--category",
    "mediation",
    "--source",
    "src-a",
)
DERIVED = "2014-05-23-ri-yong-ho-meets-us-experts-ulaanbaatar"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A copy of the sample store, valid but not in the canonical layout."""
    path = tmp_path / "mine.json"
    shutil.copy(SAMPLE, path)
    return path


def ids(path: Path) -> set[str]:
    return {e.id for e in load(path).events}


def canonical(path: Path) -> bool:
    return path.read_text(encoding="utf-8") == canonical_text(
        json.loads(path.read_text(encoding="utf-8"))
    )


# --- init --------------------------------------------------------------------------------


def test_init_writes_the_bundled_store_in_canonical_layout(timeline: Run, tmp_path: Path) -> None:
    proc = timeline("init", "my-events.json")
    assert proc.returncode == 0, proc.stderr
    target = tmp_path / "my-events.json"
    assert target.read_text(encoding="utf-8") == canonical_text(
        json.loads(bundled_store().read_text(encoding="utf-8"))
    )
    assert ids(target) == ids(bundled_store())
    assert "use it with --data my-events.json" in proc.stderr
    assert timeline("fmt", "--check", "my-events.json").returncode == 0


def test_init_refuses_an_existing_file_unless_forced(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    proc = timeline("init", str(mine))
    assert proc.returncode == 1
    assert "already exists; give --force" in one_line_error(proc)
    assert mine.read_bytes() == before
    assert timeline("init", str(mine), "--force").returncode == 0
    assert ids(mine) == ids(bundled_store())


def test_init_into_a_folder_or_a_missing_folder(timeline: Run, tmp_path: Path) -> None:
    assert "it is a folder" in one_line_error(timeline("init", str(tmp_path)))
    proc = timeline("init", str(tmp_path / "nope" / "x.json"))
    assert proc.returncode == 1
    assert "does not exist" in one_line_error(proc)


# --- add ---------------------------------------------------------------------------------


def test_add_prints_the_id_and_leaves_the_store_canonical(timeline: Run, mine: Path) -> None:
    old = ids(mine)
    proc = timeline(
        "add", *ADD, "--locator", "para. 2", "--quote", "We met.", "--tag", "track-2",
        "--place", "Ulaanbaatar", "--data", str(mine),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{DERIVED}\n"
    assert proc.stderr == f"timeline: added event {DERIVED} to {mine}\n"
    assert ids(mine) == old | {DERIVED}
    assert canonical(mine)
    shown = json.loads(timeline("show", DERIVED, "--json", "--data", str(mine)).stdout)
    assert shown["actors"] == [{"id": "north-korea", "name": "North Korea"}]
    assert shown["sources"][0]["locator"] == "para. 2"
    assert shown["sources"][0]["quote"] == "We met."
    assert (shown["tags"], shown["places"]) == (
        ["track-2"],
        [{"id": "ulaanbaatar", "name": "Ulaanbaatar", "role": "venue"}],
    )
    again = timeline("add", *ADD, env={"MNKTIMELINE_DATA": str(mine)})
    assert again.stdout == f"{DERIVED}-2\n"


def test_dry_run_prints_the_diff_and_writes_nothing(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    proc = timeline("add", *ADD, "--id", "my-id", "--dry-run", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == [f"--- {mine}", f"+++ {mine}"]  # an absolute path, as it is
    added = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
    assert '      "id": "my-id",' in added
    assert not [line for line in lines if line.startswith("-") and not line.startswith("---")]
    assert "dry run" in proc.stderr
    assert "not in the canonical layout" in proc.stderr  # the sample is not, and the write would be
    assert mine.read_bytes() == before
    assert sorted(p.name for p in mine.parent.iterdir() if p.name.startswith("mine")) == [
        "mine.json"
    ]


def test_an_unknown_actor_needs_new_actor(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    args = [*ADD, "--actor", "Ri Yong-ho", "--data", str(mine)]
    proc = timeline("add", *args)
    assert proc.returncode == 1
    assert "no actor is called 'Ri Yong-ho'" in one_line_error(proc)
    assert "--new-actor" in proc.stderr
    assert mine.read_bytes() == before
    proc = timeline("add", *args, "--new-actor", "name=Ri Yong-ho,kind=person,country=PRK")
    assert proc.returncode == 0, proc.stderr
    store = load(mine)
    assert store.actors["ri-yong-ho"].country == "PRK"
    event = store.event(DERIVED)
    assert event is not None and event.actors == ("north-korea", "ri-yong-ho")


def test_an_ambiguous_actor_is_an_error_for_add(timeline: Run, mine: Path) -> None:
    proc = timeline("add", *ADD, "--actor", "Kim", "--data", str(mine))
    assert proc.returncode == 1
    assert "'Kim' fits 2 actors: Kim Il Sung (kim-il-sung), Kim Jong Un (kim-jong-un)" in (
        one_line_error(proc)
    )


def test_a_new_source(timeline: Run, mine: Path) -> None:
    args = [a for a in ADD if a not in ("--source", "src-a")]
    proc = timeline(
        "add", *args, "--new-source",
        "title=Envoy confirms meeting, says Yonhap,publisher=Yonhap,published=2014-05-26,"
        "url=https://example.org/yonhap",
        "--data", str(mine),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    store = load(mine)
    (source,) = (s for s in store.sources.values() if s.url == "https://example.org/yonhap")
    assert (source.id, source.publisher) == ("yonhap-2014-05-26", "Yonhap")
    event = store.event(DERIVED)
    assert event is not None and event.sources[0].source == source.id


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (
            ["--title", "x"],
            2,
            "missing --date, --summary, --category, --actor, --source; give them",
        ),
        ([*ADD[:-2]], 2, "missing --source; give it as an option"),
        ([*ADD, "--date", "31 Feb 2014"], 2, "--date: '31 Feb 2014' is not a real date"),
        ([*ADD, "--date", "05/06/2014"], 2, "could be read day-first or month-first"),
        ([*ADD, "--category", "sport"], 2, "'sport' is not a category; use one of: diplomacy"),
        ([*ADD, "--source", "src-q"], 1, "field 'source' refers to source 'src-q'"),
        ([*ADD, "--id", "2014-talks"], 1, "the id '2014-talks' is already in the store"),
        ([*ADD, "--date", "2024"], 1, "is after the publication date of every source"),
    ],
)
def test_add_mistakes(timeline: Run, mine: Path, args: list[str], code: int, fragment: str) -> None:
    before = mine.read_bytes()
    proc = timeline("add", *args, "--data", str(mine), input="")
    assert proc.returncode == code, proc.stderr
    assert fragment in one_line_error(proc)
    assert mine.read_bytes() == before


# --- the store is protected --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["add", *ADD], ["add", *ADD, "--dry-run"], ["import", "x.csv"], ["fmt"], ["fmt", "--check"]],
)
def test_the_bundled_store_is_never_written(timeline: Run, args: list[str]) -> None:
    before = bundled_store().read_bytes()
    proc = timeline(*args)
    assert proc.returncode == 2
    assert "give --data PATH or set MNKTIMELINE_DATA" in one_line_error(proc)
    assert "timeline init my-events.json" in proc.stderr
    assert bundled_store().read_bytes() == before


def test_a_read_only_store(timeline: Run, mine: Path) -> None:
    mine.chmod(0o444)
    before = mine.read_bytes()
    for args in (["add", *ADD], ["fmt"]):
        proc = timeline(*args, "--data", str(mine))
        assert proc.returncode == 1
        assert "the file is read-only" in one_line_error(proc)
    assert mine.read_bytes() == before


def test_a_store_replaced_by_a_folder(timeline: Run, mine: Path) -> None:
    mine.unlink()
    mine.mkdir()
    proc = timeline("add", *ADD, "--data", str(mine))
    assert proc.returncode == 1
    assert "is a folder" in one_line_error(proc)
    assert list(mine.iterdir()) == []
    assert "is a folder, not a store file" in one_line_error(timeline("fmt", str(mine)))


def test_a_store_that_does_not_validate_is_not_written(timeline: Run, mine: Path) -> None:
    doc = json.loads(mine.read_text(encoding="utf-8"))
    doc["events"][3]["date"] = "2014-13"
    doc["events"][5]["actors"] = ["nobody"]
    mine.write_text(json.dumps(doc), encoding="utf-8")
    before = mine.read_bytes()
    proc = timeline("add", *ADD, "--data", str(mine))
    assert proc.returncode == 1
    assert "'2014-13' has month 13" in one_line_error(proc)
    assert "timeline validate" in proc.stderr
    fmt = timeline("fmt", str(mine))
    assert fmt.returncode == 1
    lines = fmt.stderr.strip().splitlines()
    assert f"{mine}: events[3] '2014-talks': field 'date': '2014-13' has month 13" in lines[0]
    assert "refers to actor 'nobody'" in lines[1]
    assert lines[2] == f"timeline: error: {mine} was not formatted: it has 2 errors, listed above"
    imp = timeline("import", str(SAMPLE), "--data", str(mine))
    assert imp.returncode == 1
    assert mine.read_bytes() == before


def test_add_takes_dates_as_the_filters_do(timeline: Run, mine: Path) -> None:
    args = ADD[2:]  # all but the date
    proc = timeline("add", "--date", "May 2014", *args, "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "2014-05-ri-yong-ho-meets-us-experts-ulaanbaatar\n"
    event = load(mine).event("2014-05-ri-yong-ho-meets-us-experts-ulaanbaatar")
    assert event is not None and event.date.text == "2014-05"
    proc = timeline("add", "--date", "23 May 2014", *args, "--id", "x", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    event = load(mine).event("x")
    assert event is not None and event.date.text == "2014-05-23"


def test_add_prints_the_ids_of_the_records_it_makes(timeline: Run, mine: Path) -> None:
    args = [a for a in ADD if a not in ("--source", "src-a")]
    proc = timeline(
        "add", *args, "--new-actor", "name=Ri Yong-ho,kind=person",
        "--new-source", "title=Montsame report,publisher=Montsame,published=16 Jul 2024",
        "--date", "2024-07-16", "--data", str(mine),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    event = "2024-07-16-ri-yong-ho-meets-us-experts-ulaanbaatar"
    assert proc.stdout.splitlines() == [event, "ri-yong-ho", "montsame-2024-07-16"]
    assert proc.stderr == (
        f"timeline: added event {event}, actor ri-yong-ho and source montsame-2024-07-16 "
        f"to {mine}\n"
    )
    assert load(mine).sources["montsame-2024-07-16"].published is not None


def test_a_held_lock_is_a_clear_message(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    fd = os.open(mine, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        started = time.monotonic()
        proc = timeline("add", *ADD, "--data", str(mine))
        waited = time.monotonic() - started
    finally:
        os.close(fd)
    assert proc.returncode == 1
    assert "is being changed by another timeline command" in one_line_error(proc)
    assert "did not finish within 5 seconds" in proc.stderr
    assert 4.5 < waited < 30
    assert mine.read_bytes() == before


# --- import ------------------------------------------------------------------------------


def empty_store(tmp_path: Path, name: str = "target.json") -> Path:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["events"] = []
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_the_csv_export_round_trips(timeline: Run, tmp_path: Path) -> None:
    exported = timeline("list", "-f", "csv", "--data", str(SAMPLE))
    (tmp_path / "x.csv").write_text(exported.stdout, encoding="utf-8", newline="")
    target = empty_store(tmp_path)
    proc = timeline("import", "x.csv", "--data", str(target))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"timeline: imported 11 events into {target}\n"
    assert ids(target) == ids(SAMPLE)
    assert canonical(target)
    again = timeline("list", "-f", "csv", "--data", str(target))
    # the CSV carries neither quotations nor the sources of notes, so it reads back equal
    assert again.stdout == exported.stdout


def test_json_imports_in_both_shapes(timeline: Run, tmp_path: Path) -> None:
    exported = timeline("list", "--json", "--data", str(SAMPLE)).stdout
    target = empty_store(tmp_path)
    proc = subprocess.run(
        [timeline_exe(), "import", "-", "--data", str(target)],
        input=exported,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert load(target).events == tuple(
        sorted(load(SAMPLE).events, key=lambda e: (e.date.start, e.date.end, e.id))
    )
    store_shape = tmp_path / "events.json"
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    store_shape.write_text(json.dumps(doc["events"]), encoding="utf-8")
    second = empty_store(tmp_path, "second.json")
    assert timeline("import", str(store_shape), "--data", str(second)).returncode == 0
    assert load(second).events == load(target).events


def test_a_bad_file_lists_every_bad_row_and_imports_nothing(timeline: Run, mine: Path) -> None:
    (mine.parent / "bad.csv").write_text(
        "date,title,summary,category,actors,sources\n"
        "2019,Fine,A fine row.,economy,Mongolia,src-a\n"
        "2019-02-30,Bad day,x,economy,Mongolia,src-a\n"
        "2019,Bad actor,x,economy,Zzyzx,src-a\n"
        "2019,Bad source,x,economy,Mongolia,src-zz\n",
        encoding="utf-8",
    )
    before = mine.read_bytes()
    proc = timeline("import", "bad.csv", "--data", str(mine))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert [line.split(":")[1].strip() for line in lines[:-1]] == ["line 3", "line 4", "line 5"]
    assert "'2019-02-30' does not exist" in lines[0]
    assert "no actor is called 'Zzyzx'" in lines[1]
    assert "refers to source 'src-zz'" in lines[2]
    assert lines[-1] == (
        f"timeline: error: bad.csv: 3 of 4 rows rejected (listed above); "
        f"nothing was imported into {mine}"
    )
    assert mine.read_bytes() == before
    (mine.parent / "bad.json").write_text('[{"id": "x", "date": "2019"}, 3]', encoding="utf-8")
    proc = timeline("import", "bad.json", "--data", str(mine))
    assert proc.returncode == 1
    assert "bad.json: item 0: field 'title' is missing" in proc.stderr
    assert "bad.json: item 1: must be a JSON object" in proc.stderr
    assert mine.read_bytes() == before


def test_importing_ids_already_in_the_store_is_refused(timeline: Run, mine: Path) -> None:
    before = mine.read_bytes()
    proc = timeline("import", str(SAMPLE), "--data", str(mine))
    assert proc.returncode == 1
    assert proc.stderr.count("is already in the store") == 11
    assert mine.read_bytes() == before


def test_import_file_mistakes(timeline: Run, mine: Path) -> None:
    assert "no such file" in one_line_error(timeline("import", "nope.csv", "--data", str(mine)))
    (mine.parent / "latin1.csv").write_bytes("date,title\n2019,Caf\xe9\n".encode("latin-1"))
    proc = timeline("import", "latin1.csv", "--data", str(mine))
    assert "is not UTF-8 text" in one_line_error(proc)


# --- fmt ---------------------------------------------------------------------------------


def test_fmt_and_fmt_check(timeline: Run, mine: Path) -> None:
    proc = timeline("fmt", "--check", str(mine))
    assert proc.returncode == 1
    assert "is not in the canonical layout (it first differs at line" in one_line_error(proc)
    before = mine.read_bytes()
    assert mine.read_bytes() == before
    proc = timeline("fmt", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"timeline: formatted {mine}\n"
    assert canonical(mine)
    assert load(mine).events == tuple(
        sorted(load(SAMPLE).events, key=lambda e: (e.date.start, e.date.end, e.id))
    )
    proc = timeline("fmt", "--check", env={"MNKTIMELINE_DATA": str(mine)})
    assert (proc.returncode, proc.stderr) == (0, f"timeline: {mine} is in the canonical layout\n")
    assert timeline("fmt", str(mine)).returncode == 0


@pytest.mark.parametrize("command", ["init", "add", "import", "fmt"])
def test_write_help_shows_a_real_example(timeline: Run, command: str) -> None:
    proc = timeline(command, "--help", env={"COLUMNS": "120"})
    assert proc.returncode == 0
    assert f"timeline {command} " in proc.stdout.replace("\n", " ")


# --- on a terminal -----------------------------------------------------------------------


class Terminal:
    """The installed ``timeline`` with stdin, stdout and stderr on a pseudo-terminal."""

    def __init__(self, *args: str) -> None:
        self.master, slave = os.openpty()
        env = {k: v for k, v in os.environ.items() if k != "MNKTIMELINE_DATA"}
        env.update(TERM="dumb", COLUMNS="100")
        self.proc = subprocess.Popen(
            [timeline_exe(), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"never saw {text!r}; saw {self.seen!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"the command ended before {text!r}; saw {self.seen!r}"
                self.seen += chunk.decode("utf-8", errors="replace")
        self.seen = self.seen[self.seen.index(text) + len(text) :]

    def answer(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8") + b"\n")

    def finish(self) -> int:
        code = self.proc.wait(timeout=30)
        os.close(self.master)
        return code


def test_add_asks_for_missing_fields_on_a_terminal(mine: Path) -> None:
    term = Terminal("add", "--data", str(mine), "--summary", "Asked for on a terminal.")
    try:
        term.expect("Date (2014, 2014-05, 2014-05-23, May 2014, 23 May 2014 or START/END): ")
        term.answer("2014-13")
        term.expect("month 13")
        term.expect("Date")
        term.answer("23 May 2014")
        term.expect("Title: ")
        term.answer("Talks by the lake")
        term.expect("Category (")
        term.answer("Mediation")
        term.expect("Actors (names or ids, separated by ;): ")
        term.answer("Kim")
        term.expect("fits 2 actors")
        term.expect("Actors")
        term.answer("Kim Jong Un; Mongolia")
        term.expect("Source (its id, or words of its title; 'new' to describe one): ")
        term.answer("src-q")
        term.expect("did you mean 'src-b', 'src-a', 'src-old'?")
        term.expect("Source")
        term.answer("article")  # words of the title of src-a, "Article A"
        term.expect("2014-05-23-talks-lake")
    finally:
        code = term.finish()
    assert code == 0
    event = load(mine).event("2014-05-23-talks-lake")
    assert event is not None
    assert event.actors == ("kim-jong-un", "mongolia")
    assert (event.category, event.summary) == ("mediation", "Asked for on a terminal.")
    assert event.sources[0].source == "src-a"
    assert canonical(mine)


def test_a_refused_answer_is_asked_again_and_the_others_are_kept(mine: Path) -> None:
    # Every field given but the date, which the prompt takes as "Sep 2024": after the
    # latest source, a problem only the whole check finds. Only the date is asked again.
    args = [*ADD[2:], "--data", str(mine)]
    term = Terminal("add", *args)
    try:
        term.expect("Date (")
        term.answer("Sep 2024")
        term.expect("is after the publication date of every source it cites (latest 2019-02-20)")
        term.expect("Date (")
        term.answer("2014-05-23")
        term.expect(DERIVED)
    finally:
        code = term.finish()
    assert code == 0
    event = load(mine).event(DERIVED)
    assert event is not None and event.title == "Ri Yong-ho meets US experts in Ulaanbaatar"
    assert "Title" not in term.seen and "Summary" not in term.seen


def test_a_source_is_created_from_the_prompt_and_its_id_reported(mine: Path) -> None:
    args = [*ADD[:-2], "--data", str(mine)]  # no --source
    term = Terminal("add", *args)
    try:
        term.expect("Source (")
        term.answer("new")
        term.expect("Title: ")
        term.answer("Envoy meets experts")
        term.expect("Author: ")
        term.answer("")
        term.expect("Publisher: ")
        term.answer("Montsame")
        term.expect("Published (a date): ")
        term.answer("Jul 2014")
        term.expect("URL (https://...): ")
        term.answer("https://example.org/montsame")
        term.expect(DERIVED)
        term.expect("montsame-2014-07")
        term.expect(f"added event {DERIVED} and source montsame-2014-07")
    finally:
        code = term.finish()
    assert code == 0
    store = load(mine)
    source = store.sources["montsame-2014-07"]
    assert (source.publisher, source.published and source.published.text) == ("Montsame", "2014-07")
    event = store.event(DERIVED)
    assert event is not None and event.sources[0].source == "montsame-2014-07"


# --- a store on a full disk --------------------------------------------------------------


def _limited(max_bytes: int) -> Callable[[], None]:
    """A preexec_fn that caps the size of any file the child writes (RLIMIT_FSIZE), the
    way a full disk stops a write part-way; SIGXFSZ is ignored so the write fails with an
    error the command must report."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def test_a_write_cut_short_leaves_the_store_as_it_was(mine: Path) -> None:
    before = mine.read_bytes()
    for args in (["add", *ADD], ["fmt"]):
        proc = subprocess.run(
            [timeline_exe(), *args, "--data", str(mine)],
            capture_output=True,
            text=True,
            preexec_fn=_limited(len(before) // 2),
            cwd=mine.parent,
        )
        assert proc.returncode == 1, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert mine.read_bytes() == before, args
        assert [p.name for p in mine.parent.iterdir() if p.suffix == ".tmp"] == []


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 256 KiB tmpfs (needs root and mount; skipped where they are missing)."""
    folder = tmp_path / "small"
    folder.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {proc.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_store_on_a_full_disk_is_an_error_and_stays_as_it_was(
    timeline: Run, full_disk: Path
) -> None:
    store = full_disk / "events.json"
    shutil.copy(SAMPLE, store)
    subprocess.run([timeline_exe(), "fmt", str(store)], check=True, capture_output=True)
    before = store.read_bytes()
    fd = os.open(full_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last block
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    proc = timeline("add", *ADD, "--data", str(store))
    assert proc.returncode == 1
    assert "No space left on device" in one_line_error(proc)
    assert store.read_bytes() == before
    assert sorted(
        p.name for p in full_disk.iterdir() if not p.name.startswith("events.json.lock")
    ) == [
        "events.json",
        "filler",
    ]


# --- JSON imports that the json module would misread ----------------------------------------


def test_a_json_import_with_a_key_given_twice_or_a_huge_number(timeline: Run, mine: Path) -> None:
    row = {
        "date": "2019",
        "summary": "A row.",
        "category": "economy",
        "actors": ["mongolia"],
        "sources": [{"source": "src-a"}],
    }
    text = json.dumps([row])
    twice = text.replace('"date"', '"title": "First", "title": "Second", "date"', 1)
    (mine.parent / "twice.json").write_text(twice, encoding="utf-8")
    huge = text.replace('"date"', f'"title": {"9" * 5000}, "date"', 1)
    (mine.parent / "huge.json").write_text(huge, encoding="utf-8")
    (mine.parent / "top.json").write_text('{"events": [], "events": []}', encoding="utf-8")
    before = mine.read_bytes()
    proc = timeline("import", "twice.json", "--data", str(mine))
    assert proc.returncode == 1
    assert "twice.json: item 0: the key 'title' is given more than once" in proc.stderr
    proc = timeline("import", "huge.json", "--data", str(mine))
    assert proc.returncode == 1
    assert "huge.json: item 0: field 'title' must be text, not a number" in proc.stderr
    assert "internal error" not in proc.stderr
    proc = timeline("import", "top.json", "--data", str(mine))
    assert "the key 'events' is given more than once at the top" in one_line_error(proc)
    assert mine.read_bytes() == before


def test_import_prints_the_ids_it_made(timeline: Run, mine: Path) -> None:
    (mine.parent / "new.csv").write_text(
        "date,title,summary,category,actors,sources\n"
        "2019,First new,A row.,economy,Mongolia,src-a\n2019,Second new,A row.,economy,Mongolia,src-a\n",
        encoding="utf-8",
    )
    proc = timeline("import", "new.csv", "--data", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "2019-first-new\n2019-second-new\n"


def test_end_of_input_at_a_prompt_is_one_sentence_and_exit_1(mine: Path) -> None:
    before = mine.read_bytes()
    term = Terminal("add", "--data", str(mine), "--summary", "Never finished.")
    try:
        term.expect("Date (")
        term.answer("23 May 2014")
        term.expect("Title: ")
        os.write(term.master, b"\x04")  # Ctrl-D on an empty line: the end of input
        term.expect(
            "timeline: error: the input ended (Ctrl-D) before every question was answered; "
            "nothing was changed"
        )
    finally:
        code = term.finish()
    assert code == 1
    assert "interrupted" not in term.seen
    assert mine.read_bytes() == before
