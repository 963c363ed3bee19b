"""What the load test's simulated people do, read from the cluster's database: run by
scripts/loadtest.py with the cluster's settings (var/cluster/env), never by the product.

Each simulated person is a real person of the seeded demo, signed in the way a browser that signed
in earlier would be: a session row holding what sign-in would have stored (staff sessions have passed
their second factor). Signing in 200 people through the password form would measure the password
hash, not the pages. The plan also gives every writer its own rows (a participant replies to their
own invitations, each facilitator marks their own slice of registers), so after the run each
acknowledged write can be checked against what the database holds, one by one.

    python scripts/loadtest_plan.py write PLAN.json --participants 170 --facilitators 20 --leads 10
    python scripts/loadtest_plan.py check PLAN.json WRITES.json     prints {"checked": N, "lost": L}
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")


def _setup() -> None:
    import django

    django.setup()


def _session_for(person: Any) -> str:
    """A session as the sign-in views leave it (see identity/gate.py and programmes/idle.py)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from commonground.identity import gate
    from commonground.programmes import idle

    staff = idle.is_staff(person.pk, site_staff=person.is_staff)
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session[idle.STAFF] = staff
    session[idle.SIGNED_IN] = time.time()
    session[gate.NEEDED] = staff
    session[gate.ENROLLED] = staff
    session[gate.CHECKED] = time.time()
    if staff:
        session[gate.PASSED] = "load test"
    session.create()
    return str(session.session_key)


def _programme() -> Any:
    """The running programme with the most participants (the seeded demo's main one)."""
    from django.db.models import Count, Q

    from commonground.programmes.models import Programme, Role

    programme = (
        Programme.objects.annotate(n=Count("memberships", filter=Q(memberships__role=Role.PARTICIPANT)))
        .order_by("-n", "pk")
        .first()
    )
    if programme is None:
        raise SystemExit("loadtest: the cluster's database holds no programme: seed it first")
    return programme


def write_plan(path: Path, *, participants: int, facilitators: int, leads: int) -> dict[str, Any]:
    from django.urls import reverse
    from django.utils import timezone

    from commonground.network.models import RosterConsent, SurveyRound
    from commonground.programmes.models import Membership, Role
    from commonground.schedule.attendance import named_facilitator_ids, register_invitations
    from commonground.schedule.models import Attendance, Invitation, Reply, Session, SessionStatus

    programme = _programme()
    pid = programme.pk
    now = timezone.now()
    listed = set(
        RosterConsent.objects.filter(programme=programme, listed=True).values_list("person_id", flat=True)
    )
    open_rounds = list(SurveyRound.objects.filter(programme=programme).open_at(now).order_by("-pk"))
    network_url = reverse("network:home", args=[pid])

    people: list[dict[str, Any]] = []
    members = list(
        Membership.objects.filter(programme=programme, role=Role.PARTICIPANT)
        .select_related("person").order_by("pk")[: participants]
    )
    upcoming = dict(
        Invitation.objects.filter(
            session__programme=programme, session__starts_at__gt=now, session__status=SessionStatus.SCHEDULED,
            person__in=[m.person for m in members],
        ).order_by("session__starts_at").values_list("person_id", "session_id")
    )
    for membership in members:
        person = membership.person
        session_id = upcoming.get(person.pk)
        # The survey's list of colleagues for those listed in it; the others land on its first page.
        survey = next((r for r in open_rounds if r.cohort_id in (None, membership.cohort_id)), None)
        survey = survey if person.pk in listed else None
        people.append({
            "role": "participant",
            "cookie": _session_for(person),
            "person": person.pk,
            "pages": {
                "home": reverse("homes:home", args=[pid]),
                "schedule": reverse("schedule:schedule", args=[pid]),
                "survey": (reverse("network:roster", args=[pid, survey.pk]) if survey else network_url),
                "journal": reverse("development:journal", args=[pid]),
            },
            "reply": (reverse("schedule:session-reply", args=[pid, session_id]) if session_id else None),
            "reply_session": session_id,
        })

    # Facilitators take registers of sessions already begun: each simulated facilitator its own slice.
    staff = list(
        Membership.objects.filter(programme=programme, role=Role.FACILITATOR).select_related("person").order_by("pk")
    )
    begun = list(
        Session.objects.filter(programme=programme, starts_at__lte=now, status=SessionStatus.SCHEDULED)
        .order_by("-starts_at").values_list("pk", flat=True)[:12]
    )
    rows = sorted(
        (session_id, row.person_id)
        for session_id in begun
        for row in register_invitations(Session.objects.get(pk=session_id)).exclude(reply=Reply.APOLOGIES)
    )
    simulated = [staff[k % len(staff)].person for k in range(facilitators)] if staff else []
    named = {s: named_facilitator_ids(Session.objects.get(pk=s)) for s in begun}
    slices: list[list[tuple[int, int]]] = [[] for _ in simulated]
    for i, (session_id, person_id) in enumerate(rows):
        allowed = [k for k, who in enumerate(simulated) if not named[session_id] or who.pk in named[session_id]]
        if allowed:
            slices[allowed[i % len(allowed)]].append((session_id, person_id))
    for person, mine in zip(simulated, slices, strict=True):
        people.append({
            "role": "facilitator",
            "cookie": _session_for(person),
            "person": person.pk,
            "registers": sorted({reverse("schedule:register", args=[pid, s]) for s, _ in mine}),
            "marks": [
                {"url": reverse("schedule:register-mark", args=[pid, s, p]), "session": s, "person": p}
                for s, p in mine
            ],
        })

    lead_people = [m.person for m in Membership.objects.filter(programme=programme, role=Role.LEAD).select_related("person")]
    for number in range(leads if lead_people else 0):
        person = lead_people[number % len(lead_people)]
        people.append({
            "role": "lead",
            "cookie": _session_for(person),
            "person": person.pk,
            "pages": {
                "overview": reverse("programmes:overview", args=[pid]),
                "attendance figures": reverse("schedule:attendance-figures", args=[pid]),
                "evaluation": reverse("development:evaluation", args=[pid]),
                "relationship figures": reverse("network:figures", args=[pid]),
                "review": reverse("recruitment:review", args=[pid]),
                "reports": reverse("reporting:packs", args=[pid]),
            },
        })

    plan = {
        "programme": pid,
        "participants_in_programme": Membership.objects.filter(programme=programme, role=Role.PARTICIPANT).count(),
        "attendance_rows_before": Attendance.objects.filter(session__programme=programme).count(),
        "people": people,
    }
    path.write_text(json.dumps(plan))
    return plan


def check_writes(plan_path: Path, writes_path: Path) -> dict[str, int]:
    """Every write the load test was told succeeded, looked up in the database: `lost` counts the
    acknowledged writes whose value is not what the database holds."""
    from commonground.schedule.models import Attendance, Invitation

    writes = json.loads(writes_path.read_text())
    marks = {(w["session"], w["person"]): w["value"] for w in writes if w["kind"] == "mark"}
    replies = {(w["session"], w["person"]): w["value"] for w in writes if w["kind"] == "reply"}
    held_marks = {
        (s, p): m for s, p, m in Attendance.objects.filter(
            session_id__in={s for s, _ in marks}, person_id__in={p for _, p in marks}
        ).values_list("session_id", "person_id", "mark")
    }
    held_replies = {
        (s, p): r for s, p, r in Invitation.objects.filter(
            session_id__in={s for s, _ in replies}, person_id__in={p for _, p in replies}
        ).values_list("session_id", "person_id", "reply")
    }
    # "attending" to a full session is kept as a place on its waiting list (schedule/services/invitations.py).
    kept = {"attending": {"attending", "waiting"}}
    lost = sum(held_marks.get(key) != value for key, value in marks.items())
    lost += sum(held_replies.get(key) not in kept.get(value, {value}) for key, value in replies.items())
    return {"checked": len(marks) + len(replies), "lost": lost}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write")
    write.add_argument("plan", type=Path)
    write.add_argument("--participants", type=int, default=170)
    write.add_argument("--facilitators", type=int, default=20)
    write.add_argument("--leads", type=int, default=10)
    check = sub.add_parser("check")
    check.add_argument("plan", type=Path)
    check.add_argument("writes", type=Path)
    args = parser.parse_args(argv)
    _setup()
    if args.command == "write":
        plan = write_plan(args.plan, participants=args.participants, facilitators=args.facilitators, leads=args.leads)
        roles: dict[str, int] = {}
        for person in plan["people"]:
            roles[person["role"]] = roles.get(person["role"], 0) + 1
        print(json.dumps({"programme": plan["programme"], "participants": plan["participants_in_programme"], **roles}))
    else:
        print(json.dumps(check_writes(args.plan, args.writes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
