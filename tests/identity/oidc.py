"""A real OpenID Connect provider for the tests: the npm package oidc-provider, run by Node on
127.0.0.1 (tests/identity/oidc_provider.mjs), registered as a system's identity provider."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from commonground.identity import services
from commonground.identity.models import IdentityProvider

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID = "common-ground-tests"
CLIENT_SECRET = "a secret only these tests know"


@contextmanager
def running_provider(provider: IdentityProvider, base_url: str) -> Iterator[str]:
    """Start the provider for `provider` (its client, the callback under `base_url`), point the
    registration at it, and yield its issuer; stop it afterwards."""
    redirect_uri = f"{base_url}/accounts/oidc/{provider.app.provider_id}/login/callback/"
    process = subprocess.Popen(
        ["node", str(SCRIPT), redirect_uri, CLIENT_ID, CLIENT_SECRET],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"The OpenID Connect provider did not start: {line}{process.stderr.read() if process.stderr else ''}")
        issuer = line.split()[1]
        services.update(
            provider=provider,
            details=services.Details(
                name=provider.name, kind="oidc", tenant="", issuer=issuer,
                client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                domains=list(provider.domains.values_list("domain", flat=True)),
                vouches_for_domains=provider.vouches_for_domains,
            ),
        )
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
