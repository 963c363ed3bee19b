"""Permission-matrix cases for the API's pages (gathered by tests/test_permissions.py).

Everyone signed in has an API tokens page of their own; webhooks are a lead's. The JSON API
itself (`api-v1`) answers to tokens, not sign-ins, so its matrix is tests/api/test_permissions.py.
"""

from tests.matrix import Case, _all, _members, programme

POST_ONLY = _all(405, anonymous=302)  # GET changes nothing

CASES: list[Case] = [
    Case("api:docs", expected=_all(200)),
    Case("api:tokens", expected=_all(200, anonymous=302)),
    Case("api:token-revoke", kwargs=lambda w: {"token_id": 987654}, expected=POST_ONLY),
    Case("api:hr-consent", kwargs=programme, expected=POST_ONLY),
    Case("api:webhooks", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "api:webhooks",
        kwargs=lambda w: {"programme_id": w.other_programme.pk},
        expected=_members(404, outsider=200),
        label="another programme's webhooks",
    ),
    Case("api:webhook-remove", kwargs=lambda w: {"programme_id": w.programme.pk, "endpoint_id": 987654},
         expected=POST_ONLY),
]
