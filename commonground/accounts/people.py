"""The signed-in person behind a request."""

from django.http import HttpRequest

from commonground.accounts.models import Person


def person_from(request: HttpRequest) -> Person:
    """The signed-in person; views that use it require sign-in."""
    user = request.user
    assert isinstance(user, Person), "views using this helper require login"
    return user
