"""The migration that turns a round's session ref into a foreign key keeps every link it can."""

import pytest

from tests.scratch_db import migrate, scratch_database

BEFORE = [("development", "0002_install_builtin_instruments"), ("schedule", "0001_initial")]
# Filled, then the old column dropped: going back must rebuild the refs from the links alone.
FILLED = [("development", "0005_remove_round_session_ref")]


@pytest.mark.django_db(transaction=True)
def test_a_rounds_session_ref_becomes_its_session_and_back() -> None:
    with scratch_database() as scratch:
        old = migrate(scratch, BEFORE)
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
        assert version is not None, "the instruments migration installs the built-in instruments"
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
        filled = migrate(scratch, FILLED).get_model("development", "Round")
        linked = dict(filled.objects.values_list("title", "session_id"))
        assert linked == {title: session.pk if title == "linked" else None for title in titles}

        back = migrate(scratch, BEFORE).get_model("development", "Round")
        assert back.objects.get(title="linked").session_ref == str(session.pk)
        assert set(back.objects.exclude(title="linked").values_list("session_ref", flat=True)) == {""}
