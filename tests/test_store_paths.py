"""The three ways a store is loaded must agree: detailed checks, the fast path for plainly
valid records, and msgspec for large files. A fast path may hand a record back to the
detailed checks, but must never accept what they refuse or build something else."""

from __future__ import annotations

import copy
import json
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mnktimeline.model import Store
from mnktimeline.store import FIELDS as store_fields
from mnktimeline.store import check_document
from mnktimeline.store.fast import load_large

from .conftest import REPO, examples

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import build

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
# Every field of each record kind, from the schema itself, and one it does not know.
FIELDS = {
    plural: [*store_fields[kind], "extra"]
    for plural, kind in (("events", "event"), ("actors", "actor"), ("sources", "source"))
}
INTERESTING = st.sampled_from(
    [
        "",
        "   ",
        "2014-02-30",
        "2014",
        "2016/2015",
        "2030-01-01",
        "diplomacy",
        "sport",
        "src-a",
        "mongolia",
        "bad id",
        "lone \ud800 surrogate",
        ["lone \udfff surrogate"],
        "\u0662\u0660\u0661\u0664",
        None,
        [],
        [""],
        [" "],
        ["mongolia"],
        ["nobody"],
        [{"source": "src-a"}],
        [{"source": "src-a", "locator": None}],
        [{"source": "src-a", "locator": " "}],
        [{"source": "nope"}],
        [{"text": "t", "sources": ["src-a"]}],
        [{"text": " "}],
        {"x": 1},
    ]
)


def materialized(store: Store) -> Store:
    """The store with its events in a tuple: a large store decodes them when asked for."""
    return store._replace(events=tuple(store.events))


def agree(doc: Any) -> None:
    detailed, problems = check_document(copy.deepcopy(doc), "s.json", warnings=True)
    fast, fast_problems = check_document(copy.deepcopy(doc), "s.json", warnings=False)
    errors = [p for p in problems if p.severity == "error"]
    assert errors == [p for p in fast_problems if p.severity == "error"]
    assert (detailed is None) == bool(errors)
    assert fast == detailed
    large = load_large(json.dumps(doc).encode("utf-8"), "s.json")
    if detailed is None:
        assert large is None
    else:
        assert large is not None and materialized(large) == detailed


def test_the_sample_and_a_generated_store_load_alike(sample_doc: dict[str, Any]) -> None:
    agree(sample_doc)
    agree(build(300, seed=7))


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(FIELDS)),
    index=st.integers(min_value=0, max_value=8),
    data=st.data(),
    value=INTERESTING | json_values,
    delete=st.booleans(),
)
def test_any_one_change_is_judged_alike_on_every_path(
    sample_doc: dict[str, Any], kind: str, index: int, data: st.DataObject, value: Any, delete: bool
) -> None:
    doc = copy.deepcopy(sample_doc)
    records = doc[kind]
    record = records[index % len(records)]
    key = data.draw(st.sampled_from(FIELDS[kind]))
    if delete:
        record.pop(key, None)
    else:
        record[key] = value
    agree(doc)
