"""Personal data and how long it is kept: the retention class of each model (COMPLIANCE.md G14).

Every concrete model of the platform says, with one class attribute, which retention class it
belongs to and which of its fields hold personal data::

    class Signer(models.Model):
        ...
        retention = Retention(
            RetentionClass.CASE_FILE,
            personal_fields=("full_name", "id_number", "phone", "email", "address", "user"),
        )

A model that holds nothing about a person says so too: ``retention = NO_PERSONAL_DATA``, or
``Retention(RetentionClass.NONE, not_personal={"name": "the holiday's name"})`` when a field is
named like personal data but is not. The declaration is a plain class attribute, not a field, so it
needs no migration; it is read from the model's own class (never inherited from a base), so every
concrete model decides for itself. ``retention_of(model)`` reads it and ``declared_models()`` lists
the models that have one. ``core/tests/test_retention.py`` fails when a model of ours declares
nothing, or leaves out of its declaration a field named like personal data (a name, telephone,
e-mail, address, identity number, IP address, birth date…) or a link to a user.

Each class carries its rule as data (``RetentionClass.rule``): what it covers, the event its period
runs from, the period, what happens at its end, and where the figure comes from. Where neither
COMPLIANCE.md nor a legal text read for it fixes a period, the rule has none, is ``unverified`` and
its note says what is missing: no legal figure is made up here. The job that deletes or anonymises
what has expired, and the legal hold that stops it, come later; they will act on these declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from django.apps import apps
from django.db import models

#: The name of the class attribute that holds a model's declaration.
ATTRIBUTE: Final = "retention"


@dataclass(frozen=True, slots=True)
class Period:
    """A length of time counted from a rule's trigger, in calendar months and days."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0 or not (self.months or self.days):
            raise ValueError("A retention period is a positive number of months and/or days.")

    def __str__(self) -> str:
        parts = [(self.months, "month"), (self.days, "day")]
        return " and ".join(f"{n} {unit}{'s' if n > 1 else ''}" for n, unit in parts if n)


class Disposal(StrEnum):
    """What happens to personal data when its period ends."""

    DELETE = "delete"  # the rows go
    ANONYMISE = "anonymise"  # the personal fields are overwritten; the row stays for what cites it
    # Appraised under the archives rules: handed to the historical archive or destroyed by a
    # decision of the body, never by a job alone.
    ARCHIVE_APPRAISAL = "archive_appraisal"


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """How long the personal data of one class is kept, and on what authority.

    ``keep_at_least`` is a minimum (nothing may remove the data sooner); ``dispose_after`` is when
    ``disposal`` is due. Both count from ``trigger``. ``basis`` names where the figures come from.
    ``unverified`` is true when a figure the class needs is fixed neither by COMPLIANCE.md nor by a
    legal text read for it; ``note`` then says what is missing.
    """

    meaning: str
    trigger: str
    basis: str
    dispose_after: Period | None = None
    disposal: Disposal | None = None
    keep_at_least: Period | None = None
    unverified: bool = False
    note: str = ""


class RetentionClass(StrEnum):
    """The retention classes of COMPLIANCE.md G14; each one's rule is ``RetentionClass.X.rule``."""

    CASE_FILE = "case_file"
    CONTACT_DATA = "contact_data"
    ACCOUNT = "account"
    OFFICIAL_RECORD = "official_record"
    SECURITY_LOG = "security_log"
    DELIVERY = "delivery"
    NONE = "none"

    @property
    def rule(self) -> RetentionRule:
        return RULES[self]


RULES: Final[Mapping[RetentionClass, RetentionRule]] = MappingProxyType(
    {
        RetentionClass.CASE_FILE: RetentionRule(
            meaning=(
                "Part of the file (hồ sơ) of a letter or case, or an entry of a register (sổ): the "
                "letter with its signers and files, its handling record, the case, and the "
                "documents issued for them. An archival record."
            ),
            trigger="the file is closed (the case ended, or the letter handled without a case)",
            dispose_after=None,
            disposal=Disposal.ARCHIVE_APPRAISAL,
            basis=(
                "the archives law (Luật Lưu trữ 2024) and the Ministry of Home Affairs' retention "
                "tables rather than the personal data law: COMPLIANCE.md §1.8, itself unverified"
            ),
            unverified=True,
            note=(
                "The archival retention period of complaint and denunciation files was not read "
                "(COMPLIANCE.md §6.6): no figure is set, so nothing of this class may be purged "
                "automatically. In storage a denouncer's identity stays secret (Luật Tố cáo "
                "Art. 39.3)."
            ),
        ),
        RetentionClass.CONTACT_DATA: RetentionRule(
            meaning=(
                "Contact details of a person reached about one consultation or survey (a "
                "respondent's name, telephone, e-mail)."
            ),
            trigger="the consultation or survey closes",
            dispose_after=Period(months=12),
            disposal=Disposal.DELETE,
            basis=(
                "COMPLIANCE.md G14 default, under Law 91/2025/QH15 Art. 3.3 and 14.1 (kept only "
                "as long as the purpose needs)"
            ),
            note="No model holds such data yet: consultations and surveys are planned contexts.",
        ),
        RetentionClass.ACCOUNT: RetentionRule(
            meaning=(
                "A person's account and what describes them as a user of the platform: login "
                "name, name, contacts, password hash, consent record, roles held in units."
            ),
            trigger="the account's last activity",
            dispose_after=Period(months=24),
            disposal=Disposal.ANONYMISE,
            basis=(
                "COMPLIANCE.md G14: inactive citizen accounts are anonymised after 24 months "
                "(Law 91/2025/QH15 Art. 3.3, 14.1)"
            ),
            note=(
                "Anonymised, never deleted: letters, cases and the audit trail point at accounts. "
                "G14 fixes the period for citizen accounts; for staff accounts COMPLIANCE.md sets "
                "none (G7 only disables them after 45 days without use)."
            ),
        ),
        RetentionClass.OFFICIAL_RECORD: RetentionRule(
            meaning=(
                "An officer named in an official capacity on the bodies' own records: the default "
                "signer of a unit's documents, who last changed a setting."
            ),
            trigger="the record ends (the setting is changed or replaced)",
            dispose_after=None,
            disposal=Disposal.ANONYMISE,
            basis="none found",
            unverified=True,
            note=(
                "Neither COMPLIANCE.md nor a legal text read for it sets a period. A person named "
                "only through their account becomes anonymous when the account is anonymised."
            ),
        ),
        RetentionClass.SECURITY_LOG: RetentionRule(
            meaning=(
                "The audit trail and security logs: who did what and when (an account, or a keyed "
                "hash of a public visitor's IP address)."
            ),
            trigger="the entry is written",
            keep_at_least=Period(months=12),
            dispose_after=None,
            disposal=None,
            basis=(
                "COMPLIANCE.md G6: kept at least 12 months (NĐ 333/2026, read in a secondary "
                "source)"
            ),
            unverified=True,
            note=(
                "Only the minimum is fixed. The trail is append-only and hash-chained (the "
                "database refuses DELETE), so how entries older than that leave it is not "
                "decided; a person it names becomes anonymous when their account is anonymised."
            ),
        ),
        RetentionClass.DELIVERY: RetentionRule(
            meaning=(
                "An address or a person kept only to deliver a message, check a one-time code or "
                "send a daily reminder once."
            ),
            trigger=(
                "the message is finished (sent or given up), the code is dead (used, expired or "
                "locked), the reminder's day has passed"
            ),
            dispose_after=Period(days=90),
            disposal=Disposal.DELETE,
            basis="the default of `danvan purge_messages --days` (docs/deployment.md)",
            unverified=True,
            note=(
                "90 days is the platform's own choice, fixed neither by COMPLIANCE.md nor by a "
                "legal text; an operator may shorten it."
            ),
        ),
        RetentionClass.NONE: RetentionRule(
            meaning="Holds no personal data: reference tables, settings, counters.",
            trigger="",
            basis="nothing to keep or remove",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class Retention:
    """A model's declaration: its retention class and the fields that hold personal data.

    ``not_personal`` names the fields that look like personal data but are not, each with the
    reason (``{"email": "the office's public address, never a person's"}``). ``note`` records what
    is particular to the model.
    """

    retention_class: RetentionClass
    personal_fields: tuple[str, ...] = ()
    not_personal: Mapping[str, str] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "not_personal", MappingProxyType(dict(self.not_personal)))
        if len(set(self.personal_fields)) != len(self.personal_fields):
            raise ValueError("A personal field is listed twice.")
        if self.retention_class is RetentionClass.NONE and self.personal_fields:
            raise ValueError("A model with personal fields cannot be declared 'no personal data'.")
        if self.retention_class is not RetentionClass.NONE and not self.personal_fields:
            raise ValueError("Name the fields that hold personal data, or declare 'none'.")
        if both := set(self.personal_fields) & set(self.not_personal):
            raise ValueError(f"Fields both personal and not: {', '.join(sorted(both))}.")
        if not all(reason.strip() for reason in self.not_personal.values()):
            raise ValueError("Say why each field in not_personal holds no personal data.")

    @property
    def rule(self) -> RetentionRule:
        return self.retention_class.rule

    @property
    def holds_personal_data(self) -> bool:
        return self.retention_class is not RetentionClass.NONE


#: The declaration of a model that holds nothing about a person.
NO_PERSONAL_DATA: Final = Retention(RetentionClass.NONE)


class UndeclaredRetentionError(LookupError):
    """A model has no retention declaration of its own."""

    def __init__(self, model: type[models.Model]) -> None:
        super().__init__(
            f"{model._meta.label} declares no retention class (COMPLIANCE.md G14): give it "
            f"`{ATTRIBUTE} = Retention(...)` from danvan.core.retention."
        )


def _own_declaration(model: type[models.Model]) -> Retention | None:
    declared = vars(model).get(ATTRIBUTE)
    return declared if isinstance(declared, Retention) else None


def retention_of(model: type[models.Model] | models.Model) -> Retention:
    """The declaration of a model (or of an instance's model; a proxy answers for its concrete
    model). Raises ``UndeclaredRetentionError`` when the model declares none of its own."""
    cls = model if isinstance(model, type) else type(model)
    concrete = cls._meta.concrete_model or cls
    declared = _own_declaration(concrete)
    if declared is None:
        raise UndeclaredRetentionError(concrete)
    return declared


def declared_models() -> dict[type[models.Model], Retention]:
    """Every installed concrete model that declares its retention, in the app registry's order."""
    found: dict[type[models.Model], Retention] = {}
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        declared = _own_declaration(model)
        if declared is not None:
            found[model] = declared
    return found


__all__ = [
    "NO_PERSONAL_DATA",
    "RULES",
    "Disposal",
    "Period",
    "Retention",
    "RetentionClass",
    "RetentionRule",
    "UndeclaredRetentionError",
    "declared_models",
    "retention_of",
]
