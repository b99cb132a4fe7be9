"""Renderers, checked as strings from a fixed-width console with colour off."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from mnktimeline.counts import event_counts
from mnktimeline.model import Store
from mnktimeline.query import Query, select
from mnktimeline.render import REGISTRY, Format, Options, formats, renderer
from mnktimeline.textmatch import terms

OPTS = Options(width=100, color=False)


def render(kind: str, fmt: Format, *args: object) -> str:
    return "".join(renderer(kind, fmt)(*args, opts=OPTS))


def test_every_registered_renderer_exists() -> None:
    for kind, table in REGISTRY.items():
        for fmt in table:
            assert callable(renderer(kind, fmt)), (kind, fmt)
    assert formats("events") == ["table", "plain", "json", "jsonl", "csv", "markdown"]


def test_table_shows_dates_at_their_precision(sample: Store) -> None:
    out = render("events", Format.table, select(sample, Query()), sample)
    for shown in (
        "15 Oct 1948",
        "2014 ",
        "Dec 2018",
        "2015–2016",
        "28–31 Oct 2013",
        "Dec 2017 – 2018",
    ):
        assert shown in out, shown
    assert "\x1b" not in out
    assert out.rstrip().endswith("11 events")


def test_table_prints_markup_and_escapes_literally(sample: Store) -> None:
    out = render(
        "events", Format.table, select(sample, Query(search=tuple(terms("markup")))), sample
    )
    assert "[bold]markup[/bold]" in out
    assert "\\x1b[31mred" in out
    assert "\x1b" not in out


def test_table_in_colour_still_keeps_store_escapes_inert(sample: Store) -> None:
    out = "".join(
        renderer("events", Format.table)(
            select(sample, Query(search=tuple(terms("markup")))),
            sample,
            opts=Options(width=100, color=True),
        )
    )
    assert "\x1b[" in out  # rich's own styling
    assert "\x1b[31mred" not in out


def test_the_chronology_draws_its_styles_as_rich_does(sample: Store) -> None:
    from rich.console import Console
    from rich.text import Text

    from mnktimeline.render.chronology import Styled

    runs = [("Date", "bold"), ("  ", None), ("15 Oct 1948\n", "cyan"), ("id\n", "dim")]
    runs += [("a  b", "bold dim"), ("", "magenta"), ("\n\nend", "italic"), ("\n", None)]
    ours, theirs = Styled(), Text(end="")
    for text, style in runs:
        ours.append(text, style)
        theirs.append(text, style)
    for color in (True, False):
        console = Console(
            file=io.StringIO(),
            width=40,
            force_terminal=color,
            no_color=not color,
            color_system="standard" if color else None,
        )
        console.print(theirs, soft_wrap=True, end="")
        assert isinstance(console.file, io.StringIO)
        assert ours.draw(color) == console.file.getvalue(), color


def test_the_chronology_is_drawn_without_rich_console(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from mnktimeline.cli.app import run\n"
        "code = run(['list', '--format', 'table', '--color', 'always'])\n"
        "assert code == 0, code\n"
        "assert 'rich.console' not in sys.modules and 'rich.text' not in sys.modules\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[1mDate, category\x1b[0m" in proc.stdout


def test_plain_is_one_tab_separated_line_per_event(sample: Store) -> None:
    out = render("events", Format.plain, select(sample, Query()), sample)
    lines = out.splitlines()
    assert len(lines) == 11
    assert (
        lines[0]
        == "1948-10-15\tMongolia recognises the DPRK\tMongolia; North Korea\tdiplomacy\t1948-recognition\thappened"
    )
    assert all(line.count("\t") == 5 for line in lines)
    assert "\x1b" not in out


def test_jsonl_is_one_event_per_line(sample: Store) -> None:
    out = render("events", Format.jsonl, select(sample, Query()), sample)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [e.id for e in select(sample, Query())]


def test_json_keeps_store_text_exactly(sample: Store) -> None:
    (ev,) = json.loads(
        render("events", Format.json, select(sample, Query(search=tuple(terms("markup")))), sample)
    )
    assert ev["title"] == "Title with [bold]markup[/bold] and \x1b[31mred\x1b[0m"


def test_json_writes_letters_not_escapes(sample: Store) -> None:
    out = render("events", Format.json, select(sample, Query(search=tuple(terms("tokyo")))), sample)
    assert "Khürelsükh" in out
    assert "\\u00fc" not in out


def test_csv_reads_back_to_the_same_events(sample: Store) -> None:
    events = select(sample, Query())
    out = render("events", Format.csv, events, sample)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["id"] for r in rows] == [e.id for e in events]
    talks = next(r for r in rows if r["id"] == "2014-talks")
    assert talks["sources"] == "src-a (para. 3); src-b"
    assert talks["actors"] == "North Korea; Mongolia"
    assert "\r\n" in out


def test_csv_defuses_spreadsheet_formulas(sample: Store) -> None:
    from mnktimeline.csvformat import guard as cell

    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell("@SUM") == "'@SUM"
    assert cell("plain") == "plain"


def test_markdown_groups_by_year_with_footnotes(sample: Store) -> None:
    out = render("events", Format.markdown, select(sample, Query(since=None)), sample)
    assert "\n## 2014\n" in out
    assert "- **23 May 2014**: Secret talks in Ulaanbaatar." in out
    assert (
        "[^1]: A. Author, “Article A”, Pub A, 20 Feb 2019, para. 1. <https://example.org/a>" in out
    )
    assert "\\[bold\\]markup\\[/bold\\]" in out


def test_show_lists_sources_quotes_and_notes(sample: Store) -> None:
    ev = sample.event("2014-talks")
    out = render("event", Format.table, ev, sample)
    assert "Secret talks in Ulaanbaatar" in out
    assert "Article A" in out and "para. 3" in out
    assert "The article says 21 May." in out
    plain = render("event", Format.plain, ev, sample)
    assert "note (disagreement): The article says 21 May. [src-a]" in plain


def test_actor_profile_shows_offices(sample: Store) -> None:
    out = render("profile", Format.table, [sample.actors["elbegdorj"]])
    assert "Tsakhiagiin Elbegdorj" in out
    assert "President of Mongolia (18 Jun 2009 – 10 Jul 2017)" in out


def test_actors_table_and_json(sample: Store) -> None:
    counts = event_counts(sample)
    rows = [(a, counts[a.id]) for a in sample.actors.values()]
    out = render("actors", Format.table, rows)
    assert "Ukhnaagiin Khürelsükh" in out
    data = json.loads(render("actors", Format.json, rows))
    assert {"id", "name", "aliases", "kind", "events"} <= set(data[0])


def test_json_is_the_same_with_the_json_module_or_msgspec(sample: Store) -> None:
    import sys

    import msgspec  # noqa: F401  (loaded: the renderer now takes msgspec's encoder)

    events = select(sample, Query())
    with_msgspec = render("events", Format.json, events, sample)
    saved = sys.modules.pop("msgspec")
    try:
        with_json = render("events", Format.json, events, sample)
    finally:
        sys.modules["msgspec"] = saved
    assert with_msgspec == with_json
    assert "\\u001b[31mred" in with_json  # the exact text, escaped as JSON escapes ESC


def test_inert_escapes_controls_bidi_separators_and_invisibles() -> None:
    from mnktimeline.textsafety import inert

    assert inert("a\x1b]8;;https://x\x07b") == "a\\x1b]8;;https://x\\x07b"
    assert inert("\x9b31m \x7f \x85") == "\\x9b31m \\x7f \\x85"
    assert inert("tab\there\nnew") == "tab\\x09here\\x0anew"
    for (
        ch
    ) in "\u061c\u200b\u200e\u200f\u2028\u2029\u202a\u202e\u2060\u2066\u2069\u206f\ufeff\ufff9":
        assert inert(ch) == f"\\u{ord(ch):04x}"
    assert inert("\udcff") == "\\udcff"  # an undecodable byte of a path or argument
    # Joiners that scripts and emoji need, and ordinary letters, stay as they are.
    for text in (
        "\u200c",
        "\u200d",
        "Khürelsükh",
        "김정은",
        "Монгол",
        "👩\u200d💻",
        "[bold]x[/bold]",
    ):
        assert inert(text) == text


def test_every_format_shows_qualifiers_status_places_and_relations(
    sample_doc: dict[str, object],
) -> None:
    import copy

    from mnktimeline.store import check_document

    doc = copy.deepcopy(sample_doc)
    events = {e["id"]: e for e in doc["events"]}  # type: ignore[attr-defined]
    events["2014-year"].update(date="2014~", status="announced", series="Talks")
    events["2014-talks"].update(
        part_of="2014-year", series="Talks", places=[{"place": "ulaanbaatar", "role": "proposed"}]
    )
    store, problems = check_document(doc, "x.json")
    assert store is not None, problems
    evs = select(store, Query())
    table = render("events", Format.table, evs, store)
    assert "c. 2014 (announced)" in table
    plain = render("events", Format.plain, evs, store).splitlines()
    assert any(line.startswith("2014~\t") and line.endswith("\tannounced") for line in plain)
    talks = store.event("2014-talks")
    shown = render("event", Format.plain, talks, store)
    assert "places: Ulaanbaatar (proposed venue)" in shown
    assert "part of: " in shown and "series: Talks" in shown
    record = json.loads(render("event", Format.json, talks, store))
    assert record["related"] == [
        {"id": "2014-year", "title": events["2014-year"]["title"], "relation": "part_of"}
    ]
    slides = json.loads(render("export", Format.timelinejs, evs, store))["events"]
    assert {s["display_date"] for s in slides} >= {"c. 2014 (announced)"}
    page = render("export", Format.html, evs, store)
    assert "c. 2014 (announced)" in page and "Ulaanbaatar (proposed venue)" in page
    rows = list(csv.DictReader(io.StringIO(render("events", Format.csv, evs, store))))
    by_id = {r["id"]: r for r in rows}
    assert (by_id["2014-year"]["date"], by_id["2014-year"]["status"]) == ("2014~", "announced")
    assert by_id["2014-talks"]["places"] == "Ulaanbaatar (proposed)"
    assert by_id["2014-talks"]["part_of"] == "2014-year"
    assert "**c. 2014 (announced)**" in render("events", Format.markdown, evs, store)
