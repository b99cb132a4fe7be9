"""`timeline cite`: the sources of events and the dataset, read back by the libraries that
reference managers are built on: the CSL input schema, bibtexparser, rispy."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mnktimeline import __version__
from mnktimeline.citing import Dataset, cite_events, cite_sources, reference_key
from mnktimeline.model import Store
from mnktimeline.names import UnknownName
from mnktimeline.query import Query, select
from mnktimeline.render import Format, formats, renderer
from mnktimeline.store import load

from .conftest import HERE, SAMPLE, Run

SCHEMA = HERE / "data" / "csl-data.json"
SPECIAL = "50% & $5 #1 a_b ~x back\\slash"
# Braces and carets: BibTeX counts every brace, escaped or not, so they are written as
# \textbraceleft{} and \textbraceright{}, which keep the value's braces balanced.
BRACES = "An {unbalanced} } brace and a ^caret"


@pytest.fixture(scope="module")
def cite_doc() -> dict[str, Any]:
    """The sample store with sources of every shape a citation must keep honest: partial,
    approximate, uncertain and spanning dates, an access date, two authors, TeX's special
    characters, a copy on another site, and sources cited only by a note."""
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in doc["sources"]}
    sources["src-a"]["accessed"] = "2024-06-01"
    doc["sources"] += [
        {
            "id": "src-c",
            "title": SPECIAL,
            "author": "Jo He-rim and Kim Tong-hyung",
            "publisher": "The Paper",
            "published": "1956~",
            "url": "https://example.org/c?q={x}",
            "kind": "newspaper",
            "language": "ko",
        },
        {
            "id": "src-d",
            "title": "[Blog post on the coal trade]",
            "publisher": "A Blog",
            "published": "2015/2016",
            "url": "https://example.org/d",
            "kind": "blog",
        },
        {
            "id": "src-e",
            "title": BRACES,
            "publisher": "Pub B",
            "published": "2014-05-21",
            "url": "https://example.org/e",
            "kind": "wire",
        },
        {
            "id": "src-f",
            "title": "Cited by a note only",
            "published": "2004-12-21?",
            "kind": "archive-document",
        },
    ]
    year = next(e for e in doc["events"] if e["id"] == "2014-year")
    year["sources"] += [{"source": "src-c"}, {"source": "src-d"}, {"source": "src-e"}]
    year["notes"] = [{"kind": "uncertainty", "text": "Open.", "sources": ["src-f", "src-a"]}]
    return doc


@pytest.fixture
def cite_store(cite_doc: dict[str, Any], write_store: Callable[[Any], Path]) -> Path:
    return write_store(cite_doc, "cite.json")


def cited(path: Path, fmt: Format, **query: Any) -> str:
    store = load(path)
    return "".join(renderer("citations", fmt)(cite_events(store, select(store, Query(**query)))))


def test_cite_formats() -> None:
    assert formats("citations") == ["csl-json", "bibtex", "ris", "text"]


# --- what is cited --------------------------------------------------------------------------


def test_each_source_once_with_those_of_notes_and_the_dataset_in_list_order(
    cite_store: Path,
) -> None:
    store = load(cite_store)
    events = select(store, Query())
    items = cite_events(store, events).items
    ids = [i.key if isinstance(i, Dataset) else i.id for i in items]
    assert sorted(ids) == sorted(
        ["src-a", "src-b", "src-c", "src-d", "src-e", "src-f", f"mnktimeline-{__version__}"]
    )
    assert list(items) == sorted(items, key=reference_key)
    (dataset,) = [i for i in items if isinstance(i, Dataset)]
    assert dataset.events == tuple(e.id for e in events)
    assert dataset.version == __version__
    assert dataset.store == "cite.json"  # not the bundled store: the entry says which file


def test_no_events_cite_nothing(cite_store: Path) -> None:
    store = load(cite_store)
    assert cite_events(store, []).items == ()
    assert cited(cite_store, Format.csl_json, since=date(2999, 1, 1)) == "[]\n"


def test_sources_by_id_cite_no_dataset(sample: Store) -> None:
    assert [s.id for s in cite_sources(sample, ["src-b", "src-a", "src-b"]).items] == [
        "src-a",
        "src-b",
    ]
    with pytest.raises(
        UnknownName, match="no source has the id 'src-z'; did you mean src-b, src-a"
    ):
        cite_sources(sample, ["src-z"])


# --- CSL-JSON --------------------------------------------------------------------------------


def test_csl_json_is_valid_csl_input(cite_store: Path) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    items = json.loads(cited(cite_store, Format.csl_json))
    jsonschema.Draft7Validator(schema).validate(items)
    by_id = {i["id"]: i for i in items}
    assert by_id["src-a"]["issued"] == {"date-parts": [[2019, 2, 20]]}
    assert by_id["src-a"]["accessed"] == {"date-parts": [[2024, 6, 1]]}
    assert by_id["src-b"]["issued"] == {"date-parts": [[2014, 5]]}  # only the parts known
    assert by_id["src-b"]["note"] == "Copy on A blog, May 2014"
    assert by_id["src-c"]["issued"] == {"date-parts": [[1956]], "circa": True}
    assert by_id["src-c"]["author"] == [{"literal": "Jo He-rim"}, {"literal": "Kim Tong-hyung"}]
    assert by_id["src-c"]["title"] == SPECIAL
    assert by_id["src-c"]["container-title"] == "The Paper"
    assert by_id["src-d"]["issued"] == {"date-parts": [[2015], [2016]]}
    assert by_id["src-d"]["type"] == "post-weblog"
    assert by_id["src-e"]["issued"] == {"date-parts": [[2014, 5, 21]]}
    assert by_id["src-e"]["title"] == BRACES
    assert by_id["src-f"]["issued"] == {"date-parts": [[2004, 12, 21]], "circa": True}
    assert by_id["src-f"]["type"] == "document"
    dataset = by_id[f"mnktimeline-{__version__}"]
    assert dataset["type"] == "dataset" and dataset["version"] == __version__
    assert dataset["custom"]["events"] == [e.id for e in select(load(cite_store), Query())]


def test_csl_open_dates_keep_their_known_end_and_say_the_rest() -> None:
    from mnktimeline.dates import parse_stored
    from mnktimeline.render.csljson import date_variable

    assert date_variable(parse_stored("1985-04/..")) == {
        "date-parts": [[1985, 4]],
        "literal": "from Apr 1985",
    }
    assert date_variable(parse_stored("../1985")) == {
        "date-parts": [[1985]],
        "literal": "until 1985",
    }


# --- BibTeX ----------------------------------------------------------------------------------


def test_bibtex_parses_and_keeps_every_value(cite_store: Path) -> None:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    text = cited(cite_store, Format.bibtex)
    raw = bibtexparser.parse_string(text)
    assert raw.failed_blocks == []
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    entries = {e.key: e for e in decoded.entries}
    fields = {k: {f.key: f.value for f in e.fields} for k, e in entries.items()}
    assert fields["src-c"]["title"] == SPECIAL  # TeX's special characters come back as typed
    assert fields["src-c"]["langid"] == "korean"
    assert fields["src-b"]["journaltitle"] == "Pub B"
    raw_fields = raw_fields_of(raw)
    # Dates and URLs are read by biber as they are (ISO 8601-2 with ~ and ?; verbatim URLs).
    assert raw_fields["src-c"]["date"] == "1956~"
    assert raw_fields["src-a"]["urldate"] == "2024-06-01"
    assert raw_fields["src-a"]["url"] == "https://example.org/a"
    assert raw_fields["src-b"]["date"] == "2014-05"
    assert raw_fields["src-d"]["date"] == "2015/2016"
    assert raw_fields["src-f"]["date"] == "2004-12-21?"
    assert raw_fields["src-c"]["url"] == "https://example.org/c?q=%7Bx%7D"
    assert raw_fields["src-e"]["title"] == (
        r"An \textbraceleft{}unbalanced\textbraceright{} \textbraceright{} brace and a "
        r"\textasciicircum{}caret"
    )
    # Names in double braces: printed and sorted as written, never split by guesswork.
    assert raw_fields["src-c"]["author"] == "{Jo He-rim} and {Kim Tong-hyung}"
    dataset = fields[f"mnktimeline-{__version__}"]
    assert dataset["version"] == __version__
    assert dataset["note"].startswith("Events cited (from the store file cite.json): 1948-")


def raw_fields_of(library: Any) -> dict[str, dict[str, str]]:
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def test_bibtex_entry_types(cite_store: Path) -> None:
    import bibtexparser

    entries = bibtexparser.parse_string(cited(cite_store, Format.bibtex)).entries
    assert {e.key: e.entry_type for e in entries} == {
        "src-a": "report",  # scholarly
        "src-b": "article",  # wire
        "src-c": "article",  # newspaper
        "src-d": "online",  # blog
        "src-e": "article",
        "src-f": "report",  # archive-document
        f"mnktimeline-{__version__}": "dataset",
    }


# --- RIS ---------------------------------------------------------------------------------------


def test_ris_reads_back_with_access_dates(cite_store: Path) -> None:
    import rispy

    records = {r["id"]: r for r in rispy.loads(cited(cite_store, Format.ris))}
    assert records["src-a"]["type_of_reference"] == "RPRT"
    assert records["src-a"]["access_date"] == "2024/06/01/"
    assert records["src-a"]["authors"] == ["A. Author"]
    assert records["src-a"]["publisher"] == "Pub A"
    assert records["src-b"]["type_of_reference"] == "NEWS"
    assert records["src-b"]["secondary_title"] == "Pub B"
    assert records["src-b"]["date"] == "2014/05//"
    assert records["src-b"]["notes"] == ["Copy on A blog, May 2014"]
    assert records["src-c"]["authors"] == ["Jo He-rim", "Kim Tong-hyung"]
    assert records["src-c"]["date"] == "1956///c. 1956"
    assert records["src-c"]["title"] == SPECIAL
    assert records["src-d"]["year"] == "2015" and records["src-d"]["date"] == "2015///2015–2016"
    assert records["src-d"]["type_of_reference"] == "BLOG"
    dataset = records[f"mnktimeline-{__version__}"]
    assert dataset["type_of_reference"] == "DATA" and dataset["edition"] == __version__


# --- text -------------------------------------------------------------------------------------


def test_text_reads_in_the_order_it_is_sorted(cite_store: Path) -> None:
    lines = cited(cite_store, Format.text).splitlines()
    assert lines == [
        "A. Author. 2019. “Article A.” Pub A, 20 Feb 2019. https://example.org/a. Accessed 1 Jun 2024.",
        "A Blog. 2015–2016. [Blog post on the coal trade]. https://example.org/d.",
        "“Cited by a note only.” 2004? 21 Dec 2004?",
        "Jo He-rim and Kim Tong-hyung. c. 1956. “"
        + SPECIAL
        + ".” The Paper. https://example.org/c?q={x}.",
        f"mnktimeline contributors. 2026. mnktimeline event store: Mongolia–North Korea relations, 1948–2024. Dataset, version {__version__}. Events cited (from the store file cite.json): "
        + ", ".join(e.id for e in select(load(cite_store), Query()))
        + ".",
        # One lead, two works of a year: a letter each, in the order of their titles.
        f"Pub B. 2014a. “{BRACES}.” 21 May 2014. https://example.org/e.",
        "Pub B. 2014b. “Report B.” May 2014. Copy on A blog, May 2014. https://example.org/b.",
    ]


# --- the installed command ------------------------------------------------------------------


def test_a_students_list_for_2014_is_ordered_deduplicated_and_cites_the_dataset(
    timeline: Run,
) -> None:
    proc = timeline("cite", "--since", "2014", "--until", "2014", "--format", "text")
    assert proc.returncode == 0 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    events = json.loads(timeline("list", "--since", "2014", "--until", "2014", "--json").stdout)
    urls = {s["url"] for e in events for s in e["sources"]}
    notes = {s for e in events for n in e["notes"] for s in n["sources"]}
    sources = {s["id"]: s for s in json.loads(timeline("sources", "--json").stdout)}
    urls |= {sources[s]["url"] for s in notes}
    # Every source once: one line each, and the dataset's.
    assert len(lines) == len(set(lines)) == len(urls) + 1
    for url in urls:
        assert sum(url + "." in line for line in lines) == 1, url
    (dataset,) = [line for line in lines if line.startswith("mnktimeline contributors.")]
    assert f"version {__version__}" in dataset
    assert dataset.endswith(f"Events cited: {', '.join(e['id'] for e in events)}.")
    assert "store file" not in dataset  # the bundled store
    from mnktimeline.names import fold

    leads = [fold(line.lstrip("[“")) for line in lines]
    assert leads == sorted(leads)  # in the order it is displayed


def test_cite_by_event_id_and_by_source(timeline: Run) -> None:
    d = ("--data", str(SAMPLE))
    proc = timeline("cite", "2014-talks", "-f", "csl-json", *d)
    assert proc.returncode == 0, proc.stderr
    ids = [i["id"] for i in json.loads(proc.stdout)]
    assert ids == ["src-a", f"mnktimeline-{__version__}", "src-b"]
    proc = timeline("cite", "--source", "src-b", "-f", "ris", *d)
    assert proc.returncode == 0, proc.stderr
    assert re.findall(r"^ID  - (.*)$", proc.stdout, re.M) == ["src-b"]  # no dataset


def test_cite_to_a_file(timeline: Run, tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old", encoding="utf-8")
    proc = timeline(
        "cite", "--since", "2018", "-f", "bibtex", "-o", str(target), "--data", str(SAMPLE)
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("@report{src-a,\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]  # no temporary left


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["2014-tlaks"], 1, "no event has the id '2014-tlaks'; did you mean 2014-talks"),
        (["--source", "src-z"], 1, "no source has the id 'src-z'; did you mean src-b, src-a"),
        (["--source", "src-a", "--since", "2014"], 2, "cannot be combined with event ids"),
        (["2014-talks", "--source", "src-a"], 2, "cannot be combined with event ids"),
        (["-f", "endnote"], 2, "'endnote' is not a format here; use one of: csl-json, bibtex"),
        (["--since", "2014-13"], 2, "'2014-13' has month 13"),
    ],
)
def test_cite_mistakes(timeline: Run, args: list[str], code: int, fragment: str) -> None:
    proc = timeline("cite", *args, "--data", str(SAMPLE))
    assert proc.returncode == code, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert fragment in proc.stderr
    assert proc.stdout == ""


def test_nothing_to_cite_says_so(timeline: Run) -> None:
    proc = timeline("cite", "--since", "2090", "-f", "csl-json", "--data", str(SAMPLE))
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == []
    assert proc.stderr == "timeline: no events match these filters; there is nothing to cite\n"


def test_the_whole_bundled_store_reads_back_in_every_format() -> None:
    import bibtexparser
    import jsonschema
    import rispy

    from mnktimeline.store import bundled_store

    store = load(bundled_store())
    citations = cite_events(store, select(store, Query()))
    n = len(citations.items)
    assert n == len(citations.sources) + 1

    def out(fmt: Format) -> str:
        return "".join(renderer("citations", fmt)(citations))

    items = json.loads(out(Format.csl_json))
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(items)
    library = bibtexparser.parse_string(out(Format.bibtex))
    assert library.failed_blocks == [] and len(library.entries) == n
    assert len(rispy.loads(out(Format.ris))) == n
    assert len(out(Format.text).splitlines()) == n
