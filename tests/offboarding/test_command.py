"""manage.py offboard_system: the operators' way to export and delete a system."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commonground.offboarding.models import Action, OffboardingRecord, Via
from commonground.programmes.models import System
from tests.offboarding.systems import Built


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("offboard_system", *args, stdout=out)
    return out.getvalue()


def test_it_exports_then_deletes(systems: tuple[Built, Built], tmp_path: Path) -> None:
    a, b = systems
    target = tmp_path / "leaving.zip"
    said = run(str(a.system_id), "--export", str(target))
    record = OffboardingRecord.objects.get(action=Action.EXPORT)
    assert record.sha256 == hashlib.sha256(target.read_bytes()).hexdigest() and record.sha256 in said
    assert record.via == Via.COMMAND and record.by_id is None
    assert "manifest.json" in zipfile.ZipFile(target).namelist()
    assert "memberships: 7" in said
    said = run(str(a.system_id), "--delete", "--confirm", a.names.system)
    assert said.startswith(f"Deleted {a.names.system}:")
    assert not System.objects.filter(pk=a.system_id).exists() and System.objects.filter(pk=b.system_id).exists()


def test_it_refuses_to_delete_without_a_recent_export(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    with pytest.raises(CommandError, match="Download the system's export first"):
        run(str(a.system_id), "--delete", "--confirm", a.names.system)
    assert System.objects.filter(pk=a.system_id).exists()


def test_it_refuses_a_wrong_name_and_an_unknown_system(systems: tuple[Built, Built], tmp_path: Path) -> None:
    a, _b = systems
    with pytest.raises(CommandError, match="Type the system's name exactly"):
        run(str(a.system_id), "--export", str(tmp_path / "x.zip"), "--delete", "--confirm", "Somewhere else")
    assert System.objects.filter(pk=a.system_id).exists()
    with pytest.raises(CommandError, match="There is no system 987654"):
        run("987654", "--export", str(tmp_path / "y.zip"))
    with pytest.raises(CommandError, match="Say what to do"):
        run(str(a.system_id))
