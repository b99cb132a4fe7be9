"""End-to-end: the installed ``timeline`` run as a subprocess, the way users and scripts do."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLE, Run, timeline_exe


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_list_since_2013_on_the_bundled_store(timeline: Run) -> None:
    proc = timeline("list", "--since", "2013")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert "\x1b" not in proc.stdout  # a pipe gets plain text
    for line in proc.stdout.splitlines():
        date, _title, _actors, _category, _id, _status = line.split("\t")
        assert date[:4] >= "2013" or "/" in date


def test_json_is_one_document_for_scripts(timeline: Run) -> None:
    proc = timeline("list", "--since", "2013", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and data
    assert all(e["end"] >= "2013-01-01" for e in data)
    assert proc.stderr == ""


def test_actor_elbegdorj(timeline: Run) -> None:
    proc = timeline("actor", "Elbegdorj", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data and all("elbegdorj" in {a["id"] for a in e["actors"]} for e in data)


def test_actor_table_has_a_profile_above_the_events(timeline: Run) -> None:
    proc = timeline(
        "actor", "elbegdorj", "--format", "table", "--data", str(SAMPLE), env={"COLUMNS": "100"}
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.index("President of Mongolia") < out.index("Elbegdorj's state visit")
    assert "\x1b" not in out


def test_an_ambiguous_name_says_which_actors_it_fits(timeline: Run) -> None:
    proc = timeline("actor", "Kim", "--data", str(SAMPLE))
    assert proc.returncode == 0
    assert "'Kim' fits 2 actors (Kim Il Sung, Kim Jong Un)" in proc.stderr
    assert {line.split("\t")[4] for line in proc.stdout.splitlines()} == {
        "1956-kim-visit",
        "2018-10-letter",
    }


def test_data_option_wins_over_the_environment(timeline: Run, tmp_path: Path) -> None:
    env = {"MNKTIMELINE_DATA": str(tmp_path / "missing.json")}
    assert timeline("list", "--data", str(SAMPLE), env=env).returncode == 0
    proc = timeline("list", env=env)
    assert proc.returncode == 1
    assert "missing.json: no such file" in one_line_error(proc)
    proc = timeline("list", "--json", env={"MNKTIMELINE_DATA": str(SAMPLE)})
    assert len(json.loads(proc.stdout)) == 11


def test_nothing_matching_is_an_empty_array_and_success(timeline: Run) -> None:
    proc = timeline("list", "--since", "2090", "--json")
    assert (proc.returncode, proc.stdout) == (0, "[]\n")


def test_version_and_python_m(timeline: Run) -> None:
    proc = timeline("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("timeline ")
    proc2 = subprocess.run(
        [sys.executable, "-m", "mnktimeline", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc2.stdout == proc.stdout


@pytest.mark.parametrize("command", ["list", "actor", "actors", "show", "validate"])
def test_help_shows_a_real_example(timeline: Run, command: str) -> None:
    proc = timeline(command, "--help", env={"COLUMNS": "120"})
    assert proc.returncode == 0
    assert f"timeline {command} " in proc.stdout.replace("\n", " ")


def test_formats(timeline: Run) -> None:
    d = ("--data", str(SAMPLE))
    assert timeline("list", "-f", "jsonl", *d).stdout.count("\n") == 11
    assert timeline("list", "-f", "csv", *d).stdout.startswith("id,date,start,end,status,title")
    assert timeline("list", "-f", "markdown", *d).stdout.startswith("# Chronology")
    table = timeline("list", "-f", "table", *d, env={"COLUMNS": "120"}).stdout
    assert "28–31 Oct 2013" in table and "[bold]markup[/bold]" in table and "\x1b" not in table
    assert timeline("show", "2014-talks", "--json", *d).stdout.startswith("{")
    actors = json.loads(timeline("actors", "--json", *d).stdout)
    assert {"id", "name", "aliases", "kind", "events"} <= set(actors[0])


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["list", "--since", "not-a-date"], 2, "'not-a-date' is not a date I can read"),
        (["list", "--since", "2014-02-30"], 2, "'2014-02-30' does not exist"),
        (["list", "--since", "2019", "--until", "2018"], 2, "--since 2019 is after --until 2018"),
        (["list", "--on", "2014", "--since", "2013"], 2, "--on cannot be combined"),
        (["list", "--format", "xml"], 2, "'xml' is not a format here; use one of: table, plain"),
        (["list", "--limit", "-1"], 2, "--limit -1 is negative; give 0 or more"),
        (["list", "--category", "sport"], 2, "'sport' is not a category (use one of: diplomacy"),
        (["list", "--bogus"], 2, "no such option: --bogus"),
        (
            ["actor", "Elbegdorg"],
            1,
            "no actor is called 'Elbegdorg'; did you mean 'Tsakhiagiin Elbegdorj'?",
        ),
        (["list", "--actor", "zzzz"], 1, "no actor is called 'zzzz'"),
        (["list", "--country", "Narnia"], 1, "no country 'Narnia' in the store"),
        (["show", "no-such-event"], 1, "no event has the id 'no-such-event'"),
        (["nonsense"], 2, "No such command 'nonsense'"),
        (["list", "--since", "05-06-2014"], 2, "'05-06-2014' could be read day-first or month"),
        (["list", "--until", "05 06 2014"], 2, "'05 06 2014' could be read day-first or month"),
        (["list", "--on", "5-6-14"], 2, "'5-6-14' could be read day-first or month-first"),
        (["stats", "--since", "1 2 2014"], 2, "'1 2 2014' could be read day-first or month"),
        (["list", "--since", "2014.05"], 2, "'2014.05' is not a date I can read; try 2014,"),
        (["list", "--until", "-2014"], 2, "'-2014' is not a date I can read; try 2014,"),
        (["list", "--search", "..."], 2, "--search '...' holds no word to look for"),
        (["sources", "--search", "!?"], 2, "--search '!?' holds no word to look for"),
    ],
)
def test_user_mistakes_get_one_sentence_and_the_right_code(
    timeline: Run, args: list[str], code: int, fragment: str
) -> None:
    proc = timeline(*args, "--data", str(SAMPLE)) if args[0] != "nonsense" else timeline(*args)
    assert proc.returncode == code, proc.stderr
    assert fragment in one_line_error(proc)
    assert proc.stdout == ""


def test_a_broken_store_is_an_error_naming_file_record_and_field(
    timeline: Run, tmp_path: Path
) -> None:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["events"][3]["date"] = "2014-13"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    proc = timeline("list", "--data", str(bad))
    assert proc.returncode == 1
    assert f"{bad}: events[3] '2014-talks': field 'date': '2014-13' has month 13" in one_line_error(
        proc
    )


def test_validate_lists_every_problem(timeline: Run, tmp_path: Path) -> None:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["events"][0]["date"] = "2014-13"
    doc["events"][1]["actors"] = ["nobody"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    proc = timeline("validate", str(bad))
    assert proc.returncode == 1
    assert "events[0] '1948-recognition': field 'date'" in proc.stdout
    assert "events[1] '1956-kim-visit': field 'actors' refers to actor 'nobody'" in proc.stdout
    assert "2 errors, 2 warnings" in proc.stderr
    ok = timeline("validate", str(SAMPLE))
    assert ok.returncode == 0
    assert "valid: 11 events" in ok.stderr
    as_json = json.loads(timeline("validate", str(bad), "--json").stdout)
    assert {p["severity"] for p in as_json} == {"error", "warning"}


def _big_store(tmp_path: Path, n: int = 5000) -> Path:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    base = doc["events"][0]
    doc["events"] = [
        dict(base, id=f"ev-{i:05d}", title=f"Event number {i} " + "x" * 80) for i in range(n)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "jsonl", "plain", "csv", "markdown", "table"])
def test_quiet_when_the_reader_of_the_pipe_stops_early(tmp_path: Path, fmt: str) -> None:
    big = _big_store(tmp_path)
    proc = subprocess.run(
        f"'{timeline_exe()}' list --data '{big}' --format {fmt} | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}} >&2",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in proc.stderr
    assert "Exception ignored" not in proc.stderr
    assert proc.stderr.strip() in {"0", "141"}


def test_a_full_disk_is_a_short_message(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [timeline_exe(), "list", "--json", "--data", str(SAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert proc.returncode == 1
    assert "cannot write the output (No space left on device)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_closed_stdout_is_a_short_message() -> None:
    proc = subprocess.run(
        f"'{timeline_exe()}' list --data '{SAMPLE}' >&-",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "standard output is closed" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    fifo = tmp_path / "store.fifo"
    os.mkfifo(fifo)  # opening it blocks until a writer comes: a command caught mid-read
    proc = subprocess.Popen(
        [timeline_exe(), "list", "--data", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.strip() == "timeline: interrupted"


LAZY = """
import sys
from mnktimeline.cli.app import run
code = run({args!r})
bad = [m for m in ("rich", "dateutil") if m in sys.modules]
sys.stderr.write(repr(bad))
raise SystemExit(code)
"""


def test_the_json_path_imports_neither_rich_nor_dateutil() -> None:
    args = ["list", "--since", "2013", "--json", "--data", str(SAMPLE)]
    proc = subprocess.run(
        [sys.executable, "-c", LAZY.format(args=args)], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stderr.endswith("[]")


def test_help_does_not_load_the_store() -> None:
    script = (
        "import mnktimeline.store as s\n"
        "def boom(*a, **k): raise SystemExit('store loaded')\n"
        "s.load = boom; s.check = boom\n"
        "from mnktimeline.cli.app import run\n"
        "raise SystemExit(run(['list', '--help']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "store loaded" not in proc.stderr


def test_a_bug_ends_in_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mnktimeline.cli import app as cli

    def broken(argv: list[str] | None = None) -> int:
        raise RuntimeError("secret local state")

    monkeypatch.setattr(cli, "run", broken)
    monkeypatch.delenv("MNKTIMELINE_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("timeline: internal error: RuntimeError")
    assert "Traceback" not in err


def test_sources_lists_the_bibliography_with_counts(timeline: Run) -> None:
    data = json.loads(timeline("sources", "--json", "--data", str(SAMPLE)).stdout)
    counts = {s["id"]: s["events"] for s in data}
    assert counts == {"src-a": 11, "src-b": 1, "src-old": 0}
    md = timeline("sources", "--format", "markdown", "--data", str(SAMPLE)).stdout
    assert md.startswith("# Sources\n")
    # The reference list reads in the order it is sorted: by what each entry shows first.
    assert md.splitlines()[2:] == [
        "- A. Author. 2019. “Article A.” Pub A, 20 Feb 2019. <https://example.org/a>.",
        "- Pub B. 2014. “Report B.” May 2014. Copy on A blog, May 2014. <https://example.org/b>.",
        "- “Undated page.” n.d. <https://example.org/old>.",
    ]


def test_validate_checks_quotations_against_source_texts(timeline: Run, tmp_path: Path) -> None:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["events"][0]["sources"][0]["quote"] = "a sentence that is not there"
    store = tmp_path / "q.json"
    store.write_text(json.dumps(doc), encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src-a.txt").write_text("Only this sentence is there.", encoding="utf-8")
    unchecked = timeline("validate", str(store))
    assert unchecked.returncode == 0  # without texts, nothing to compare; it says so
    assert "its 1 quotation was not checked (give --texts DIR" in unchecked.stderr
    proc = timeline("validate", str(store), "--texts", str(texts))
    assert proc.returncode == 1
    assert "field 'quote' is not in src-a.txt: 'a sentence that is not there'" in proc.stdout
    proc = timeline("validate", str(store), "--texts", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert "is not a folder" in one_line_error(proc)


OTHER_TOOLS = [
    ("--after", "--since"),
    ("--before", "--until"),
    ("--grep", "--search"),
    ("--head", "--limit"),
    ("-n", "--limit"),
    ("--sinse", "--since"),  # a typo
    ("--catgory", "--category"),
]


@pytest.mark.parametrize(("typed", "ours"), OTHER_TOOLS)
def test_an_option_of_other_tools_is_mapped_to_ours(timeline: Run, typed: str, ours: str) -> None:
    proc = timeline("list", typed, "2014")
    assert proc.returncode == 2
    assert proc.stderr == (
        f"timeline: error: no such option: {typed}; did you mean {ours}? "
        "(see 'timeline list --help')\n"
    )


def test_an_option_with_nothing_like_it_gets_no_guess(timeline: Run) -> None:
    proc = timeline("actors", "--before", "2014")  # actors has no --until
    assert (
        proc.stderr == "timeline: error: no such option: --before (see 'timeline actors --help')\n"
    )
