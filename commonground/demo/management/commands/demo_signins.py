"""manage.py demo_signins: list the demo sign-ins present in this database (used by `make run`)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from commonground.accounts.models import Person
from commonground.alumni.demo import ALUMNUS_SIGN_IN
from commonground.demo.offboarded import SITE_ADMIN
from commonground.demo.onboarding import ADMIN_SIGN_IN as ONBOARDING_ADMIN
from commonground.demo.people import DEMO_PASSWORD, SIGN_INS
from commonground.demo.second_system import LEAD_SIGN_IN as SECOND_LEAD
from commonground.programmes.models import Membership, Role


class Command(BaseCommand):
    help = "Print the demo sign-ins that exist in this database, with their role and the site address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="The port the site is served on (default 8000).")

    def handle(self, *args: Any, port: int, **options: Any) -> None:
        emails = [*SIGN_INS, ALUMNUS_SIGN_IN, SITE_ADMIN, SECOND_LEAD, ONBOARDING_ADMIN]
        present = set(Person.objects.filter(email__in=emails).values_list("email", flat=True))
        labels = dict(Role.choices)
        roles: dict[str, list[str]] = {}
        for email, role in (
            Membership.objects.filter(person__email__in=emails).order_by("role").values_list("person__email", "role")
        ):
            roles.setdefault(email, []).append(str(labels[role]))
        if ALUMNUS_SIGN_IN in present:  # a participant of the system's first intake, now alumni of it
            roles[ALUMNUS_SIGN_IN] = ["Alumnus of the first intake"]
        if SITE_ADMIN in present:  # runs the site: a system leaving is theirs (/offboarding/)
            roles[SITE_ADMIN] = ["Site administrator"]
        if ONBOARDING_ADMIN in present:  # a new system part way through its set-up (/onboarding/)
            roles[ONBOARDING_ADMIN] = ["Administrator of a system setting itself up"]
        url = f"http://127.0.0.1:{port}/"
        if not present:
            self.stdout.write(f"Common Ground is at {url} (no demo sign-ins here: run manage.py seed_demo).")
            return
        width = max(len(email) for email in present)
        self.stdout.write(f"Common Ground is at {url}")
        self.stdout.write(f"Demo sign-ins (password: {DEMO_PASSWORD}):")
        for email in emails:
            if email in present:
                self.stdout.write(f"  {email:<{width}}  {', '.join(roles.get(email, [])) or 'no role'}")
        if settings.DEMO_MODE:
            self.stdout.write(f"Mail is one line each here; read every message whole at {url}demo/outbox/")
