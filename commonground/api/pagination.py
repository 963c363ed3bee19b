"""Cursor pagination for every list: a stable order by id, an opaque cursor, a capped `limit`.

The cursor names the last id a page gave; the next page starts after it, so rows added or removed
between requests never shift a page (an offset would). Callers treat the cursor as opaque: it is
base64 so that no one builds one by hand, and anything that is not one of ours answers 400.
"""

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from django.db.models import Model, QuerySet
from ninja.errors import HttpError

from commonground.core.inputs import parse_id

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_TAG = "after:"


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_TAG}{last_id}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    """The id a cursor names (0 for the first page); 400 for anything else."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        raise HttpError(400, "This cursor is not one this API gave.") from None
    last = parse_id(text.removeprefix(_TAG)) if text.startswith(_TAG) else None
    if last is None:
        raise HttpError(400, "This cursor is not one this API gave.")
    return last


def page[M: Model](queryset: QuerySet[M], *, cursor: str | None, limit: int) -> tuple[list[M], str | None]:
    """One page of rows after the cursor, by id, and the cursor of the next page (None at the end)."""
    after = decode(cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    return rows[:limit], (encode(rows[limit - 1].pk) if len(rows) > limit else None)


def listed(items: Sequence[Any], next_cursor: str | None) -> dict[str, Any]:
    return {"items": list(items), "next_cursor": next_cursor}
