"""Keyed hashes of a signer's identifiers (``SignerKey.digest``): the same person is found again
(duplicates, search by telephone or identity number) without reading the identity columns, so
those can be encrypted. ``services.intake.signer_digests`` builds a signer's set."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def signer_digest(value: str) -> str:
    """The keyed hash of one normalised identifier ("tel:…", "id:…", "mail:…", "name:…")."""
    key = hashlib.sha256(f"danvan.letters.signer:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def typed_identifier_digests(text: str) -> set[str]:
    """Keyed hashes an officer's search text would have as a signer's telephone or identity
    number, normalised as ``services.intake.signer_digests`` does: the last nine digits of a
    telephone, the letters and digits of an identity number in upper case."""
    values: set[str] = set()
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 9 and not any(ch.isalpha() for ch in text):
        values.add("tel:" + digits[-9:])
    compact = "".join(ch for ch in text if ch.isalnum()).upper()
    if len(compact) >= 6 and any(ch.isdigit() for ch in compact):
        values.add("id:" + compact)
    return {signer_digest(v) for v in values}
