"""A passkey in software, for tests without a browser: it answers the options the server sends
as a browser and an authenticator together would (a "none" attestation, an ES256 key)."""

import hashlib
import json
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

# The test client's host: an https origin there is what a browser would send.
ORIGIN = "https://testserver"
RP_ID = "testserver"


class SoftPasskey:
    def __init__(self, *, origin: str = ORIGIN, rp_id: str = RP_ID) -> None:
        self.origin = origin
        self.rp_id = rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.counter = 0

    @property
    def id(self) -> str:
        return websafe_encode(self.credential_id)

    def _client_data(self, kind: str, options: dict[str, Any]) -> CollectedClientData:
        challenge = websafe_decode(options["publicKey"]["challenge"])
        return CollectedClientData.create(type=kind, challenge=challenge, origin=self.origin)

    def _authenticator_data(self, flags: int, credential_data: bytes = b"") -> AuthenticatorData:
        self.counter += 1
        return AuthenticatorData.create(
            hashlib.sha256(self.rp_id.encode()).digest(), flags, self.counter, credential_data
        )

    def create(self, options: dict[str, Any]) -> str:
        """The answer to `navigator.credentials.create(options)`, as the page posts it (JSON)."""
        client_data = self._client_data("webauthn.create", options)
        credential_data = AttestedCredentialData.create(
            Aaguid.NONE, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
        attestation = AttestationObject.create("none", self._authenticator_data(flags, credential_data), {})
        return json.dumps({
            "id": self.id, "rawId": self.id, "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(bytes(client_data)),
                "attestationObject": websafe_encode(bytes(attestation)),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": False}},
        })

    def get(self, options: dict[str, Any], *, bad_signature: bool = False) -> str:
        """The answer to `navigator.credentials.get(options)`, as the page posts it (JSON)."""
        client_data = self._client_data("webauthn.get", options)
        data = self._authenticator_data(AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV)
        signature = self.key.sign(bytes(data) + client_data.hash, ec.ECDSA(hashes.SHA256()))
        if bad_signature:
            signature = signature[:-1] + bytes([signature[-1] ^ 1])
        return json.dumps({
            "id": self.id, "rawId": self.id, "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(bytes(client_data)),
                "authenticatorData": websafe_encode(bytes(data)),
                "signature": websafe_encode(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        })
