"""Mail used to be queued with the whole message (links included) as the task's argument.

Messages still waiting are sealed into OutgoingMail rows and their tasks given the row's id;
tasks already run keep no argument at all.
"""

from django.db import migrations

DELIVER = "commonground.accounts.mail.deliver_email"


def queue_by_reference(apps, schema_editor):
    from commonground.accounts.mail import seal

    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    OutgoingMail = apps.get_model("accounts", "OutgoingMail")
    for result in DBTaskResult.objects.filter(task_path=DELIVER).iterator():
        args = (result.args_kwargs or {}).get("args") or []
        if not args or not isinstance(args[0], dict):
            continue
        if result.status == "READY":
            queued = OutgoingMail.objects.create(sealed=seal(args[0]))
            result.args_kwargs = {"args": [queued.pk], "kwargs": {}}
        else:
            result.args_kwargs = {"args": [], "kwargs": {}}
        result.save(update_fields=["args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_outgoing_and_demo_mail"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(queue_by_reference, migrations.RunPython.noop, elidable=True)]
