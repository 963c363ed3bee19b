"""The load test's simulated people (Locust), driven by scripts/loadtest.py.

Each simulated person takes one signed-in person from the plan (scripts/loadtest_plan.py) and waits
5 to 15 seconds between actions, as a person reading a page does:
- participants open their home, the schedule, the relationship survey and their journal, and reply
  to their next session;
- facilitators open a register and mark the people on it, from their own slice of the registers;
- leads read the figures (overview, attendance, evaluation, relationships), the review queue and the
  report packs.

Every write the server acknowledged is remembered and written to LOADTEST_WRITES when the run stops,
so the driver can check each one against the database. Requests are named by page, not by address,
so the figures read per page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import time
from pathlib import Path
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from requests.cookies import create_cookie

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
_PEOPLE = {role: [p for p in PLAN["people"] if p["role"] == role] for role in ("participant", "facilitator", "lead")}
_NEXT = {role: itertools.count() for role in _PEOPLE}
_LOCK = threading.Lock()
# Seconds between a person's actions: 5 to 15 as a person reading a page; the fault tests ask for less.
_WAIT = tuple(float(x) for x in os.environ.get("LOADTEST_WAIT", "5,15").split(","))
WRITES: list[dict[str, Any]] = []
TIMINGS: list[dict[str, Any]] = []


def _take(role: str) -> dict[str, Any]:
    with _LOCK:
        people = _PEOPLE[role]
        return people[next(_NEXT[role]) % len(people)]


class _Person(FastHttpUser):
    """A signed-in person on the geventhttpclient-based client (the cluster's certificate is self-signed,
    so it is not verified): the requests-based client spent about 30 ms of CPU per request, on the
    same two cores as the servers it measures."""

    abstract = True
    wait_time = between(_WAIT[0], _WAIT[1])
    role = ""

    def on_start(self) -> None:
        self.person = _take(self.role)
        self.client.cookiejar.set_cookie(create_cookie("sessionid", self.person["cookie"]))
        self.csrf = ""

    def page(self, name: str, url: str) -> None:
        with self.client.get(url, name=f"{self.role}: {name}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            else:
                self.csrf = next((c.value or "" for c in self.client.cookiejar if c.name == "csrftoken"), self.csrf)

    def post(self, name: str, url: str, data: dict[str, str]) -> bool:
        headers = {"X-CSRFToken": self.csrf, "Referer": self.host + url}
        with self.client.post(url, data=data, headers=headers, name=f"{self.role}: {name}",
                              catch_response=True, allow_redirects=False) as response:
            if response.status_code not in (200, 302, 303):
                response.failure(f"{response.status_code}")
                return False
            return True


class Participant(_Person):
    weight = 17
    role = "participant"

    @task(4)
    def home(self) -> None:
        self.page("home", self.person["pages"]["home"])

    @task(2)
    def schedule(self) -> None:
        self.page("schedule", self.person["pages"]["schedule"])

    @task(1)
    def survey(self) -> None:
        self.page("survey", self.person["pages"]["survey"])

    @task(1)
    def journal(self) -> None:
        self.page("journal", self.person["pages"]["journal"])

    @task(1)
    def reply(self) -> None:
        if not self.person["reply"]:
            return
        if not self.csrf:
            self.page("schedule", self.person["pages"]["schedule"])
        answer = random.choice(["attending", "apologies"])
        data = {"answer": answer, "reason": "Clinic that day" if answer == "apologies" else ""}
        if self.post("reply to a session", self.person["reply"], data):
            with _LOCK:
                WRITES.append({"kind": "reply", "session": self.person["reply_session"],
                               "person": self.person["person"], "value": answer})


class Facilitator(_Person):
    weight = 2
    role = "facilitator"

    @task(1)
    def register(self) -> None:
        if not self.person["registers"]:
            return
        self.page("register", random.choice(self.person["registers"]))

    @task(3)
    def mark(self) -> None:
        if not self.person["marks"]:
            return
        if not self.csrf:
            self.register()
        row = random.choice(self.person["marks"])
        value = random.choice(["present", "late", "absent"])
        if self.post("mark the register", row["url"], {"mark": value}):
            with _LOCK:
                WRITES.append({"kind": "mark", "session": row["session"], "person": row["person"], "value": value})


class Lead(_Person):
    weight = 1
    role = "lead"

    @task
    def figures(self) -> None:
        name, url = random.choice(list(self.person["pages"].items()))
        self.page(name, url)


@events.request.add_listener
def _timed(name: str, response_time: float, exception: BaseException | None = None, **_: Any) -> None:
    """Every request's time, kept whole, so the driver computes exact percentiles per page and role."""
    with _LOCK:
        TIMINGS.append({"name": name, "ms": response_time, "ok": exception is None, "at": time.time(),
                        "error": "" if exception is None else str(exception)[:80]})


@events.test_stop.add_listener
def _save(**_: Any) -> None:
    with _LOCK:
        Path(os.environ["LOADTEST_WRITES"]).write_text(json.dumps(WRITES))
        Path(os.environ["LOADTEST_TIMINGS"]).write_text(json.dumps(TIMINGS))
