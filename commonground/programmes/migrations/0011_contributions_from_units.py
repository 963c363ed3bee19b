"""Each contribution's units × pounds per unit becomes the ledger's fields: cash is the amount
committed, on the programme's first day; support in kind is valued at its market value (the units
were days, rooms or instalments, not always hours), given on the programme's first day."""

from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Contribution = apps.get_model("programmes", "Contribution")
    changed = []
    for contribution in Contribution.objects.select_related("programme"):
        value = (contribution.units * contribution.unit_value).quantize(Decimal("0.01"))
        if contribution.kind == "cash":
            contribution.amount_committed = value
            contribution.committed_on = contribution.programme.starts_on
        else:
            contribution.what = contribution.description[:200]
            contribution.valuation_basis = "market"
            contribution.market_value = value
            contribution.given_on = contribution.programme.starts_on
        changed.append(contribution)
    Contribution.objects.bulk_update(
        changed, ["amount_committed", "committed_on", "what", "valuation_basis", "market_value", "given_on"]
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Contribution = apps.get_model("programmes", "Contribution")
    changed = []
    for contribution in Contribution.objects.all():
        if contribution.kind == "cash":
            contribution.unit_value = contribution.amount_committed or 0
        elif contribution.valuation_basis == "hours":
            contribution.units, contribution.unit_value = contribution.hours, contribution.hourly_rate
        else:
            contribution.unit_value = contribution.market_value or 0
        if contribution.kind == "cash" or contribution.valuation_basis != "hours":
            contribution.units = Decimal(1)
        changed.append(contribution)
    Contribution.objects.bulk_update(changed, ["units", "unit_value"])


class Migration(migrations.Migration):

    dependencies = [("programmes", "0010_ledger_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
