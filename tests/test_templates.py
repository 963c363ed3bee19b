"""Template comments stay comments: Django's `{# … #}` ends at the end of its line, so a comment
written over several lines is printed on the page as text."""

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from tests.conftest import World

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "commonground").glob("**/templates/**/*.html"))
OPEN_WITHOUT_CLOSE = re.compile(r"\{#(?!.*#\})")


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) > 50


def test_no_template_starts_a_one_line_comment_it_does_not_end_on_that_line() -> None:
    unclosed = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if OPEN_WITHOUT_CLOSE.search(line)
    ]
    assert not unclosed, "Use {% comment %}…{% endcomment %} for comments over several lines:\n" + (
        "\n".join(unclosed)
    )


def test_the_checkboxes_note_for_developers_is_not_shown_on_the_session_form(world: World) -> None:
    client = Client()
    client.force_login(world.lena)
    page = client.get(reverse("schedule:session-create", args=[world.programme.pk])).text
    assert 'class="nhsuk-checkboxes' in page
    assert "small=True" not in page and "#}" not in page
