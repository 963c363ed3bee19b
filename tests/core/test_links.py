"""Full addresses for mail and calendar files come from SITE_URL, with or without its last slash."""

import pytest
from django.test import override_settings
from django.urls import reverse

from commonground.core.links import absolute_reverse, absolute_url


@pytest.mark.parametrize("site", ["https://cg.example", "https://cg.example/"])
def test_absolute_url_joins_the_site_and_the_path_with_one_slash(site: str) -> None:
    with override_settings(SITE_URL=site):
        assert absolute_url("/programmes/3/") == "https://cg.example/programmes/3/"


@override_settings(SITE_URL="https://cg.example/")
def test_absolute_reverse_names_a_url_with_its_arguments() -> None:
    path = reverse("schedule:session-detail", args=[3, 7])
    assert absolute_reverse("schedule:session-detail", 3, 7) == "https://cg.example" + path
