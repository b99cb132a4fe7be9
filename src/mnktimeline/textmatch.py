"""How typed text meets stored text: one normalisation and one rule for word endings.

``fold`` makes text comparable (no case, no diacritics, words split at anything that is
not a letter or digit); names, ``--search`` and the HTML page's search box all use it.
``stem`` takes the endings of inflection off a word, by the table ``STEMMING``: the rule
is data, so that the page's script (``PAGE_SCRIPT``, which the HTML export embeds with
the table) applies the very rule that Python does, and tests hold the two to it.

A query (``terms``) is a list of terms, each a word or a phrase (a tuple of stems). An
event matches when every term occurs in one of its fields, a phrase as consecutive words.
``pattern`` turns a term into a regular expression over folded text that finds exactly
the words whose stem is the term's (``forms``), so a large store can be searched without
stemming every word it holds (``scan``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from itertools import compress, count
from typing import Any

# The rule for word endings. A word wholly of `letters` goes through the stages in order;
# in each, the first ending that the word ends with and that leaves at least `min`
# letters before it is replaced, and the stage is done. An ending marked `undouble`
# also takes off the second of a doubled letter in `double` that it leaves (planned ->
# plan). An ending replaced by itself guards the word (address, status and crisis keep
# their s). `keep` lists words left whole. The same table drives the page's script.
STEMMING: dict[str, Any] = {
    "letters": "abcdefghijklmnopqrstuvwxyz",
    "keep": ["news"],
    "double": "bdgmnprt",
    "stages": [
        # plural and third person: visits, studies (but address, status, crisis)
        [
            {"end": "ss", "to": "ss", "min": 0},
            {"end": "us", "to": "us", "min": 0},
            {"end": "is", "to": "is", "min": 0},
            {"end": "ies", "to": "y", "min": 2},
            {"end": "s", "to": "", "min": 3},
        ],
        # past and gerund: visited, studied, visiting, planned, planning
        [
            {"end": "ied", "to": "y", "min": 2},
            {"end": "ing", "to": "", "min": 3, "undouble": True},
            {"end": "ed", "to": "", "min": 3, "undouble": True},
        ],
        # a final e or ee, so that invite, invites and invited meet, as agree and agreed do
        [{"end": "ee", "to": "", "min": 3}, {"end": "e", "to": "", "min": 3}],
    ],
}

_LETTERS = frozenset(STEMMING["letters"])
_KEEP = frozenset(STEMMING["keep"])
_DOUBLE = frozenset(STEMMING["double"])
_STAGES: tuple[tuple[tuple[str, str, int, bool], ...], ...] = tuple(
    tuple((r["end"], r["to"], r["min"], bool(r.get("undouble"))) for r in stage)
    for stage in STEMMING["stages"]
)

# Patterns are compiled on first use (re keeps them), not on every start of the CLI.
_WORD = r"[^\W_]+"  # a run of letters and digits: exactly str.isalnum()
_NON_ASCII = r"[^\x00-\x7f]+"


def _fold_char(ch: str) -> str:
    """Return one character folded: compatibility decomposition, marks dropped, lower
    case, final sigma as sigma. Every non-ASCII character folds on its own, so folding
    a whole text or its pieces gives the same words."""
    import unicodedata

    kept = "".join(
        c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.category(c).startswith("M")
    )
    return kept.lower().replace("ς", "σ")


# Runs of non-ASCII characters folded so far: dashes, quotation marks, the letters with
# diacritics of a name, words in Cyrillic or Hangul. A store repeats them, and they are
# bounded by its vocabulary.
_folded_runs: dict[str, str] = {}


def _fold_run(match: re.Match[str]) -> str:
    run = match.group()
    folded = _folded_runs.get(run)
    if folded is None:
        folded = _folded_runs[run] = "".join(map(_fold_char, run))
    return folded


def fold_keeping_separators(text: str) -> str:
    """Return ``text`` with every letter folded (as ``fold`` does) and every other
    character left where it is: what ``pattern`` searches."""
    if text.isascii():
        return text.lower()
    return re.compile(_NON_ASCII).sub(_fold_run, text).lower()


def fold(text: str) -> str:
    """Return ``text`` for matching: its words, folded, one space between them.

    Case and diacritics go ("Ukhnaagiin Khürelsükh" folds to "ukhnaagiin khurelsukh"),
    and anything that is not a letter or digit separates words ("Ri Yong-ho" folds to
    "ri yong ho", "Abductee's" to "abductee s").
    """
    return " ".join(re.findall(_WORD, fold_keeping_separators(text)))


def stem(word: str) -> str:
    """Return a folded word without its endings of inflection (see ``STEMMING``):
    visits, visited and visiting give visit; abductee, abductees and abducted give abduct.
    A word with a digit or a letter outside a-z is returned as it is."""
    if word in _KEEP or not _LETTERS.issuperset(word):
        return word
    for stage in _STAGES:
        for end, to, least, undouble in stage:
            if word.endswith(end) and len(word) - len(end) >= least:
                word = word[: len(word) - len(end)]
                if undouble and len(word) >= 2 and word[-1] == word[-2] and word[-1] in _DOUBLE:
                    word = word[:-1]
                word += to
                break
    return word


def words(text: str) -> list[str]:
    """Return the stems of the words of ``text``, in order."""
    return [stem(w) for w in fold(text).split()]


def forms(stemmed: str) -> list[str]:
    """Return every folded word whose stem is ``stemmed``, sorted: "visit" gives visit,
    visits, visited, visiting and a few more that no text may hold (visitted).

    Built by undoing the stages from last to first and keeping the candidates whose stem
    is indeed ``stemmed``; each stage changes a word by at most one ending, so no word
    is missed."""
    found = {stemmed}
    for stage in reversed(_STAGES):
        grown = set(found)
        for word in found:
            for end, to, _, undouble in stage:
                if not word.endswith(to):
                    continue
                base = word[: len(word) - len(to)]
                grown.add(base + end)
                if undouble and base and base[-1] in _DOUBLE:
                    grown.add(base + base[-1] + end)
        found = grown
    return sorted(w for w in found if stem(w) == stemmed)


Term = tuple[str, ...]  # the stems of a word or of a phrase, in order

# How a query is cut into words and "quoted phrases": the same expression in Python and
# in the page's script (which reads it from ``page_rules``), with white space spelled
# out, since the two languages' \s differ at the edges.
SPACE = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
CHUNK = f'"([^"]*)"?|“([^”]*)”?|([^{SPACE}]+)'


def page_rules() -> dict[str, Any]:
    """Return what the page's script reads: the table of endings and the query's cut."""
    return {**STEMMING, "chunk": CHUNK}


def terms(query: str) -> list[Term]:
    """Return the terms of a query: each word, and each "quoted phrase", as its stems.

    A word that folds into several (Yong-ho, U.S.) is a phrase of them; an unclosed
    quote runs to the end. Terms repeat only once; a query of no words gives [].
    """
    out: list[Term] = []
    for match in re.finditer(CHUNK, query):
        chunk = next(g for g in match.groups() if g is not None)
        term = tuple(words(chunk))
        if term and term not in out:
            out.append(term)
    return out


def contains(index: str, wanted: Sequence[Term]) -> bool:
    """Return whether an index (stems separated by spaces, fields by " | ", as
    ``search.index`` makes it) holds every term, a phrase as consecutive stems of one
    field. The page's script does exactly this."""
    padded = f" {index} "
    return all(f" {' '.join(term)} " in padded for term in wanted)


def _alternatives(stemmed: str) -> tuple[str, str]:
    """Return the escaped common beginning of the forms of ``stemmed`` and the group of
    their escaped remainders, such as ("visit", "(?:|ed|ing|s|...)")."""
    spelled = forms(stemmed)
    lead = spelled[0]
    for word in spelled[1:]:
        while not word.startswith(lead):
            lead = lead[:-1]
    rest = sorted((w[len(lead) :] for w in spelled), key=lambda r: (-len(r), r))
    return re.escape(lead), "(?:" + "|".join(re.escape(r) for r in rest) + ")"


@functools.lru_cache(maxsize=256)
def pattern(term: Term) -> re.Pattern[str]:
    """Return a regular expression that finds ``term`` in text made by
    ``fold_keeping_separators``: each word in any of its ``forms``, whole (no letter or
    digit either side), a phrase's words apart by anything but letters and digits. The
    expression starts with plain letters where it can, which Python's engine scans for
    fast."""
    parts = []
    for i, stemmed in enumerate(term):
        lead, rest = _alternatives(stemmed)
        if i == 0:
            parts.append(f"{lead}(?<![^\\W_]{lead}){rest}" if lead else f"(?<![^\\W_]){rest}")
        else:
            parts.append(f"[\\W_]+{lead}{rest}")
        parts.append(r"(?![^\W_])")
    return re.compile("".join(parts))


def scan(texts: Sequence[str], term: Term) -> set[int]:
    """Return the positions in ``texts`` of the texts that hold ``term``. Each text is
    folded and searched by ``pattern`` in C loops (``map``), so a hundred thousand
    summaries take about a tenth of a second."""
    search = pattern(term).search
    folded = map(str.lower if all(map(str.isascii, texts)) else fold_keeping_separators, texts)
    return set(compress(count(), map(search, folded)))


def holds(texts: Iterable[str], term: Term) -> bool:
    """Return whether any of a few ``texts`` (names, tags) holds ``term``."""
    search = pattern(term).search
    return any(search(fold_keeping_separators(t)) for t in texts)


# The page's half of the rule: fold and stem a query as ``terms`` does, reading the table
# ``STEMMING`` that the page embeds as JSON, and test an event's index as ``contains``
# does. tests/test_html_browser.py runs it in Chromium against ``terms`` and ``--search``.
PAGE_SCRIPT = r"""
const textmatch = (rules) => {
  const letters = new Set(rules.letters), keep = new Set(rules.keep), dbl = new Set(rules.double);
  const foldChar = new Map();
  const fold = (text) => Array.from(text, (ch) => {
    let f = foldChar.get(ch);
    if (f === undefined) {
      f = ch.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ς/g, "σ");
      foldChar.set(ch, f);
    }
    return f;
  }).join("").match(/[\p{L}\p{N}]+/gu) || [];
  const stem = (word) => {
    if (keep.has(word) || !Array.from(word).every((c) => letters.has(c))) return word;
    for (const stage of rules.stages) {
      for (const r of stage) {
        if (word.endsWith(r.end) && word.length - r.end.length >= r.min) {
          word = word.slice(0, word.length - r.end.length);
          const n = word.length;
          if (r.undouble && n >= 2 && word[n - 1] === word[n - 2] && dbl.has(word[n - 1])) {
            word = word.slice(0, -1);
          }
          word += r.to;
          break;
        }
      }
    }
    return word;
  };
  const terms = (query) => {
    const out = [];
    for (const m of query.matchAll(new RegExp(rules.chunk, "gu"))) {
      const chunk = m[1] !== undefined ? m[1] : m[2] !== undefined ? m[2] : m[3];
      const term = fold(chunk).map(stem).join(" ");
      if (term && !out.includes(term)) out.push(term);
    }
    return out;
  };
  const contains = (index, wanted) => {
    const padded = " " + index + " ";
    return wanted.every((term) => padded.includes(" " + term + " "));
  };
  return { fold, stem, terms, contains };
};
"""
