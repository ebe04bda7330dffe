"""One object for what many records hold the same, so that a platform's front matter fits in memory.

A survey of 10⁶ documents holds every document's front matter at once (shards.survey), and most of
its bytes were copies of the same things: each pydantic instance's set of the fields it was given
(~0.7 KB, read by nothing in gongkai), each empty list (56 bytes, eleven of them in a document's
front matter), each YAML path, each document's map of positions.  These helpers keep one of
each; what they share is never changed after it is made.  `shared` keeps every value it was given
(for values of few kinds: paths); `Recent` keeps those seen lately (for values that may each be
new: a file's shape or layout, sources.LineMap).
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

T = TypeVar("T")

_same: dict = {}
_field_sets: dict[frozenset[str], set[str]] = {}


def shared(value: T) -> T:
    """The first value equal to `value` seen so far (hashable and never changed: tuples of positions, paths)."""
    return _same.setdefault(value, value)


class EmptyList(list):
    """The empty list every record holds for a list field left empty: a list that refuses to be
    changed (a record is frozen; a change through one record would show in all of them)."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("a shared empty list cannot be changed: copy it first (list(value))")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self):
        return (empty, ())


EMPTY = EmptyList()


def empty() -> EmptyList:
    """The shared empty list (a default_factory)."""
    return EMPTY


def compact(model: BaseModel) -> BaseModel:
    """`model` (frozen, just validated) holding the shared set of its fields' names and the shared
    empty list for each empty list field.  pydantic copies the set before changing it (model_copy),
    and compares models without it, so sharing it changes nothing but the memory."""
    names = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", _field_sets.setdefault(frozenset(names), names))
    values = model.__dict__
    for name, value in values.items():
        if type(value) is list and not value:
            values[name] = EMPTY
    return model


class Recent:
    """One object for each value among those seen lately: `one(value)` is the value equal to `value`
    that the table holds, else `value`, which it then holds.  The table forgets everything once it
    holds `size` values, so values that never recur cost at most `size` entries however many there
    are, while those that recur are shared again from their next occurrence on."""

    def __init__(self, size: int):
        self.size = size
        self.table: dict = {}

    def get(self, value: T) -> T | None:
        return self.table.get(value)

    def one(self, value: T) -> T:
        found = self.table.get(value)
        if found is None:
            if len(self.table) >= self.size:
                self.table.clear()
            found = self.table[value] = value
        return found
