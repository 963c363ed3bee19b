"""Figure pages and exports offer fixed breakdowns only: no reader-chosen period or subset.

A free date range or an arbitrary subset would be a new table, and its difference from another
would give hidden cells away whatever the protection of each. So every figure page and export
publishes the same figures whatever is added to its address, and a choice outside the fixed ones
(an unknown export format, a round of another programme) answers 404.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from commonground.programmes.models import Cohort, Organisation
from tests.test_disclosure_audit import SIGN_INS, Awkward
from tests.test_disclosure_audit import awkward as awkward  # the fixture

FIGURE_KEYS = {
    "programmes:overview": ("lead_figures", "funder_figures", "funding"),
    "programmes:organisation-list": ("organisations", "hidden"),
    "development:evaluation": ("evaluation",),
    "development:rounds": ("rates",),
    "network:figures": ("figures",),
    "schedule:attendance-figures": ("totals", "cohorts", "sectors", "organisations"),
}


def _subsets(awkward: Awkward) -> dict[str, str]:
    cohort = Cohort.objects.filter(programme_id=awkward.structure.programme_id).first()
    organisation = Organisation.objects.first()
    assert cohort is not None and organisation is not None
    return {
        "from": "2020-01-01", "to": "2020-01-31", "start": "2020-01-01", "end": "2020-01-31",
        "since": "2020-01-01", "until": "2020-01-31", "period": "2020-Q1", "quarter": "2020-Q1",
        "cohort": str(cohort.pk), "place": str(cohort.place_id), "sector": "nhs_acute",
        "organisation": str(organisation.pk), "round": "1", "session": "1", "module": "Trust",
    }


def _figures(response: object, keys: tuple[str, ...]) -> dict[str, str]:
    context = response.context  # type: ignore[attr-defined]
    return {key: repr(context.get(key)) for key in keys}


@pytest.mark.parametrize("role", ["lead", "funder"])
def test_figure_pages_publish_the_same_figures_whatever_the_address_asks(awkward: Awkward, role: str) -> None:
    client = Client()
    client.force_login(awkward.people[SIGN_INS[role]])
    programme_id = awkward.structure.programme_id
    query = "?" + "&".join(f"{k}={v}" for k, v in _subsets(awkward).items())
    seen = 0
    for name, keys in FIGURE_KEYS.items():
        url = reverse(name, args=[programme_id])
        plain = client.get(url)
        if plain.status_code == 404:
            continue
        asked = client.get(url + query)
        assert asked.status_code == 200, name
        assert _figures(asked, keys) == _figures(plain, keys), f"{name} changed with {query}"
        seen += 1
    for fmt in ("csv", "xlsx"):
        url = reverse("development:evaluation-export", args=[programme_id, fmt])
        plain, asked = client.get(url), client.get(url + query)
        assert plain.content == asked.content or fmt == "xlsx", "the CSV is the same file"
    for pk, _, _ in awkward.structure.survey_rounds:
        url = reverse("network:map", args=[programme_id, pk])
        plain, asked = client.get(url), client.get(url + query)
        strip = re.compile(rb'nonce="[^"]*"|csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')
        assert strip.sub(b"", plain.content) == strip.sub(b"", asked.content)
    assert seen >= (5 if role == "lead" else 4)


def test_a_choice_outside_the_fixed_ones_answers_404(awkward: Awkward) -> None:
    client = Client()
    client.force_login(awkward.people["Lena Lead"])
    programme_id = awkward.structure.programme_id
    assert client.get(reverse("development:evaluation-export", args=[programme_id, "pdf"])).status_code == 404
    assert client.get(reverse("network:map", args=[programme_id, 999999])).status_code == 404
