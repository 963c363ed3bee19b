"""Reading what people send: ids the database can hold, one-line text, search words.

A request may carry anything: numbers past 2**63, digits from other scripts (`²`, `٣`, which
`str.isdigit()` accepts and `int()` partly refuses), NUL characters (which PostgreSQL refuses in
text) and line breaks where one line is meant. Everything here answers with a value or with
nothing (or a `ValidationError` for a form to show); never with an exception a page cannot catch.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Every id column is a signed 64-bit integer (DEFAULT_AUTO_FIELD is BigAutoField: PostgreSQL
# bigint, SQLite INTEGER), so no id is larger than this.
MAX_ID = 2**63 - 1
ID_PATTERN = "[0-9]{1,19}"  # ASCII digits only: str.isdigit() would let "²" and "٣" through
_ID = re.compile(ID_PATTERN)


def parse_id(value: object) -> int | None:
    """The id that `value` (a string from a request) spells in ASCII digits, or None when it
    spells none or one past what an id column holds."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The ids among `values` (e.g. `request.POST.getlist(...)`), in order, each once; the rest dropped."""
    return list(dict.fromkeys(n for n in map(parse_id, values) if n is not None))


# Line and paragraph separators and the bidirectional embeddings, overrides and isolates
# (which can make a name read backwards). Other format characters (zero-width joiners, soft
# hyphens) belong to ordinary writing in many scripts and stay allowed.
_REFUSED_FORMAT = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_refused_character(char: str) -> bool:
    """A character no one-line field takes: a control character (Unicode category Cc: tabs, line
    breaks, NUL, DEL, C1 controls such as NEL), a line or paragraph separator, a bidi control."""
    return unicodedata.category(char) == "Cc" or char in _REFUSED_FORMAT


def has_refused_characters(text: str, *, line_breaks: bool = False) -> bool:
    """Whether `text` holds a character `is_refused_character` names; with `line_breaks`,
    line breaks and tabs are allowed (text of several lines), everything else still counts."""
    allowed = "\n\r\t" if line_breaks else ""
    return any(is_refused_character(c) and c not in allowed for c in text)


@deconstructible
class OneLineValidator:
    """Refuse text with line breaks, tabs or other control characters, naming the field."""

    code = "control_characters"

    def __init__(self, label: str = "") -> None:
        self.label = label

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and has_refused_characters(value):
            what = f"{self.label[:1].upper()}{self.label[1:]}" if self.label else "This field"
            raise ValidationError(
                "%(what)s must be one line of text, without line breaks, tabs or other control characters.",
                code=self.code,
                params={"what": what},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OneLineValidator) and other.label == self.label

    def __hash__(self) -> int:
        return hash((type(self), self.label))


def one_line(text: str) -> str:
    """`text` on one line: every run of whitespace, line breaks and control characters becomes
    one space (for mail subjects and headers built from names people typed)."""
    spaced = "".join(" " if is_refused_character(c) else c for c in text)
    return " ".join(spaced.split())


def search_words(value: object, max_length: int = 100) -> str:
    """A search box's words: control characters (NUL among them) dropped, trimmed, at most
    `max_length` characters."""
    if not isinstance(value, str):
        return ""
    return one_line(value)[:max_length]


def paragraphs(value: object) -> str:
    """Text of several lines as typed into a text area: line breaks (as \\n) and tabs kept,
    every other control character (NUL among them) dropped, trimmed."""
    if not isinstance(value, str):
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or not is_refused_character(c)).strip()
