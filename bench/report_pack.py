"""Build the demo programme's report pack at one size and print its timings as JSON (one line).

Run by bench/bench_reporting.py in a process of its own, against a database of its own
(`var/bench-report-<N>.sqlite3`, seeded once with `seed_demo --participants N` and kept).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def database(participants: int) -> Path:
    return ROOT / "var" / f"bench-report-{participants}.sqlite3"


def seed(participants: int) -> float:
    """Migrate and seed the bench database once (kept until the migrations change); seconds spent."""
    path = database(participants)
    marker = path.with_suffix(".migrations")
    migrations = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "commonground").glob("*/migrations/0*.py"))
    if path.exists() and marker.exists() and marker.read_text() == "\n".join(migrations):
        return 0.0
    path.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DEMO_MODE": "true"}
    started = time.perf_counter()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input", "-v0"], ["createcachetable"],
                    ["seed_demo", "--participants", str(participants), "--seed", "7", "-v0"]):
        subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT)
    marker.write_text("\n".join(migrations))
    return time.perf_counter() - started


def open_database(participants: int) -> None:
    """Set Django up in this process on the seeded database of this size."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database(participants)}"
    os.environ.setdefault("DEMO_MODE", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def run_sized(script: str, participants: int) -> dict[str, Any]:
    """Run one of these scripts for one size in a process of its own; its last line, as JSON."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--participants", str(participants)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def measure(participants: int) -> dict[str, object]:
    open_database(participants)
    from django.db import connection

    from commonground.demo.programme import DEMO_PROGRAMME_TITLE
    from commonground.programmes.models import Funder, Programme
    from commonground.reporting import render, sources
    from commonground.reporting.build import build_report
    from commonground.reporting.evidence import Choice

    programme = Programme.objects.select_related("system").get(title=DEMO_PROGRAMME_TITLE)
    funder = Funder.objects.filter(system=programme.system).order_by("name").first()
    queries = 0

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    sources.refresh(programme)  # the figures store: computed by the worker, timed apart
    figures_s = time.perf_counter() - started
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        report = build_report(programme, choice=Choice(), funder=funder)
        built = time.perf_counter()
        xlsx = render.xlsx(report)
        pdf = render.pdf(report)
        done = time.perf_counter()
    return {
        "participants": participants, "figures_s": round(figures_s, 2), "report_s": round(built - started, 2),
        "files_s": round(done - built, 2), "pack_s": round(done - started, 2), "queries": queries,
        "pdf_kib": round(len(pdf) / 1024), "xlsx_kib": round(len(xlsx) / 1024),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, required=True)
    parser.add_argument("--seed-only", action="store_true")
    args = parser.parse_args()
    seeded = seed(args.participants)
    if not args.seed_only:
        row = measure(args.participants)
        row["seeded_s"] = round(seeded, 1)
        print(json.dumps(row))
