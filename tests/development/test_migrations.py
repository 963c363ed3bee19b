"""The migration that turns a round's session ref into a foreign key keeps every link it can."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commonground.development.models import Round

BEFORE = [("development", "0002_install_builtin_instruments"), ("schedule", "0001_initial")]
AFTER = [("development", "0003_round_session")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_rounds_session_ref_becomes_its_session_and_back() -> None:
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        system = old.get_model("programmes", "System").objects.create(name="Old System")
        programme = old.get_model("programmes", "Programme").objects.create(
            system=system, title="Old", starts_on="2026-01-01", ends_on="2026-12-31"
        )
        session = old.get_model("schedule", "Session").objects.create(
            programme=programme,
            title="Launch",
            starts_at="2026-01-05T09:00Z",
            ends_at="2026-01-05T12:00Z",
        )
        version = old.get_model("development", "InstrumentVersion").objects.first()
        rounds = old.get_model("development", "Round")
        titles = {
            "linked": str(session.pk),
            "no such session": str(session.pk + 1000),
            "not a number": "session-42",
            "not plain digits": "²",
            "no session": "",
        }
        for title, ref in titles.items():
            rounds.objects.create(
                programme=programme,
                instrument_version=version,
                kind="session",
                title=title,
                session_ref=ref,
                opens_at="2026-01-05T12:00Z",
                closes_at="2026-01-19T12:00Z",
            )
        executor = _migrate(executor.loader.graph.leaf_nodes())
        linked = dict(Round.objects.values_list("title", "session_id"))
        assert linked == {title: session.pk if title == "linked" else None for title in titles}

        executor = _migrate(AFTER)
        executor = _migrate(BEFORE)
        back = executor.loader.project_state(BEFORE).apps.get_model("development", "Round")
        assert back.objects.get(title="linked").session_ref == str(session.pk)
        assert set(back.objects.exclude(title="linked").values_list("session_ref", flat=True)) == {
            ""
        }
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
