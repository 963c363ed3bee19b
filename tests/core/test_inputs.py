"""Reading ids and text from requests: a value or nothing, never an exception."""

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from commonground.core.inputs import MAX_ID, paragraphs, parse_id, parse_ids, search_words
from commonground.programmes.models import Place
from tests.conftest import World


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7", 7),
        ("0", 0),
        ("007", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # 2**63: past every id column
        ("1" + "0" * 30, None),
        ("0" * 40, None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("٣", None),  # int() reads it as 3; an id is ASCII digits
        ("１", None),
        ("-1", None),
        (" 7", None),
        ("7\x00", None),
        ("", None),
        (None, None),
        (7, None),  # only text from a request is read
    ],
)
def test_parse_id_reads_ascii_digits_that_fit_an_id_column(text: object, expected: int | None) -> None:
    assert parse_id(text) == expected


def test_parse_ids_keeps_the_ids_in_order_once_and_drops_the_rest() -> None:
    assert parse_ids(["3", "²", "1", str(2**64), "3", "", "٣", "2"]) == [3, 1, 2]


def test_search_words_drop_control_characters_and_stay_short() -> None:
    assert search_words("  Alice\x00 Acute\r\n ") == "Alice Acute"
    assert search_words("x" * 500) == "x" * 100
    assert search_words(None) == ""


def test_paragraphs_keep_line_breaks_and_drop_nul() -> None:
    assert paragraphs(" First line.\r\nSecond\x00 line.\x1b ") == "First line.\nSecond line."


@pytest.mark.parametrize("odd", [str(2**63), str(2**64), "0" * 40, "²", "%C2%B2", "%D9%A3", "-1"])
def test_an_id_in_a_url_that_no_column_holds_matches_no_url(odd: str) -> None:
    with pytest.raises(Resolver404):
        resolve(f"/programmes/{odd}/")
    assert resolve(f"/programmes/{MAX_ID}/").kwargs == {"programme_id": MAX_ID}


def test_urls_are_reversed_only_for_ids() -> None:
    assert reverse("programmes:overview", args=[12]) == "/programmes/12/"
    with pytest.raises(NoReverseMatch):
        reverse("programmes:overview", args=["²"])


@pytest.mark.django_db
def test_in_with_numbers_past_the_column_matches_nothing_on_every_database(world: World) -> None:
    east = Place.objects.get(name="East Surrey")
    assert list(Place.objects.filter(pk__in=[2**63, 10**30, -(2**64)])) == []
    assert list(Place.objects.filter(pk__in=[east.pk, 2**63])) == [east]
