"""Emailed sign-in links (django-sesame): one use, within SESAME_MAX_AGE, opened by the sign-in
link page, which asks for a click before signing in (mail scanners follow links)."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.http import urlencode
from sesame.utils import get_query_string

from commonground.accounts.models import Person
from commonground.core.links import absolute_url


def sign_in_link(person: Person, *, next_path: str = "", address: Callable[[str], str] = absolute_url) -> str:
    """A full sign-in link for `person`, leading to `next_path` (a path of this site) once used.
    `address` turns a path into a full address: the site's by default, a request's own when there is one."""
    path = reverse("accounts:link-use") + get_query_string(person)
    if next_path:
        path += "&" + urlencode({"next": next_path})
    return address(path)
