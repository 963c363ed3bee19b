"""The engine is a pure core: importing every module loads no Django."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import commonground.grouping.engine as engine


def test_it_imports_every_engine_module_without_loading_django() -> None:
    names = [m.name for m in pkgutil.walk_packages(engine.__path__, engine.__name__ + ".")]
    assert "commonground.grouping.engine.cli" in names
    assert "commonground.grouping.engine.cli_match" in names
    assert "commonground.grouping.engine.matching" in names
    assert "commonground.grouping.engine.buddies" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
