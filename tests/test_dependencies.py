"""Every runtime dependency in pyproject.toml is used: a package nothing uses is weight, a
licence and a security surface for nothing, so it waits until the feature that needs it arrives.

A dependency counts as used when the product's code imports it, names it in a setting (a
middleware or backend path), runs it from the Makefile, scripts, CI or the deployment guide
(gunicorn), or is the database driver Django loads for a `DATABASE_URL` we support.
"""

import ast
import importlib.metadata
import importlib.util
import re
import tomllib
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ROOT / "commonground"
COMMANDS = [
    ROOT / "Makefile",
    ROOT / ".ci" / "run",
    ROOT / "docs" / "operations.md",
    *sorted((ROOT / "scripts").glob("*")),
]
# Database drivers are imported by Django's backend, chosen by the URL's scheme.
DRIVERS = {"psycopg": "postgres://user@127.0.0.1:5432/commonground"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [
        _normal(re.match(r"[A-Za-z0-9._-]+", spec).group(0)) for spec in project["dependencies"]
    ]  # type: ignore[union-attr]


def _modules_of(distribution: str) -> set[str]:
    found = {
        module
        for module, owners in importlib.metadata.packages_distributions().items()
        if distribution in {_normal(owner) for owner in owners}
    }
    return found or {distribution.replace("-", "_")}


def _imported() -> set[str]:
    modules: set[str] = set()
    for path in PRODUCT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules


def _named_in_settings() -> set[str]:
    tree = ast.parse((PRODUCT / "settings.py").read_text())
    return {
        node.value.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", node.value)
    }


def _run_by_commands() -> str:
    return "\n".join(path.read_text() for path in COMMANDS if path.is_file())


def _loaded_by_the_database_backend(module: str) -> bool:
    url = DRIVERS.get(module)
    if url is None:
        return False
    engine = dj_database_url.parse(url)["ENGINE"]
    spec = importlib.util.find_spec(f"{engine}.base")
    assert spec is not None and spec.origin is not None
    return (
        re.search(rf"^\s*import {module}\b", Path(spec.origin).read_text(), re.MULTILINE)
        is not None
    )


def test_every_runtime_dependency_is_used() -> None:
    imported, settings, commands = _imported(), _named_in_settings(), _run_by_commands()
    unused = []
    for distribution in _declared():
        modules = _modules_of(distribution)
        used = (
            modules & imported
            or modules & settings
            or any(re.search(rf"\b{re.escape(m)}\b", commands) for m in modules)
            or any(_loaded_by_the_database_backend(m) for m in modules)
        )
        if not used:
            unused.append(f"{distribution} (module {', '.join(sorted(modules))})")
    assert not unused, "Declared in pyproject.toml but used nowhere: " + "; ".join(unused)


def test_the_check_knows_the_dependencies_it_checks() -> None:
    declared = _declared()
    assert {"django", "django-htmx", "django-sesame", "gunicorn", "whitenoise"} <= set(declared)
    assert _modules_of("django-sesame") == {"sesame"}
    assert _modules_of("django-tasks-db") == {"django_tasks_db"}
    assert "sesame" in _imported() and "whitenoise" in _named_in_settings()
    assert _loaded_by_the_database_backend("psycopg")
