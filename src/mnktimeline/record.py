"""The base of the package's immutable records: ``class Event(Record): ...``.

To a type checker ``Record`` is ``typing.NamedTuple``, and a record class is written and
checked as one. At run time it makes a tuple subclass with what ``collections.namedtuple``
gives (fields read by index, ``_fields``, ``_field_defaults``, ``_make``, ``_replace``,
``_asdict``, its repr and pickling) and the body's methods, properties and docstring,
without two costs that every command pays for each record class at start-up: typing
compiles every field's annotation into a ``ForwardRef`` that nothing reads, and
namedtuple compiles the source of each class's ``__new__``. Here that ``__new__`` is
compiled the first time the class is called, so a class whose records are only ever
unpickled or built with ``tuple.__new__`` never pays for it. The annotations stay on the
class, as text, for whoever wants them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    from keyword import iskeyword
    from operator import itemgetter

    try:  # the C descriptor namedtuple uses for its fields
        from _collections import _tuplegetter
    except ImportError:  # an interpreter without it

        def _tuplegetter(index: int, doc: str) -> Any:
            return property(itemgetter(index), doc=doc)

    _tuple_new = tuple.__new__

    def _first_new(cls: type, *args: Any, **kwargs: Any) -> Any:
        """Compile the record's ``__new__``, put it on the class, and make the record."""
        owner = next(c for c in cls.__mro__ if "_fields" in c.__dict__)
        names = ", ".join(owner._fields)
        params = "".join(f", {name}" for name in owner._fields)
        items = "".join(f"{name}, " for name in owner._fields)
        source = f"lambda _cls{params}: _tuple_new(_cls, ({items}))"
        new = eval(source, {"_tuple_new": _tuple_new})
        new.__name__ = "__new__"
        new.__qualname__ = f"{owner.__qualname__}.__new__"
        new.__defaults__ = tuple(owner._field_defaults.values()) or None
        new.__doc__ = f"Create a new {owner.__name__}({names})."
        owner.__new__ = staticmethod(new)
        return new(cls, *args, **kwargs)

    @classmethod
    def _make(cls: type, iterable: Any) -> Any:
        made = _tuple_new(cls, iterable)
        if len(made) != len(cls._fields):
            raise TypeError(f"{cls.__name__} takes {len(cls._fields)} fields, not {len(made)}")
        return made

    def _replace(self: Any, /, **changes: Any) -> Any:
        made = _tuple_new(type(self), map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"{type(self).__name__} has no field {', '.join(changes)}")
        return made

    def _asdict(self: Any) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self: Any) -> str:
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
        )
        return f"{type(self).__name__}({shown})"

    def __getnewargs__(self: Any) -> tuple[Any, ...]:
        return tuple(self)

    _SHARED = {
        "__slots__": (),
        "__new__": _first_new,
        "_make": _make,
        "_replace": _replace,
        "_asdict": _asdict,
        "__repr__": __repr__,
        "__getnewargs__": __getnewargs__,
    }

    class _RecordType(type):
        def __new__(mcls, name: str, bases: tuple[type, ...], body: dict[str, Any]) -> Any:
            if not bases:  # Record itself
                return super().__new__(mcls, name, bases, body)
            fields = tuple(body.get("__annotations__", ()))
            bad = [f for f in fields if not f.isidentifier() or f[0] == "_" or iskeyword(f)]
            if bad:
                raise TypeError(f"{name}: a field's name may not be {bad[0]!r}")
            defaults = {f: body.pop(f) for f in fields if f in body}
            if list(defaults) != list(fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            namespace = {**_SHARED, **body}
            namespace.setdefault("__doc__", f"{name}({', '.join(fields)})")
            namespace["_fields"] = fields
            namespace["_field_defaults"] = defaults
            namespace["__match_args__"] = fields
            for index, field in enumerate(fields):
                namespace[field] = _tuplegetter(index, f"Field {index}: {field}")
            return type(name, (tuple,), namespace)

    class Record(metaclass=_RecordType):
        """Write a record as a typing.NamedTuple; get a tuple with named fields."""


__all__ = ["Record"]
