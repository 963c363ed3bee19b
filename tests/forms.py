"""Forms as a browser sees them: what a page's form would send, and what a person types in dates.

`submitted` reads a form out of a page's HTML and returns the data a browser would post if the
person pressed its button without touching anything: text boxes with their values, ticked boxes
and radios, chosen options, text areas. A test that posts this back proves the page carries
every existing value back, which a test posting hand-made data cannot.

Browsers clean some values first (the HTML standard's "value sanitization"): a date box whose
value is not an ISO date (2027-01-31), a time box not holding a time (09:30), or a number box not
holding a number, shows as empty and sends nothing but an empty value. `submitted` does the same,
so a page that writes `31/01/2027` into a date box is caught here as it is in a browser.
"""

import datetime as dt
import re
from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict


def date_boxes(name: str, value: dt.date) -> dict[str, str]:
    """The three boxes of a date field as a person fills them in (31, 1, 2027)."""
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


_VALID = {
    "date": re.compile(r"[0-9]{4,}-[0-9]{2}-[0-9]{2}"),
    "time": re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,3})?)?"),
    "number": re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?"),
}


def _sanitised(kind: str, value: str) -> str:
    pattern = _VALID.get(kind)
    return value if pattern is None or pattern.fullmatch(value) else ""


class _FormReader(HTMLParser):
    """Every form of a page: the names of its controls, and what it would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.forms: list[tuple[set[str], MultiValueDict[str, str]]] = []
        self.names: set[str] = set()
        self.data: MultiValueDict[str, str] = MultiValueDict()
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside, self.names, self.data = True, set(), MultiValueDict()
            self.forms.append((self.names, self.data))
        if not self.inside:
            return
        name = a.get("name")
        if name:
            self.names.add(name)
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.appendlist(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "reset", "image"):
                self.data.appendlist(name, _sanitised(kind, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]  # a single select sends its first option
            for value in chosen:
                self.data.appendlist(self._select, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser drops the newline right after <textarea>, as browsers do.
            self.data.appendlist(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None


def submitted(html: str, *, containing: str) -> dict[str, str | list[str]]:
    """What the page's form with a control named `containing` sends untouched.

    Each name maps to the list of its values, as the test client posts them.
    """
    reader = _FormReader()
    reader.feed(html)
    for names, data in reader.forms:
        if containing in names:
            return dict(data.lists())
    raise AssertionError(f"no form on the page has a control named {containing!r}")
