"""A system's identity providers (Microsoft Entra tenants or any OpenID Connect issuer) and the
email domains that sign in with each.

The protocol itself is django-allauth's `openid_connect` provider: each provider here owns one
allauth `SocialApp`, whose client secret is sealed in the database and opened only when allauth
asks for it (identity/adapters.py).
"""

from django.core.exceptions import ValidationError
from django.db import models

from commonground.programmes.models import System

ENTRA_ISSUER = "https://login.microsoftonline.com/{tenant}/v2.0"


class ProviderKind(models.TextChoices):
    ENTRA = "entra", "Microsoft Entra ID (NHSmail, a council's tenant)"
    OIDC = "oidc", "Another OpenID Connect provider"


class IdentityProvider(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="identity_providers")
    name = models.CharField(max_length=80, help_text='What people see on the button, e.g. "NHSmail".')
    kind = models.CharField(max_length=10, choices=ProviderKind.choices, default=ProviderKind.ENTRA)
    tenant = models.CharField(
        max_length=100, blank=True,
        help_text="For Microsoft Entra ID: the directory (tenant) id or its primary domain.",
    )
    issuer = models.URLField(
        blank=True, help_text="For another provider: its issuer address (where /.well-known/openid-configuration is)."
    )
    # Holds the client id, the sealed client secret and the issuer allauth reads.
    app = models.OneToOneField("socialaccount.SocialApp", on_delete=models.CASCADE, related_name="identity_provider")
    vouches_for_domains = models.BooleanField(
        default=True,
        help_text=(
            "The provider is the organisation's own directory, so an address in one of its domains "
            "is taken as verified even without an email_verified claim (Microsoft Entra sends none)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["system", "name"]
        constraints = [models.UniqueConstraint(fields=["system", "name"], name="provider_name_unique_in_system")]

    def __str__(self) -> str:
        return self.name

    @property
    def server_url(self) -> str:
        if self.kind == ProviderKind.ENTRA:
            return ENTRA_ISSUER.format(tenant=self.tenant)
        return self.issuer.rstrip("/")

    def clean(self) -> None:
        if self.kind == ProviderKind.ENTRA and not self.tenant:
            raise ValidationError({"tenant": "Give the tenant id or domain of the Microsoft Entra directory."})
        if self.kind == ProviderKind.OIDC and not self.issuer:
            raise ValidationError({"issuer": "Give the issuer address of the OpenID Connect provider."})


class EmailDomain(models.Model):
    """People whose address ends in this domain sign in with this provider."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, help_text="For example nhs.net (without @).")

    class Meta:
        ordering = ["domain"]
        constraints = [models.UniqueConstraint(fields=["provider", "domain"], name="domain_once_per_provider")]

    def __str__(self) -> str:
        return self.domain
