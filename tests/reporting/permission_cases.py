"""Permission-matrix cases for report packs, the board's view and the system view (gathered by tests/test_permissions.py).

A lead sees every pack; a funder only the signed-off packs for the funder their role names."""

from commonground.programmes.models import Place
from tests.conftest import World
from tests.identity import objects as identity_objects
from tests.matrix import Case, _all, _members, programme
from tests.reporting import objects


def _pack(make):  # type: ignore[no-untyped-def]
    return lambda w: {"programme_id": w.programme.pk, "pack_id": make(w).pk}


def _board(w: World) -> dict[str, int | str]:
    return {"system_id": identity_objects.lena_administers(w).pk}


def _system(w: World) -> dict[str, int | str]:
    return {"system_id": w.programme.system_id}


def _elsewhere_place(w: World) -> int:
    return Place.objects.create(system=w.other_programme.system, name="Elsewhere Vale").pk


READERS = _members(404, lead=200, funder=200)

CASES: list[Case] = [
    Case("reporting:packs", kwargs=programme, expected=READERS),
    Case("reporting:pack", kwargs=_pack(objects.fionas_signed_pack), expected=READERS),
    Case("reporting:pack", kwargs=_pack(objects.fionas_unsigned_pack), expected=_members(404, lead=200),
         label="not signed off: the lead's alone"),
    Case("reporting:pack", kwargs=_pack(objects.another_funders_signed_pack), expected=_members(404, lead=200),
         label="signed off for another funder"),
    Case("reporting:pack-status", kwargs=_pack(objects.fionas_signed_pack), expected=_members(404, lead=302, funder=302),
         label="without htmx it leads back to the pack"),
    Case("reporting:pack-pdf", kwargs=_pack(objects.fionas_signed_pack), expected=READERS),
    Case("reporting:pack-xlsx", kwargs=_pack(objects.fionas_signed_pack), expected=READERS),
    Case("reporting:pack-pdf", kwargs=_pack(objects.fionas_unsigned_pack), expected=_members(404, lead=200),
         label="not signed off: the lead's alone"),
    Case("reporting:pack-xlsx", kwargs=_pack(objects.another_funders_signed_pack), expected=_members(404, lead=200),
         label="signed off for another funder"),
    Case("reporting:pack-sign-off", kwargs=_pack(objects.fionas_unsigned_pack), expected=_members(405, outsider=405),
         label="GET changes nothing"),
    Case("reporting:pack-delete", kwargs=_pack(objects.fionas_unsigned_pack), expected=_members(405, outsider=405),
         label="GET changes nothing"),
    # The board's view is the system administrators' (Lena once she administers the system).
    Case("reporting:board", kwargs=_board, expected=_all(404, anonymous=302, lead=200)),
    Case("reporting:board", kwargs=lambda w: {"system_id": w.programme.system_id},
         expected=_all(404, anonymous=302), label="leading a programme is not administering its system"),
    Case("reporting:board-xlsx", kwargs=_board, expected=_all(404, anonymous=302, lead=200)),
    Case("reporting:board-pdf", kwargs=_board, expected=_all(404, anonymous=302, lead=200)),
    # The system view is its administrators' and its programmes' leads' (tests/reporting/test_system_view.py).
    Case("reporting:system", kwargs=_system, expected=_all(404, anonymous=302, lead=200)),
    Case("reporting:system", kwargs=_board, expected=_all(404, anonymous=302, lead=200), label="as its administrator too"),
    Case("reporting:system-csv", kwargs=_system, expected=_all(404, anonymous=302, lead=200)),
    Case("reporting:system-xlsx", kwargs=_system, expected=_all(404, anonymous=302, lead=200)),
    Case("reporting:system-place", kwargs=lambda w: {"system_id": w.programme.system_id, "place_id": w.east.place_id or 0},
         expected=_all(404, anonymous=302, lead=200)),
    Case("reporting:system-place", kwargs=lambda w: {"system_id": w.programme.system_id,
                                                    "place_id": w.other_cohort.place_id or _elsewhere_place(w)},
         expected=_all(404, anonymous=302), label="another system's place"),
]
