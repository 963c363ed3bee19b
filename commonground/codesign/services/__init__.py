"""Writes for co-design, one module per sub-domain: every one keyword-only, inside a transaction,
leaving a trace where it matters.

Callers import the module they need (``from commonground.codesign.services import issues``). The
names below stay importable from the package for the demo data, which builds formed and published
teams and a published showcase.
"""

from commonground.codesign.services.outcomes import set_showcase_published
from commonground.codesign.services.teams import form_challenge_teams, publish_teams

__all__ = ["form_challenge_teams", "publish_teams", "set_showcase_published"]
