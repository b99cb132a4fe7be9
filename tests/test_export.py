"""`timeline export`: the HTML page, TimelineJS, Markdown and CSV, pure and end to end."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.model import Store
from mnktimeline.query import Query, select
from mnktimeline.render import Format, Options, formats, renderer
from mnktimeline.render.htmltext import web_url
from mnktimeline.store import load
from mnktimeline.textmatch import terms

from .conftest import REPO, SAMPLE, Run

HOSTILE_TITLE = (
    '</script><script>document.title="pwned"</script><b>bold</b> & '
    '<img src=x onerror="document.body.dataset.pwned=1">'
)


def export(fmt: Format, store: Store, **query: Any) -> str:
    evs = select(store, Query(**query))
    return "".join(renderer("export", fmt)(evs, store, opts=Options()))


@pytest.fixture
def hostile(doc: dict[str, Any], write_store: Callable[[Any], Path]) -> Path:
    """The sample store with HTML in a title, a summary, a place and a source title."""
    ev = next(e for e in doc["events"] if e["id"] == "2014-talks")
    ev["title"] = HOSTILE_TITLE
    ev["summary"] = "Summary with <i>tags</i> & an ampersand."
    next(p for p in doc["places"] if p["id"] == "ulaanbaatar")["name"] = "<u>Ulaanbaatar</u>"
    doc["sources"][1]["title"] = 'Report "B" <script>alert(1)</script>'
    return write_store(doc)


def test_export_formats() -> None:
    assert formats("export") == ["html", "timelinejs", "markdown", "csv", "geojson", "datapackage"]


def test_markdown_and_csv_are_the_renderers_of_list() -> None:
    from mnktimeline.render import csv as csv_render
    from mnktimeline.render import markdown

    assert renderer("export", Format.markdown) is markdown.events
    assert renderer("export", Format.csv) is csv_render.events


# --- TimelineJS ---------------------------------------------------------------------------

# The documented fields (timeline.knightlab.com/docs/json-format.html) and unique_id.
DOCUMENT_KEYS = {"events", "title", "eras", "scale"}
SLIDE_KEYS = {
    "start_date",
    "end_date",
    "text",
    "media",
    "group",
    "display_date",
    "background",
    "autolink",
    "unique_id",
}
DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}


def check_date(d: Any) -> None:
    assert isinstance(d, dict) and set(d) <= DATE_KEYS
    assert type(d["year"]) is int
    if "month" in d:
        assert type(d["month"]) is int and 1 <= d["month"] <= 12
    if "day" in d:
        assert "month" in d and type(d["day"]) is int and 1 <= d["day"] <= 31


def test_timelinejs_has_the_documented_fields_and_types(sample: Store) -> None:
    doc = json.loads(export(Format.timelinejs, sample))
    assert set(doc) <= DOCUMENT_KEYS
    assert isinstance(doc["title"]["text"]["headline"], str)
    assert "start_date" not in doc["title"]
    events = select(sample, Query())
    assert [s["unique_id"] for s in doc["events"]] == [e.id for e in events]
    for slide, ev in zip(doc["events"], events, strict=True):
        assert set(slide) <= SLIDE_KEYS
        check_date(slide["start_date"])
        if "end_date" in slide:
            check_date(slide["end_date"])
        assert isinstance(slide["text"]["headline"], str)
        assert isinstance(slide["text"]["text"], str)
        assert slide["group"] == ev.category
        assert isinstance(slide["display_date"], str)


@pytest.mark.parametrize(
    ("event_id", "start", "end"),
    [
        ("2014-year", {"year": 2014}, None),
        ("2018-12-tokyo", {"year": 2018, "month": 12}, None),
        ("2014-talks", {"year": 2014, "month": 5, "day": 23}, None),
        ("2015-coal", {"year": 2015}, {"year": 2016}),
        ("2017-workers", {"year": 2017, "month": 12}, {"year": 2018}),
        (
            "1956-kim-visit",
            {"year": 1956, "month": 7, "day": 16},
            {"year": 1956, "month": 7, "day": 19},
        ),
    ],
)
def test_timelinejs_dates_hold_only_the_parts_the_date_has(
    sample: Store, event_id: str, start: dict[str, int], end: dict[str, int] | None
) -> None:
    doc = json.loads(export(Format.timelinejs, sample))
    slide = next(s for s in doc["events"] if s["unique_id"] == event_id)
    assert slide["start_date"] == start
    assert slide.get("end_date") == end


def test_timelinejs_text_holds_the_summary_and_linked_sources(sample: Store) -> None:
    doc = json.loads(export(Format.timelinejs, sample))
    talks = next(s for s in doc["events"] if s["unique_id"] == "2014-talks")
    assert talks["text"]["headline"] == "Secret talks in Ulaanbaatar"
    assert talks["display_date"] == "23 May 2014"
    text = talks["text"]["text"]
    assert text.startswith("<p>Summary of Secret talks in Ulaanbaatar.</p>")
    assert '<a href="https://example.org/b" rel="noopener noreferrer">“Report B”</a>' in text
    assert "The article says 21 May." in text


def test_timelinejs_escapes_store_text(hostile: Path) -> None:
    store = load(hostile)
    doc = json.loads(export(Format.timelinejs, store))
    talks = next(s for s in doc["events"] if s["unique_id"] == "2014-talks")
    assert talks["text"]["headline"].startswith("&lt;/script&gt;&lt;script&gt;document.title=")
    assert "<script" not in json.dumps(doc) and "<b>" not in json.dumps(doc)
    assert "&lt;i&gt;tags&lt;/i&gt; &amp; an ampersand" in talks["text"]["text"]


# --- HTML ---------------------------------------------------------------------------------


class Page(HTMLParser):
    """Collects what a test needs from the page: tags, attributes and text by element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.events: list[str] = []
        self.titles: list[str] = []
        self._in_title = False
        self.script_json: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "li" and "event" in (a.get("class") or "").split():
            self.events.append(a["data-id"] or "")
        if tag == "h3":
            self._in_title = True
            self.titles.append("")
        if tag == "script" and a.get("type") == "application/json":
            self._in_json = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._in_title = False
        if tag == "script":
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data
        if self._in_json:
            self.script_json.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_html_shows_every_event_once_in_order(sample: Store) -> None:
    page = parse(export(Format.html, sample))
    assert page.events == [e.id for e in select(sample, Query())]


def test_html_is_self_contained(sample: Store) -> None:
    text = export(Format.html, sample)
    page = parse(text)
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in (
        page.tags
    )
    assert "@media print" in text and "@media (max-width:" in text
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        assert "src" not in attrs, (tag, attrs)
        if tag == "a":
            href = attrs["href"] or ""
            # A source's web address, or a link to an event of this page.
            assert href.startswith(("https://", "http://")) or href[1:] in page.events, href
    assert "@import" not in text and "url(" not in text
    assert [t for t, _ in page.tags].count("script") == 2  # the data and the page's own


def test_html_dates_at_their_precision_and_what_the_overview_draws(sample: Store) -> None:
    text = export(Format.html, sample)
    for shown in (
        '<time datetime="2014">2014</time>',
        '<time datetime="2018-12">Dec 2018</time>',
        '<time datetime="2014-05-23">23 May 2014</time>',
        '<span class="date">2015–2016</span>',
        '<span class="date">Dec 2017 – 2018</span>',
    ):
        assert shown in text, shown
    (raw,) = parse(text).script_json
    data = json.loads(raw)
    drawn = {e["id"]: e for e in data["events"]}
    # Each event's days as ordinals, first and last inclusive, and how precise its date is.
    coal = drawn["2015-coal"]
    assert (coal["s"], coal["e"], coal["k"]) == (
        date(2015, 1, 1).toordinal(),
        date(2016, 12, 31).toordinal(),
        "span",
    )
    kinds = {e["k"] for e in data["events"]}
    assert kinds == {"day", "month", "year", "span"}
    first = min(e["s"] for e in data["events"])
    last = max(e["e"] for e in data["events"])
    assert data["range"] == [first, last]
    assert data["lanes"]["category"][0] == {
        "key": "diplomacy",
        "label": "diplomacy",
        "colour": "#4e79a7",
    }


def test_html_legend_lists_the_categories_with_counts(sample: Store) -> None:
    page = parse(export(Format.html, sample))
    chips = [a["data-category"] for t, a in page.tags if t == "button" and "data-category" in a]
    assert chips == ["diplomacy", "economy", "labour", "mediation", "culture", "sanctions"]
    # Countries by how many events name them, as the codes --country takes.
    lands = [a["data-country"] for t, a in page.tags if t == "button" and "data-country" in a]
    assert lands[:2] == ["MNG", "PRK"] and len(lands) == len(set(lands))


def test_html_escapes_every_store_string(hostile: Path) -> None:
    store = load(hostile)
    text = export(Format.html, store)
    page = parse(text)
    assert HOSTILE_TITLE in page.titles
    assert [t for t, _ in page.tags].count("script") == 2
    assert not any(t in ("b", "i", "u", "img") for t, _ in page.tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    # The data for the page's script is JSON with no raw < > &, so it cannot end the element.
    (raw,) = page.script_json
    assert not set("<>&") & set(raw)
    data = json.loads(raw)
    assert [e["id"] for e in data["events"]] == page.events
    talks = next(e for e in data["events"] if e["id"] == "2014-talks")
    assert talks["words"].startswith("script script document titl pwn script b bold b")


def test_html_with_no_events_says_so(sample: Store) -> None:
    text = export(Format.html, sample, search=tuple(terms("no-such-word")))
    assert "No events match these filters." in text
    assert parse(text).events == []


def test_only_web_addresses_become_links() -> None:
    assert web_url("https://example.org/a") == "https://example.org/a"
    assert web_url("HTTP://example.org") == "HTTP://example.org"
    assert web_url("javascript:alert(1)") is None
    assert web_url("file:///etc/passwd") is None
    assert web_url("https://") is None
    assert web_url(None) is None


# --- the installed command ----------------------------------------------------------------


def test_csv_export_reads_back_to_the_events_of_list_json(timeline: Run, tmp_path: Path) -> None:
    d = ("--data", str(SAMPLE))
    target = tmp_path / "events.csv"
    out = timeline("export", "csv", "-o", str(target), *d)
    assert out.returncode == 0, out.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"id,date,start,end,status,title,") and b"\r\n" in raw
    with target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    events = json.loads(timeline("list", "--json", *d).stdout)
    assert len(rows) == len(events)
    for row, ev in zip(rows, events, strict=True):
        for key in ("id", "date", "start", "end", "title", "summary", "category"):
            assert row[key] == ev[key], key
        assert row["tags"] == "; ".join(ev["tags"])
        assert row["actors"] == "; ".join(a["name"] for a in ev["actors"])
        assert row["places"] == "; ".join(
            p["name"] if p["role"] == "venue" else f"{p['name']} ({p['role']})"
            for p in ev["places"]
        )
        assert row["sources"].split("; ") == [
            f"{s['id']} ({s['locator']})" if s["locator"] else s["id"] for s in ev["sources"]
        ]


def test_export_takes_the_filters_of_list(timeline: Run) -> None:
    d = ("--data", str(SAMPLE))
    md = timeline("export", "markdown", "--category", "mediation", *d)
    assert md.stdout == timeline("list", "-f", "markdown", "--category", "mediation", *d).stdout
    tl = json.loads(timeline("export", "timelinejs", "--since", "2018", "--reverse", *d).stdout)
    assert [s["unique_id"] for s in tl["events"]] == [
        "2018-12-tokyo",
        "2018-10-letter",
        "2017-workers",
    ]


def test_markdown_gives_places_relations_and_notes_with_their_kinds(
    timeline: Run, doc: dict[str, Any], write_store: Callable[[Any], Path]
) -> None:
    events = {e["id"]: e for e in doc["events"]}
    talks = events["2014-talks"]
    talks["part_of"] = "2014-year"  # made up for the test: the talks within that year
    talks["places"] = [{"place": "ulaanbaatar", "role": "proposed"}]
    events["2015-coal"]["series"] = "Coal by rail"
    path = write_store(doc)
    md = timeline("export", "markdown", "--data", str(path)).stdout
    block = md[md.index(talks["title"]) :].split("\n- ")[0]
    assert "\n  - Where: Ulaanbaatar (proposed venue)" in block
    assert f"\n  - Part of: {events['2014-year']['title']} (`2014-year`)" in block
    line = next(x for x in block.splitlines() if x.startswith("  - Disagreement: "))
    assert line.count("[^") == len(talks["notes"][0]["sources"])  # one footnote a source
    coal = md[md.index(events["2015-coal"]["title"]) :].split("\n- ")[0]
    assert "\n  - Series: Coal by rail" in coal
    assert "\n  - Where: Rajin" in coal


def test_export_to_a_file(timeline: Run, tmp_path: Path) -> None:
    target = tmp_path / "out" / "page.html"
    target.parent.mkdir()
    proc = timeline("export", "html", "-o", str(target), "--data", str(SAMPLE))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert (
        target.read_text(encoding="utf-8")
        == timeline("export", "HTML", "--data", str(SAMPLE)).stdout
    )
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]  # no temporary left
    proc = timeline("export", "timelinejs", "--output", "-", "--data", str(SAMPLE))
    assert json.loads(proc.stdout)["events"]


def test_an_unwritable_file_is_one_sentence_and_the_old_file_stays(
    timeline: Run, tmp_path: Path
) -> None:
    target = tmp_path / "locked.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    proc = timeline("export", "markdown", "-o", str(target), "--data", str(SAMPLE))
    assert proc.returncode == 1
    assert proc.stderr == (
        f"timeline: error: cannot write {target}: the file is read-only; make it writable "
        "(chmod u+w) or work on a copy\n"
    )
    assert target.read_text(encoding="utf-8") == "old"
    proc = timeline(
        "export", "csv", "-o", str(tmp_path / "missing" / "x.csv"), "--data", str(SAMPLE)
    )
    assert proc.returncode == 1
    assert "cannot write" in proc.stderr and "missing does not exist" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and proc.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.md"]


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (
            ["xml"],
            2,
            "'xml' is not an export format; use one of: html, timelinejs, markdown, csv, "
            "geojson, datapackage",
        ),
        ([], 2, "Missing argument 'FORMAT'"),
        (["html", "--since", "2014-13"], 2, "'2014-13' has month 13"),
        (["html", "--category", "sport"], 2, "'sport' is not a category"),
        (["csv", "--actor", "zzzz"], 1, "no actor is called 'zzzz'"),
        (["html", "--bom"], 2, "--bom is for csv only; html has no byte-order mark"),
        (["csv", "--force"], 2, "--force is for a folder (datapackage)"),
        (["csv", "out.csv"], 2, "csv writes one file, not a folder: write it with -o out.csv"),
    ],
)
def test_export_mistakes(timeline: Run, args: list[str], code: int, fragment: str) -> None:
    proc = timeline("export", *args, "--data", str(SAMPLE))
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert fragment in proc.stderr
    assert proc.stdout == ""


def test_an_empty_export_is_valid_and_says_so(timeline: Run) -> None:
    proc = timeline("export", "timelinejs", "--since", "2090", "--data", str(SAMPLE))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["events"] == []
    assert "no events match these filters" in proc.stderr


def test_export_help_names_the_formats_and_an_example(timeline: Run) -> None:
    proc = timeline("export", "--help", env={"COLUMNS": "120"})
    assert proc.returncode == 0
    assert "One of: html, timelinejs, markdown, csv, geojson, datapackage." in proc.stdout
    assert "timeline export html -o " in proc.stdout


def test_csv_gives_the_titles_and_urls_of_the_sources_beside_their_ids(timeline: Run) -> None:
    d = ("--data", str(SAMPLE))
    out = timeline("export", "csv", *d).stdout
    row = next(r for r in csv.DictReader(out.splitlines()) if r["id"] == "2014-talks")
    assert row["sources"] == "src-a (para. 3); src-b"
    assert row["source_titles"] == "Article A; Report B"
    assert row["source_urls"] == "https://example.org/a; https://example.org/b"


def test_csv_with_a_bom_opens_in_excel_and_imports_back(
    timeline: Run, tmp_path: Path, doc: dict[str, Any], write_store: Callable[[Any], Path]
) -> None:
    target = tmp_path / "events.csv"
    proc = timeline(
        "export", "csv", "--bom", "--search", "Tokyo", "-o", str(target), "--data", str(SAMPLE)
    )
    assert proc.returncode == 0, proc.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,date,")
    with target.open(encoding="utf-8-sig", newline="") as f:
        assert [r["id"] for r in csv.DictReader(f)] == ["2018-12-tokyo"]
    # The columns for people are ignored by import, and so is the byte-order mark.
    doc["events"] = [e for e in doc["events"] if e["id"] != "2018-12-tokyo"]
    store = write_store(doc, "without-tokyo.json")
    proc = timeline("import", str(target), "--data", str(store))
    assert proc.returncode == 0, proc.stderr
    assert "2018-12-tokyo" in store.read_text(encoding="utf-8")


def test_the_bom_option_says_which_spreadsheets_need_it(timeline: Run) -> None:
    out = " ".join(timeline("export", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "Microsoft Excel needs it to read the file as UTF-8" in out


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "0001/9999"])
def test_html_exports_the_first_and_last_years_a_store_may_hold(
    timeline: Run, tmp_path: Path, day: str
) -> None:
    # A store that validates renders: no date outside 0001..9999 is built for the axis.
    doc = json.loads(SAMPLE.read_text("utf-8"))
    doc["sources"].append({"id": "undated", "title": "Undated", "url": "https://example.org/u"})
    first = doc["events"][0]
    doc["events"].append(dict(first, id="edge", date=day, sources=[{"source": "undated"}]))
    store = tmp_path / "edge.json"
    store.write_text(json.dumps(doc), encoding="utf-8")
    assert timeline("validate", "--data", str(store)).returncode == 0
    out = tmp_path / "edge.html"
    proc = timeline("export", "html", "-o", str(out), "--data", str(store))
    assert proc.returncode == 0, proc.stderr
    page = parse(out.read_text("utf-8"))
    assert "edge" in page.events
    since = "9999" if day.startswith("9999") else "0001"
    proc = timeline("export", "html", "--since", since, "--until", since, "--data", str(store))
    assert proc.returncode == 0, proc.stderr
    assert f'<span class="range">{int(since)}</span>' in proc.stdout


def test_html_title_subtitle_range_and_footer(timeline: Run) -> None:
    proc = timeline(
        "export",
        "html",
        "--since",
        "2018",
        "--until",
        "2018",
        "--category",
        "security-dialogue",
        "--title",
        "Mongolia & the DPRK in 2018",
        "--subtitle",
        "<i>For the seminar</i>",
    )
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    page = parse(text)
    # The series of 2014/2018 is selected, yet the heading says what was asked for: 2018.
    assert "2014-ulaanbaatar-dialogue-series" in page.events
    assert '<h1>Mongolia &amp; the DPRK in 2018<span class="range">2018</span></h1>' in text
    assert "<title>Mongolia &amp; the DPRK in 2018</title>" in text
    assert "&lt;i&gt;For the seminar&lt;/i&gt;" in text and "<i>" not in text
    footer = text[text.index("<footer>") :]
    assert f"exported on {date.today().isoformat()}" in footer
    assert (
        '<code class="filters">--since 2018 --until 2018 --category security-dialogue</code>'
        in footer
    )
    assert re.search(r"Made with mnktimeline \d+\.\d+\.\d+", footer)


def test_html_without_filters_says_none_and_title_is_for_html_only(timeline: Run) -> None:
    proc = timeline("export", "html")
    assert '<code class="filters">none</code>' in proc.stdout
    assert '<span class="range">1948–2024</span>' in proc.stdout
    for option in ("--title", "--subtitle"):
        proc = timeline("export", "csv", option, "x")
        assert proc.returncode == 2
        assert (
            proc.stderr == f"timeline: error: {option} is for html only; csv has no page heading\n"
        )


def test_html_bands_are_the_terms_of_heads_of_state_and_government() -> None:
    from mnktimeline.render import htmldata

    store = load(REPO / "data" / "events.json")
    span = htmldata.Range(date(1948, 1, 1).toordinal(), date(2024, 12, 31).toordinal())
    rows = {row["label"]: row["terms"] for row in htmldata.bands(store, span)}
    assert list(rows)[:2] == ["Mongolia: head of government", "Mongolia: head of state"]
    presidents = {t["name"] for t in rows["Mongolia: head of state"]}
    assert {"Tsakhiagiin Elbegdorj", "Khaltmaagiin Battulga"} <= presidents
    # A term is an interval: an office dated to one month says when it was held, no more.
    assert all(t["e"] - t["s"] > 31 for terms in rows.values() for t in terms)
    titles = {t["title"] for terms in rows.values() for t in terms}
    assert not any(w in t for t in titles for w in ("Deputy", "Vice", "adviser", "Office of"))
    # Only terms that overlap the range: none of them ends before 2018 in a page of 2018.
    of_2018 = htmldata.Range(date(2018, 1, 1).toordinal(), date(2018, 12, 31).toordinal())
    for row in htmldata.bands(store, of_2018):
        assert all(t["e"] >= of_2018.first and t["s"] <= of_2018.last for t in row["terms"])
