"""Tokens for the World's personas, and a client that sends them."""

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.api import tokens
from commonground.api.models import Scope
from commonground.programmes.models import Programme

BASE = "/api/v1"


def token_for(person: Person, programme: Programme, *, scope: str = Scope.READ, days: int = 30) -> str:
    made = tokens.create_token(
        person=person, programme_id=programme.pk, name="test", scope=scope,
        expires_on=timezone.localdate() + dt.timedelta(days=days),
    )
    return made.raw


class ApiClient:
    """The test client with a bearer token on every request."""

    def __init__(self, raw: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"} if raw else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, headers=self.headers)

    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.put(BASE + path, body, content_type="application/json", headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(BASE + path, body, content_type="application/json", headers=self.headers)


def api_as(person: Person, programme: Programme, *, scope: str = Scope.READ) -> ApiClient:
    return ApiClient(token_for(person, programme, scope=scope))
