"""The layer contract (pyproject's [tool.importlinter]) holds, and it sees imports made inside functions.

The second test builds a two-app package whose lower app imports the upper one only inside a
function, and expects import-linter to call that a broken layer: if the tool ever stopped counting
such imports, the contract on the real code would pass without meaning anything.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def test_the_project_keeps_its_layers() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_inside_a_function_breaks_a_layer(tmp_path: Path) -> None:
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text(
        textwrap.dedent(
            """
            def price():
                from shop import high  # hidden inside a function

                return high.VALUE
            """
        )
    )
    (package / "high.py").write_text("VALUE = 1\n")
    (tmp_path / ".importlinter").write_text(
        textwrap.dedent(
            """
            [importlinter]
            root_package = shop

            [importlinter:contract:layers]
            name = Layers
            type = layers
            layers =
                shop.high
                shop.low
            """
        )
    )
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "shop.low -> shop.high" in result.stdout
