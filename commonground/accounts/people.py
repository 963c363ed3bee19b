"""The signed-in person behind a request, and the one way to find or make someone's account by
their email address."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from commonground.accounts.models import Person
from commonground.core.inputs import has_refused_characters


def person_from(request: HttpRequest) -> Person:
    """The signed-in person; views that use it require sign-in."""
    user = request.user
    assert isinstance(user, Person), "views using this helper require login"
    return user


def account_for(*, email: str, full_name: str) -> tuple[Person, bool]:
    """The account with this address (in any case), or a new one without a password, who signs in
    by emailed link; and whether it was made now. A new account needs a full name."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"“{email}” is not an email address."}) from None
    person = Person.objects.filter(email__iexact=email).first()
    if person is not None:
        return person, False
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": f"Nobody has an account with {email} yet: give their full name."})
    if len(full_name) > 200 or has_refused_characters(full_name):
        raise ValidationError({"full_name": "Give a full name of one line, at most 200 characters."})
    person = Person(email=email, full_name=full_name)
    person.set_unusable_password()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # made by someone else in the same instant
        return Person.objects.get(email__iexact=email), False
    return person, True
