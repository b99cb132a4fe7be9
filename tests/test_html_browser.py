"""The HTML export in a real headless browser: every event shown, filters work, text stays text.

Runs Debian's ``chromium`` (``.ci/run`` installs it when missing) with a fresh profile and
no way to resolve any host, so the page must work offline. A small test script is added to
a copy of the exported page; it clicks a category chip, types in the search box, and writes
what it saw into ``<pre id="test-result">``, which we read from ``--dump-dom``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run
from .test_export import HOSTILE_TITLE


def chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


CHROMIUM = chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary (/usr/bin/chromium, chromium, chromium-browser); "
    ".ci/run installs it with: apt-get install -y chromium",
)

PROBE = """
<script>
window.addEventListener("load", () => {
  const shown = () => Array.from(document.querySelectorAll(".event"))
    .filter((e) => e.offsetHeight > 0 && e.offsetWidth > 0).map((e) => e.dataset.id);
  const r = {};
  r.before = shown();
  const chip = document.querySelector('.chip[data-category="diplomacy"]');
  chip.click();
  r.afterHide = shown();
  r.pressedAfterHide = chip.getAttribute("aria-pressed");
  chip.click();
  r.afterShow = shown();
  const search = document.getElementById("search");
  search.value = "KHURELSUKH tokyo";
  search.dispatchEvent(new Event("input"));
  r.afterSearch = shown();
  r.count = document.getElementById("count").textContent;
  search.value = "";
  search.dispatchEvent(new Event("input"));
  const title = document.querySelector('[data-id="2014-talks"] .title');
  r.hostileText = title.textContent;
  r.hostileChildren = title.children.length;
  r.documentTitle = document.title;
  r.pwned = document.body.dataset.pwned || null;
  r.images = document.images.length;
  r.scripts = document.scripts.length;
  r.overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  r.width = window.innerWidth;
  const pre = document.createElement("pre");
  pre.id = "test-result";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>
"""


def run_chromium(
    tmp_path: Path, name: str, *args: str, virtual_time: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run headless chromium offline with a fresh profile. With ``virtual_time`` its clock
    runs ahead to let timers fire (and timings mean nothing); without, it is a wall clock."""
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{name}"  # a fresh profile for every run
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            # No host can be resolved: a page that needed the network would break here.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            *(["--virtual-time-budget=5000"] if virtual_time else []),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def export_doc(timeline: Run, tmp_path: Path, doc: dict[str, Any]) -> tuple[Path, Path]:
    """Write ``doc`` as a store and export its page with the installed CLI; return both."""
    store = tmp_path / "hostile.json"
    store.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "timeline.html"
    proc = timeline("export", "html", "-o", str(out), "--data", str(store))
    assert proc.returncode == 0, proc.stderr
    return store, out


@pytest.fixture
def page(timeline: Run, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """An exported page of the sample store with a hostile title, and its events as JSON."""
    doc = json.loads((Path(__file__).parent / "data" / "sample.json").read_text("utf-8"))
    talks = next(e for e in doc["events"] if e["id"] == "2014-talks")
    talks["title"] = HOSTILE_TITLE
    store, out = export_doc(timeline, tmp_path, doc)
    events = json.loads(timeline("list", "--json", "--data", str(store)).stdout)
    return out, events


def test_the_page_in_a_real_browser(
    page: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    exported, events = page
    text = exported.read_text(encoding="utf-8")
    head, sep, tail = text.rpartition("</body>")
    assert sep
    probed = tmp_path / "probed.html"
    probed.write_text(head + PROBE + sep + tail, encoding="utf-8")

    # As narrow as headless chromium lays out for --dump-dom (500 px; it widens anything
    # narrower), to check that the one-column layout leaves nothing off the side.
    proc = run_chromium(tmp_path, "dom", "--window-size=375,900", "--dump-dom", probed.as_uri())
    found = re.search(r'<pre id="test-result">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"no test result in the DOM; chromium said: {proc.stderr[-2000:]}"
    r = json.loads(html.unescape(found.group(1)))

    ids = [e["id"] for e in events]
    diplomacy = {e["id"] for e in events if e["category"] == "diplomacy"}
    assert r["before"] == ids  # every exported event is shown, in order
    assert r["afterHide"] == [i for i in ids if i not in diplomacy]
    assert r["pressedAfterHide"] == "false"
    assert r["afterShow"] == ids
    assert r["afterSearch"] == ["2018-12-tokyo"]
    assert r["count"] == f"Showing 1 of {len(ids)} events"
    # The hostile title is text: no element, no script run, no image loaded.
    assert r["hostileText"] == HOSTILE_TITLE
    assert r["hostileChildren"] == 0
    assert r["documentTitle"] == "Mongolia and North Korea: a timeline"
    assert r["pwned"] is None and r["images"] == 0
    assert r["scripts"] == 3  # the data, the page's own, and this probe
    assert r["width"] <= 500 and r["overflow"] <= 0

    shot = tmp_path / "page.png"
    proc = run_chromium(
        tmp_path, "shot", f"--screenshot={shot}", "--window-size=1200,1600", exported.as_uri()
    )
    assert shot.is_file(), proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    phone = tmp_path / "page-375.png"  # a screenshot does go down to phone width
    run_chromium(
        tmp_path, "phone", f"--screenshot={phone}", "--window-size=375,1600", exported.as_uri()
    )
    assert phone.is_file()


SEARCH_PROBE = """
<script>
window.addEventListener("load", () => {
  const queries = JSON.parse(document.getElementById("probe-queries").textContent);
  const shown = () => Array.from(document.querySelectorAll(".event"))
    .filter((e) => e.offsetHeight > 0).map((e) => e.dataset.id);
  const search = document.getElementById("search");
  const r = { found: {}, terms: {}, folds: [] };
  for (const q of queries) {
    search.value = q;
    search.dispatchEvent(new Event("input"));
    r.found[q] = shown();
  }
  // The page's own reading of the rule, straight from its script.
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const match = textmatch(data.rules);
  for (const q of queries) r.terms[q] = match.terms(q);
  for (let cp = 0; cp < 0x30000; cp++) {
    r.folds.push(cp >= 0xd800 && cp < 0xe000 ? "" : match.fold(String.fromCodePoint(cp)).join(" "));
  }
  const pre = document.createElement("pre");
  pre.id = "test-result";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>
"""


def test_the_page_searches_as_the_command_line_does(timeline: Run, tmp_path: Path) -> None:
    import unicodedata

    from mnktimeline.textmatch import fold, terms

    from .test_search import QUERIES, SEARCHES
    from .test_search import STORE as SEARCH_STORE

    # Words the rule has to get right, besides the queries of test_search.py.
    extra = ['"Kim Jong-un"', "VISITING", "planned", "Abductee’s", "ΟΔΟΣ", "ﬁnd", "ü", "a\u00a0b"]
    queries = [*SEARCHES, *extra]
    out = tmp_path / "search.html"
    proc = timeline("export", "html", "-o", str(out), "--data", str(SEARCH_STORE))
    assert proc.returncode == 0, proc.stderr
    head, sep, tail = out.read_text(encoding="utf-8").rpartition("</body>")
    listed = json.dumps(queries).replace("<", "\\u003c")
    probe = f'<script type="application/json" id="probe-queries">{listed}</script>{SEARCH_PROBE}'
    probed = tmp_path / "search-probed.html"
    probed.write_text(head + probe + sep + tail, encoding="utf-8")

    proc = run_chromium(tmp_path, "search", "--dump-dom", probed.as_uri())
    found = re.search(r'<pre id="test-result">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"no test result in the DOM; chromium said: {proc.stderr[-2000:]}"
    r = json.loads(html.unescape(found.group(1)))

    expected = {args[1]: ids for args, ids in QUERIES if args[0] == "--search" and len(args) == 2}
    for q in queries:
        cli = timeline("list", "--search", q, "--json", "--data", str(SEARCH_STORE))
        cli_ids = [e["id"] for e in json.loads(cli.stdout)]
        assert r["found"][q] == cli_ids, q  # the same events, in the same order
        if q in expected:
            assert set(cli_ids) == expected[q], q
        assert r["terms"][q] == [" ".join(t) for t in terms(q)], q
    # Every character Python's Unicode tables know folds in the page as in Python.
    differ = [
        hex(cp)
        for cp, js in enumerate(r["folds"])
        if not 0xD800 <= cp < 0xE000
        and unicodedata.category(chr(cp)) != "Cn"
        and fold(chr(cp)) != js
    ]
    assert differ == []
