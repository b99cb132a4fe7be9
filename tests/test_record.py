"""The record base: classes written as typing.NamedTuple, made as collections.namedtuple."""

import pickle

import pytest

from mnktimeline.model import Event, Office, Source
from mnktimeline.record import Record


class Pair(Record):
    """Two values, the second optional."""

    first: str
    second: int | None = None

    @property
    def both(self) -> bool:
        return self.second is not None

    def swapped(self) -> tuple[int | None, str]:
        return (self.second, self.first)


def test_fields_defaults_and_body_are_kept() -> None:
    pair = Pair("a")
    assert tuple(pair) == ("a", None)
    assert Pair._fields == ("first", "second")
    assert Pair(first="a", second=2).swapped() == (2, "a")
    assert not pair.both and Pair("a", 1).both
    assert Pair.__doc__ == "Two values, the second optional."
    assert Pair.__qualname__ == "Pair"
    assert Pair.__module__ == __name__
    assert list(Pair.__annotations__) == ["first", "second"]
    assert Pair("a")._replace(second=3) == Pair("a", 3)
    assert isinstance(pair, tuple)


def test_records_are_immutable_and_pickle() -> None:
    office = Office("President")
    with pytest.raises(AttributeError):
        office.title = "Premier"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(office)) == office
    assert type(pickle.loads(pickle.dumps(office))) is Office


def test_missing_arguments_are_refused_as_for_any_function() -> None:
    with pytest.raises(TypeError):
        Source("id", "title")  # type: ignore[call-arg]
    assert Event._fields[:3] == ("id", "date", "title")


def test_a_field_without_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="Bad"):

        class Bad(Record):
            first: str = ""
            second: str  # type: ignore[misc]
