"""The record base: classes written as typing.NamedTuple, made as tuples with named fields."""

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


def test_records_are_made_as_namedtuple_makes_them() -> None:
    assert Pair("a", second=2) == Pair(first="a", second=2) == ("a", 2)
    assert Pair._field_defaults == {"second": None}
    assert Pair.__match_args__ == ("first", "second")
    assert Pair._make(["b", 1]) == Pair("b", 1)
    assert Pair("a", 1)._asdict() == {"first": "a", "second": 1}
    assert repr(Pair("a", 1)) == "Pair(first='a', second=1)"
    assert Pair.first.__get__(Pair("z")) == "z"
    with pytest.raises(TypeError):
        Pair._make(["a", 1, 2])
    with pytest.raises(ValueError, match="third"):
        Pair("a")._replace(third=3)
    with pytest.raises(TypeError):
        Pair("a", 1, 2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Pair(second=1)  # type: ignore[call-arg]


def test_a_record_made_before_its_class_is_called_is_a_full_record() -> None:
    class Late(Record):
        name: str
        count: int = 0

    made = tuple.__new__(Late, ("x", 1))  # as the snapshot and the fast loader make them
    assert made.name == "x" and made._replace(count=2) == Late("x", 2)
    assert Late("y") == ("y", 0) and Late.__new__.__qualname__.endswith("Late.__new__")


def test_a_field_name_namedtuple_would_refuse_is_refused() -> None:
    with pytest.raises(TypeError, match="_hidden"):

        class Hidden(Record):
            _hidden: str
