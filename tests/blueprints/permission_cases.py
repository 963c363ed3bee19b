"""Permission-matrix cases for programme templates, new intakes and deferral (gathered by tests/test_permissions.py)."""

import datetime as dt

from commonground.blueprints import services, shipped
from commonground.blueprints.models import ProgrammeTemplate
from tests.conftest import World
from tests.matrix import Case, _all, _members, programme


def _shipped(w: World) -> dict[str, int | str]:
    return {"system_id": w.programme.system_id,
            "template_id": ProgrammeTemplate.objects.get(key=shipped.KEY).pk}


def _elsewhere_template(w: World) -> ProgrammeTemplate:
    """A template the other system (whose lead is the outsider) saved from its programme."""
    return services.save_as_template(w.other_programme, name="Elsewhere intake", by=w.oscar)


def lenas_new_intake(w: World) -> dict[str, int | str]:
    """A second intake Lena started from the shipped template: she leads it, nobody else is in it."""
    started = services.start_programme(
        ProgrammeTemplate.objects.get(key=shipped.KEY), system=w.programme.system, title="Heartlands 500, spring",
        starts_on=dt.date(2027, 3, 1), by=w.lena,
        places=[services.CohortChoice("Place 1 cohort", w.east.place, 20)],
    )
    return {"programme_id": started.pk}


CASES: list[Case] = [
    # Saving a programme as a template, and deferring one of its participants, are its leads'.
    Case("blueprints:save", kwargs=programme, expected=_members(404, lead=200)),
    Case("blueprints:defer", kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.alice.pk},
         expected=_members(404, lead=200)),
    Case("blueprints:defer", kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.sam.pk},
         expected=_members(404), label="a sponsor is not a participant to defer"),
    Case("blueprints:defer", kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.oscar.pk},
         expected=_members(404), label="someone of another programme"),
    # A programme started from a template: its confirmation is its leads'.
    Case("blueprints:started", kwargs=programme, expected=_members(404), label="a programme not started from one"),
    Case("blueprints:started", kwargs=lenas_new_intake, expected=_all(404, anonymous=302, lead=200),
         label="the intake Lena started"),
    # A system's templates and new intakes: its administrators and the leads of its programmes.
    Case("blueprints:templates", kwargs=lambda w: {"system_id": w.programme.system_id},
         expected=_all(404, anonymous=302, lead=200)),
    Case("blueprints:templates", kwargs=lambda w: {"system_id": w.other_programme.system_id},
         expected=_all(404, anonymous=302, outsider=200), label="another system: only its own leads"),
    Case("blueprints:start", kwargs=_shipped, expected=_all(404, anonymous=302, lead=200),
         label="the shipped template"),
    Case("blueprints:start",
         kwargs=lambda w: {"system_id": w.programme.system_id, "template_id": _elsewhere_template(w).pk},
         expected=_all(404, anonymous=302), label="another system's template through this system"),
    Case("blueprints:start",
         kwargs=lambda w: {"system_id": w.other_programme.system_id, "template_id": _elsewhere_template(w).pk},
         expected=_all(404, anonymous=302, outsider=200), label="another system's own template: its lead"),
]
