from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commonground.accounts"
    label = "accounts"
    verbose_name = "People and sign-in"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")
        user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from commonground.accounts import audit
    from commonground.accounts.models import AuditAction

    audit.record(action=AuditAction.SIGNED_IN, what="sign_in", request=request, actor_id=user.pk, subject_id=user.pk)


def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """A failed sign-in names the person when the address typed is theirs; the address itself is
    not kept."""
    from commonground.accounts import audit
    from commonground.accounts.models import AuditAction, Person

    typed = str(credentials.get("username") or "").strip()
    subject = Person.objects.filter(email__iexact=typed).values_list("pk", flat=True).first() if typed else None
    audit.record(action=AuditAction.SIGN_IN_FAILED, what="sign_in", request=request, subject_id=subject)
