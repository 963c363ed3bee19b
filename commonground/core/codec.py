"""Frozen dataclasses to JSON-able data and back: PURE Python, no Django import.

`encode(value)` turns one of our figure dataclasses (and anything inside it) into lists, dicts,
strings, numbers, booleans and None; `decode(shape, data)` rebuilds the same value from that data,
led by the type hints of `shape`, so nothing in the data names a class and nothing is executed
(no pickle). What it knows:

- dataclasses, nested to any depth: a dict of their `init` fields (a field missing from the data
  takes its default, so a field added with a default still reads older data);
- `list`, `tuple` (of one type or of fixed positions), `set` and `frozenset`, `dict` and `Mapping`
  (as a list of key and value pairs, so keys keep their type: `dict[int, ...]` comes back with int
  keys);
- `X | None`, `Decimal` (as text, exactly), `datetime` and `date` (ISO 8601, with the offset),
  enums (`StrEnum`, `IntEnum`, Django's `TextChoices`: by value), floats that are not finite (as
  text, since JSON has no NaN), `Any`;
- `core.disclosure.Publication`, a dataclass like the rest, so a stored figure keeps the
  publication the next one in the chain is protected given.

Anything else raises `TypeError`, at encoding rather than later at reading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
import types
import typing
from collections import abc
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

type Json = bool | int | float | str | list[Json] | dict[str, Json] | None

_MAPPING_ORIGINS = {dict, abc.Mapping, abc.MutableMapping}
_LIST_ORIGINS = {list, abc.Sequence, abc.Iterable}
_SET_ORIGINS = {set, frozenset, abc.Set}


def encode(value: Any) -> Json:
    """JSON-able data for `value`; `decode` with the value's type gives it back."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return encode(value.value)
    if isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, Mapping):
        return [[encode(k), encode(v)] for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, set | frozenset):
        # Sorted by their encoding, so the same set always gives the same data.
        return sorted((encode(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    raise TypeError(f"Cannot encode a {type(value).__name__}: add it to core.codec first.")


def decode[T](shape: type[T], data: Json) -> T:
    """The value of type `shape` that `encode` turned into `data`."""
    return typing.cast(T, _decode(shape, data))


def _decode(shape: Any, data: Any) -> Any:
    if shape is Any or shape is object:
        return data
    if shape is None or shape is type(None):
        if data is not None:
            raise TypeError(f"Expected None, got {data!r}.")
        return None
    origin = typing.get_origin(shape)
    args = typing.get_args(shape)
    if origin is typing.Union or origin is types.UnionType:
        return _union(args, data)
    if origin is typing.Annotated:
        return _decode(args[0], data)
    if origin is not None:
        return _generic(origin, args, data)
    if isinstance(shape, type):
        return _plain(shape, data)
    raise TypeError(f"Cannot decode into {shape!r}.")


def _union(args: tuple[Any, ...], data: Any) -> Any:
    if data is None and type(None) in args:
        return None
    others = [a for a in args if a is not type(None)]
    if len(others) == 1:
        return _decode(others[0], data)
    if all(a in (int, float, str, bool) for a in others):
        return data  # JSON keeps these apart itself
    raise TypeError(f"Cannot tell which of {others} the data {data!r} is.")


def _generic(origin: Any, args: tuple[Any, ...], data: Any) -> Any:
    if origin in _MAPPING_ORIGINS:
        key, value = args or (Any, Any)
        return {_decode(key, k): _decode(value, v) for k, v in data}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        if not args:
            return tuple(data)
        if len(args) != len(data):
            raise TypeError(f"Expected {len(args)} items, got {len(data)}.")
        return tuple(_decode(a, item) for a, item in zip(args, data, strict=True))
    item = args[0] if args else Any
    if origin in _SET_ORIGINS:
        made = (_decode(item, x) for x in data)
        return set(made) if origin is set else frozenset(made)
    if origin in _LIST_ORIGINS:
        return [_decode(item, x) for x in data]
    if origin is type:
        raise TypeError("Classes are not data.")
    raise TypeError(f"Cannot decode into {origin!r}.")


def _plain(shape: type, data: Any) -> Any:
    if dataclasses.is_dataclass(shape):
        hints = _hints(shape)
        values = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(shape)
            if f.init and f.name in data
        }
        return shape(**values)
    if issubclass(shape, enum.Enum):
        return shape(data)
    if shape is bool:
        return _checked(bool, data)
    if shape is int:
        return _checked(int, data)
    if shape is str:
        return _checked(str, data)
    if shape is float:
        return float(data)
    if shape is Decimal:
        return Decimal(data)
    if shape is dt.datetime:
        return dt.datetime.fromisoformat(data)
    if shape is dt.date:
        return dt.date.fromisoformat(data)
    if shape in (list, tuple, set, frozenset, dict):
        return _generic(shape, (), data)
    raise TypeError(f"Cannot decode into {shape.__name__}: add it to core.codec first.")


def _checked(kind: type, data: Any) -> Any:
    if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
        raise TypeError(f"Expected {kind.__name__}, got {data!r}.")
    return data


@cache
def _hints(shape: type) -> dict[str, Any]:
    """A dataclass's field types, with postponed annotations (`from __future__ import annotations`) resolved."""
    return typing.get_type_hints(shape)
