"""A certification authority made on this machine, for the tests and the demo data only: its
certificates prove nothing to anyone else, and a production deployment trusts only real
authorities (the Ban Cơ yếu Chính phủ's CA for state bodies) that an administrator adds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.base import ContentFile

from danvan.documents import signing
from danvan.documents.models import SigningKey, TrustedCertificate

#: The passphrase of every key this authority makes (the demo's README gives it).
PASSPHRASE = "123456"  # noqa: S105 - keys of a local CA, for tests and the demo only


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, authority: bool) -> x509.KeyUsage:
    """An authority signs certificates and lists; a signer's key signs documents (and, for a
    non-repudiable signature, content commitment)."""
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not authority,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=authority,
        crl_sign=authority,
        encipher_only=False,
        decipher_only=False,
    )


class LocalAuthority:
    """A CA made here (2048-bit RSA, SHA-256)."""

    def __init__(self, name: str = "CA thử nghiệm") -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = dt.datetime.now(dt.UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name, "Tổ chức chứng thực thử nghiệm"))
            .issuer_name(_name(name, "Tổ chức chứng thực thử nghiệm"))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=30))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_key_usage(authority=True), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def trust(self) -> TrustedCertificate:
        info = signing.certificate_info(self.pem.encode("ascii"))
        return TrustedCertificate.objects.create(
            name=info.subject[:200],
            certificate_pem=self.pem,
            subject=info.subject,
            fingerprint=info.fingerprint,
            not_after=info.not_after,
        )

    def pkcs12(
        self,
        common_name: str,
        *,
        organisation: str = "Cơ quan thử nghiệm",
        valid_from_days: int = -10,
        valid_for_days: int = 365,
        passphrase: str = PASSPHRASE,
    ) -> bytes:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, organisation))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=valid_from_days))
            .not_valid_after(now + dt.timedelta(days=valid_from_days + valid_for_days))
            .add_extension(_key_usage(authority=False), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        return pkcs12.serialize_key_and_certificates(
            common_name.encode("utf-8"),
            key,
            cert,
            [self.cert],
            serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
        )

    def signing_key(self, *, unit: Any, user: Any = None, common_name: str = "") -> SigningKey:
        """A server-kept key for ``user`` (a person) or, without one, the unit's seal."""
        data = self.pkcs12(common_name or (user.get_full_name() if user else unit.name))
        info = signing.load_pkcs12(data, PASSPHRASE)
        key = SigningKey(
            owner="person" if user is not None else "unit",
            unit=unit,
            user=user,
            subject=info.subject,
            fingerprint=info.fingerprint,
            not_after=info.not_after,
        )
        key.pkcs12.save("key.p12", ContentFile(data), save=False)
        key.save()
        return key
