"""The places a programme's sector quotas set aside and allow, for the overview's reach by sector.

Registered with `programmes.targets` in `apps.py`.
"""

from collections import defaultdict

from commonground.programmes.models import Cohort, Programme, Sector
from commonground.programmes.targets import Target
from commonground.recruitment.models import Quota, QuotaDimension


def sector_quota_places(programme: Programme) -> dict[str, Target]:
    """Per sector label: the places its quotas set aside at least, over every cohort, and allow at
    most (a cohort with no maximum for the sector allows all its places). Two queries."""
    capacities = dict(Cohort.objects.filter(programme=programme).values_list("pk", "capacity"))
    quotas: dict[str, dict[int, Quota]] = defaultdict(dict)
    for quota in Quota.objects.filter(cohort__programme=programme, dimension=QuotaDimension.SECTOR):
        quotas[quota.sector][quota.cohort_id] = quota
    everyone = sum(capacities.values())
    targets = {}
    for sector, by_cohort in quotas.items():
        at_least = sum(q.minimum_places(capacities[c]) for c, q in by_cohort.items())
        at_most = sum(by_cohort[c].maximum_places(places) if c in by_cohort else places for c, places in capacities.items())
        targets[str(Sector(sector).label)] = Target(at_least or None, at_most if at_most < everyone else None)
    return targets
