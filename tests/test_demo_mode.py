"""The laptop demo (`make run`) runs with DEBUG off and DEMO_MODE on: pages as in production,
plus what a demo on one machine needs. Production (both off) is unchanged.

The settings are read once per process, so each case runs Django in a fresh process with the
environment `make run` (or a deployment) gives it, and reports what it served.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
from django.conf import settings
if os.environ.get("PROBE_PAGES"):
    # The pages need tables, not the migrations' history: made straight from the models, in seconds.
    from django.apps import apps as _apps
    settings.MIGRATION_MODULES = {}
django.setup()
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
try:
    resolve("/demo/outbox/")
    outbox_exists = True
except Resolver404:
    outbox_exists = False
answer = {
    "debug": settings.DEBUG,
    "demo": settings.DEMO_MODE,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "delivery": settings.MAILERS["delivery"]["BACKEND"],
    "outbox_exists": outbox_exists,
}
if os.environ.get("PROBE_PAGES"):
    settings.MIGRATION_MODULES = {app.label: None for app in _apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)  # an in-memory database of its own
    client = Client(HTTP_HOST="127.0.0.1")
    missing = client.get("/nonexistent")
    answer.update(
        missing=[missing.status_code, missing.content.decode()],
        static=client.get("/static/css/commonground.css").status_code,
        outbox=client.get("/demo/outbox/").status_code,
    )
print(json.dumps(answer))
"""

CLEARED = {"DEBUG", "DEMO_MODE", "SECRET_KEY", "ALLOWED_HOSTS", "COMMONGROUND_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_HOST"}


def _probe(**env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if k not in CLEARED}
    clean.update(COMMONGROUND_TESTING="false", DATABASE_URL="sqlite://:memory:", **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def _make_run_environment() -> dict[str, str]:
    """The variables `make run` sets for the server it starts (read from a dry run of the Makefile)."""
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    ).stdout
    serve = next(line for line in dry.splitlines() if "scripts/serve.sh" in line)
    return dict(re.findall(r"\b([A-Z_]+)=(\S+)", serve.split("bash")[0]))


def test_make_run_serves_the_demo_with_debug_off_and_the_demo_setting_on() -> None:
    env = _make_run_environment()
    assert env.get("DEMO_MODE") == "true"
    assert "DEBUG" not in env


def test_the_demo_shows_the_styled_404_serves_static_files_and_has_the_outbox() -> None:
    demo = _probe(PROBE_PAGES="1", **_make_run_environment())
    assert demo["debug"] is False and demo["demo"] is True
    status, page = demo["missing"]  # type: ignore[misc]
    assert status == 404
    assert "Page not found" in page and "nhsuk-header" in page
    assert "Using the URLconf" not in page and "technical_404" not in page, "not Django's debug page"
    assert demo["static"] == 200
    assert demo["outbox"] == 200 and demo["outbox_exists"] is True
    assert demo["delivery"] == "commonground.accounts.mail.ConsoleLineBackend"
    assert "127.0.0.1" in demo["allowed_hosts"]  # type: ignore[operator]


def test_production_has_no_outbox_and_still_needs_its_key_and_hosts() -> None:
    production = _probe(
        SECRET_KEY="a-long-random-production-secret-key-with-enough-characters-1234567890",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )
    assert production["debug"] is False and production["demo"] is False
    assert production["outbox_exists"] is False
    assert production["delivery"] == "django.core.mail.backends.smtp.EmailBackend"
    without_hosts = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'commonground.settings'); django.setup(); from django.conf import settings; print(settings.ALLOWED_HOSTS)"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={**{k: v for k, v in os.environ.items() if k not in CLEARED}, "COMMONGROUND_TESTING": "false",
             "SECRET_KEY": "a-long-random-production-secret-key-with-enough-characters-1234567890"},
    )
    assert without_hosts.stdout.strip() == "[]"
