"""Time the figure pages at one size, as the demo lead, and print the timings as JSON (one line).

Run by bench/bench_figure_pages.py in a process of its own, against the same seeded database as
the report pack (`var/bench-report-<N>.sqlite3`). The figures store is refreshed first, as the task
worker does after a change; then each page is requested through Django's test client (the whole
view and template, no network) several times, and the median is kept with the query count.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_pack import open_database, seed

PAGES = {
    "overview": "programmes:overview",
    "attendance figures": "schedule:attendance-figures",
    "relationship figures": "network:figures",
    "evaluation": "development:evaluation",
}
REQUESTS = 5


def measure(participants: int) -> dict[str, object]:
    open_database(participants)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from commonground.accounts.models import Person
    from commonground.demo.programme import DEMO_PROGRAMME_TITLE
    from commonground.identity import gate
    from commonground.programmes.models import Programme
    from commonground.reporting import sources

    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    started = time.perf_counter()
    sources.refresh(programme)
    figures_s = time.perf_counter() - started

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(Person.objects.get(email="lead@demo.example"))
    session = client.session
    session[gate.PASSED] = "bench sign-in"  # the lead's second factor, as after a real sign-in
    session.save()
    row: dict[str, object] = {"participants": participants, "figures_s": round(figures_s, 2)}
    for label, name in PAGES.items():
        url = reverse(name, args=[programme.pk])
        assert client.get(url).status_code == 200, url  # warm: templates, sessions, content types
        times = []
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        row[f"{label} ms"] = round(1000 * statistics.median(times), 1)
        row[f"{label} queries"] = len(queries)
    return row


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, required=True)
    args = parser.parse_args()
    seed(args.participants)
    print(json.dumps(measure(args.participants)))
