"""Retention classes (COMPLIANCE.md G14): every model of ours declares one, and a field named like
personal data is either declared personal or explained."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from django.test.utils import isolate_apps

from danvan.core.models import AuditEntry, CalendarDay
from danvan.core.retention import (
    NO_PERSONAL_DATA,
    RULES,
    Disposal,
    Period,
    Retention,
    RetentionClass,
    UndeclaredRetentionError,
    declared_models,
    retention_of,
)

#: Models of ours that may stay undeclared for now, each with the reason (none today).
NOT_YET_DECLARED: dict[str, str] = {}

#: Words that, as a part of a field's name, suggest personal data.
PERSONAL_WORDS = frozenset(
    {
        "name",
        "username",
        "phone",
        "telephone",
        "mobile",
        "email",
        "mail",
        "address",
        "ip",
        "birth",
        "birthday",
        "dob",
        "gender",
        "sex",
        "identity",
        "identifier",
        "passport",
        "cccd",
        "cmnd",
        "latitude",
        "longitude",
        "location",
    }
)
PERSONAL_PHRASES = ("id_number", "date_of_birth", "national_id")


def looks_personal(field: models.Field) -> bool:  # type: ignore[type-arg]
    """A link to a person's account, or a name made of a word that suggests personal data."""
    if field.is_relation and field.related_model is get_user_model():
        return True
    return bool(set(field.name.split("_")) & PERSONAL_WORDS) or any(
        phrase in field.name for phrase in PERSONAL_PHRASES
    )


def our_models() -> list[type[models.Model]]:
    """Concrete models of the platform's apps; third-party apps and test-only apps (kitapp) out."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("danvan.")
        and ".tests" not in model._meta.app_config.name
        and not model._meta.proxy
    ]


def own_fields(model: type[models.Model]) -> list[models.Field]:  # type: ignore[type-arg]
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


# --- The registry ---------------------------------------------------------------------------------


def test_every_concrete_model_of_our_apps_declares_its_retention():
    undeclared = [
        model._meta.label
        for model in our_models()
        if model not in declared_models() and model._meta.label not in NOT_YET_DECLARED
    ]
    assert undeclared == [], (
        "Declare `retention = Retention(RetentionClass…, personal_fields=…)` (or "
        f"NO_PERSONAL_DATA) on: {', '.join(undeclared)}"
    )


def test_the_registry_sees_the_models_of_every_context():
    labels = {model._meta.app_label for model in our_models()}
    assert {
        "core",
        "accounts",
        "notifications",
        "organizations",
        "documents",
        "workflow",
        "letters",
    } <= labels


def test_declarations_name_fields_of_their_model():
    for model, declared in declared_models().items():
        names = {f.name for f in own_fields(model)}
        unknown = sorted({*declared.personal_fields, *declared.not_personal} - names)
        assert unknown == [], f"{model._meta.label} declares fields it does not have: {unknown}"


def test_fields_named_like_personal_data_are_declared_personal_or_explained():
    for model in our_models():
        if model._meta.label in NOT_YET_DECLARED:
            continue
        declared = retention_of(model)
        flagged = [f.name for f in own_fields(model) if looks_personal(f)]
        left_out = [
            name
            for name in flagged
            if name not in declared.personal_fields and name not in declared.not_personal
        ]
        assert left_out == [], (
            f"{model._meta.label}: {left_out} look like personal data; list them in "
            "personal_fields, or in not_personal with the reason"
        )
        if any(name in declared.personal_fields for name in flagged):
            assert declared.holds_personal_data, model._meta.label


@pytest.mark.parametrize(
    ("model_label", "field_name"),
    [
        ("accounts.User", "full_name"),
        ("accounts.User", "phone"),
        ("accounts.User", "email"),
        ("letters.Signer", "id_number"),
        ("letters.Signer", "address"),
        ("letters.Signer", "user"),
        ("letters.Attachment", "original_name"),
        ("core.AuditEntry", "actor"),
        ("core.AuditEntry", "actor_ip_hash"),
        ("letters.Letter", "latitude"),
        ("documents.IssuerProfile", "signer_name"),
        ("documents.DocumentTemplate", "updated_by"),
    ],
)
def test_the_heuristic_flags_personal_data(model_label, field_name):
    assert looks_personal(apps.get_model(model_label)._meta.get_field(field_name))


@pytest.mark.parametrize(
    ("model_label", "field_name"),
    [
        ("organizations.Province", "codename"),
        ("letters.Letter", "subject"),
        ("letters.Letter", "tracking_code"),
        ("letters.Letter", "unit"),
        ("notifications.CodeChallenge", "public_id"),
    ],
)
def test_the_heuristic_leaves_other_fields_alone(model_label, field_name):
    assert not looks_personal(apps.get_model(model_label)._meta.get_field(field_name))


def test_the_models_that_hold_identities_have_their_expected_class():
    expected = {
        "accounts.User": RetentionClass.ACCOUNT,
        "organizations.Membership": RetentionClass.ACCOUNT,
        "letters.Signer": RetentionClass.CASE_FILE,
        "letters.Letter": RetentionClass.CASE_FILE,
        "letters.Attachment": RetentionClass.CASE_FILE,
        "letters.Rating": RetentionClass.CASE_FILE,
        "documents.IssuedDocument": RetentionClass.CASE_FILE,
        "notifications.Message": RetentionClass.DELIVERY,
        "notifications.CodeChallenge": RetentionClass.DELIVERY,
        "core.AuditEntry": RetentionClass.SECURITY_LOG,
        "organizations.Unit": RetentionClass.NONE,
    }
    got = {label: retention_of(apps.get_model(label)).retention_class for label in expected}
    assert got == expected


# --- The selectors --------------------------------------------------------------------------------


def test_retention_of_reads_a_model_or_an_instance():
    # By label: core imports no context above it.
    Signer = apps.get_model("letters.Signer")  # noqa: N806
    assert retention_of(Signer) is retention_of(Signer(full_name="Nguyễn Văn A"))
    assert "id_number" in retention_of(Signer).personal_fields
    assert retention_of(CalendarDay).retention_class is RetentionClass.NONE


def test_retention_of_refuses_a_model_without_a_declaration():
    with pytest.raises(UndeclaredRetentionError, match=r"sessions\.Session declares no retention"):
        retention_of(Session)


@isolate_apps("danvan.core")
def test_a_declaration_is_not_inherited_from_a_base():
    class Stamped(models.Model):
        retention = Retention(RetentionClass.ACCOUNT, personal_fields=("who",))
        who = models.CharField(max_length=10)

        class Meta:
            abstract = True

    class Child(Stamped):  # noqa: DJ008 - a throwaway model
        pass

    with pytest.raises(UndeclaredRetentionError):
        retention_of(Child)


def test_declared_models_lists_only_models_with_a_declaration():
    declared = declared_models()
    assert declared[AuditEntry].retention_class is RetentionClass.SECURITY_LOG
    assert Session not in declared
    assert all(isinstance(value, Retention) for value in declared.values())


# --- Declarations and rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        {"retention_class": RetentionClass.NONE, "personal_fields": ("phone",)},
        {"retention_class": RetentionClass.CASE_FILE},
        {"retention_class": RetentionClass.CASE_FILE, "personal_fields": ("phone", "phone")},
        {
            "retention_class": RetentionClass.CASE_FILE,
            "personal_fields": ("phone",),
            "not_personal": {"phone": "an office's"},
        },
        {"retention_class": RetentionClass.NONE, "not_personal": {"name": " "}},
    ],
)
def test_a_declaration_that_contradicts_itself_is_refused(arguments):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        Retention(**arguments)


def test_a_declaration_cannot_be_changed_afterwards():
    declared = Retention(RetentionClass.NONE, not_personal={"name": "a holiday"})
    with pytest.raises(TypeError):
        declared.not_personal["phone"] = "sneaked in"  # type: ignore[index]
    assert NO_PERSONAL_DATA.holds_personal_data is False


def test_every_class_has_a_rule_and_a_period_not_fixed_is_marked_unverified():
    assert set(RULES) == set(RetentionClass)
    for retention_class, rule in RULES.items():
        assert rule.meaning
        if retention_class is RetentionClass.NONE:
            continue
        assert rule.trigger
        assert rule.basis
        if rule.dispose_after is None or rule.unverified:
            assert rule.unverified, retention_class
            assert rule.note, retention_class


def test_the_defaults_of_compliance_g14_and_g6():
    contact = RetentionClass.CONTACT_DATA.rule
    assert (contact.dispose_after, contact.disposal) == (Period(months=12), Disposal.DELETE)
    account = RetentionClass.ACCOUNT.rule
    assert (account.dispose_after, account.disposal) == (Period(months=24), Disposal.ANONYMISE)
    assert RetentionClass.SECURITY_LOG.rule.keep_at_least == Period(months=12)


def test_no_period_is_set_for_case_files_until_the_archive_rules_are_read():
    rule = RetentionClass.CASE_FILE.rule
    assert rule.dispose_after is None
    assert rule.unverified
    assert rule.disposal is Disposal.ARCHIVE_APPRAISAL


def test_periods_read_as_text():
    assert str(Period(months=24)) == "24 months"
    assert str(Period(months=1, days=15)) == "1 month and 15 days"
    with pytest.raises(ValueError, match="positive"):
        Period()
