"""The `<id:…>` path converter: every id in a URL (registered once, in CoreConfig.ready)."""

from commonground.core.inputs import ID_PATTERN, parse_id


class IdConverter:
    """ASCII digits that fit an id column. Anything else (2**63, forty zeros, `²`) matches no
    URL, so it answers 404 before any view or query runs."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id")  # Django reads this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)
