"""Money as pages show it: `{{ amount|pounds }}` gives £12,345 (whole pounds, halves rounded up);
`{{ amount|pence }}` gives £12,345.50, for the rows an amount was entered in."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


def _amount(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _written(amount: Decimal, places: str) -> str:
    rounded = amount.quantize(Decimal(places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,}"


@register.filter
def pounds(value: object) -> str:
    """£12,345 (or -£1,200 when overspent); empty for no amount."""
    amount = _amount(value)
    return "" if amount is None else _written(amount, "1")


@register.filter
def pence(value: object) -> str:
    """£12,345.50; whole pounds without pence (£12,345)."""
    amount = _amount(value)
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return _written(amount, "1")
    return _written(amount, "0.01")
