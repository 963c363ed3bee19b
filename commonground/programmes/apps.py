from typing import Any

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "commonground.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from commonground.programmes.idle import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="idle-remember-at-sign-in")

        from django.db.models.signals import post_delete, post_save

        from commonground.programmes.models import SystemAdmin

        post_save.connect(_system_role_granted, sender=SystemAdmin, dispatch_uid="audit-system-admin-granted")
        post_delete.connect(_system_role_revoked, sender=SystemAdmin, dispatch_uid="audit-system-admin-revoked")

        from commonground.core import figure_store
        from commonground.programmes import figures

        # Who takes part, computed once per change and read from the store by every page.
        figure_store.register(figures.REACH, figures.computed_reach, version=figures.VERSION)


# A system administrator's role is granted in the site administration (whose own history names
# who did it); the audit trail records it for the person, as every role grant.
def _system_role_granted(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        _record_system_role(instance, granted=True)


def _system_role_revoked(sender: Any, instance: Any, **kwargs: Any) -> None:
    _record_system_role(instance, granted=False)


def _record_system_role(role: Any, *, granted: bool) -> None:
    from commonground.accounts import audit
    from commonground.accounts.models import AuditAction

    audit.record(
        action=AuditAction.ROLE_GRANTED if granted else AuditAction.ROLE_REVOKED,
        what="system_admin", subject_id=role.person_id, object_id=role.system_id, fields=["system"],
    )
