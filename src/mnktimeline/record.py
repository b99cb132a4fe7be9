"""The base of the package's immutable records: ``class Event(Record): ...``.

To a type checker ``Record`` is ``typing.NamedTuple``, and a record class is written and
checked as one. At run time it makes the same class, a ``collections.namedtuple`` with the
body's methods, properties and docstring, without what typing adds on top: turning every
field's annotation into a ``ForwardRef`` (compiling its text) so that nothing reads them
later. Every command pays for each record class at start-up; typing's way costs three times
this one. The annotations stay on the class, as text, for whoever wants them.
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    # What namedtuple makes itself, or what may not be set on a class after it is made.
    _OWN = frozenset(("__module__", "__qualname__", "__annotations__", "__dict__", "__slots__"))

    class _RecordType(type):
        def __new__(mcls, name: str, bases: tuple[type, ...], body: dict[str, Any]) -> Any:
            if not bases:  # Record itself
                return super().__new__(mcls, name, bases, body)
            fields = tuple(body.get("__annotations__", ()))
            defaults = [body[f] for f in fields if f in body]
            if any(f not in body for f in fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            made = namedtuple(name, fields, defaults=defaults, module=body["__module__"])
            for key, value in body.items():
                if key not in _OWN and key not in fields:
                    setattr(made, key, value)
            made.__qualname__ = body.get("__qualname__", name)
            made.__annotations__ = body.get("__annotations__", {})
            return made

    class Record(metaclass=_RecordType):
        """Write a record as a typing.NamedTuple; get a collections.namedtuple."""


__all__ = ["Record"]
