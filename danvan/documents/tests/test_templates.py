"""Templates: safe substitution, placeholder validation, the default/administrator precedence,
synchronisation, and the notices other contexts register."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from danvan.core.models import AuditEntry
from danvan.documents import selectors, services, templates
from danvan.documents.models import DocumentTemplate
from danvan.documents.templates import TemplateDefault, TemplateError
from danvan.documents.tests.conftest import NOTICE, TEST_DEFAULTS
from danvan.documents.types import DocumentType

pytestmark = pytest.mark.django_db


# --- substitution ------------------------------------------------------------------------------


def test_fields_are_replaced_by_plain_strings():
    text = "Kính gửi: {recipient}. Vụ việc {case_number}; {{literal}} braces."
    out = templates.substitute(text, {"recipient": "Ông A", "case_number": "12/2026"})
    assert out == "Kính gửi: Ông A. Vụ việc 12/2026; {literal} braces."


def test_a_value_is_never_expanded_again():
    out = templates.substitute("{a}", {"a": "{b} {__class__}", "b": "secret"})
    assert out == "{b} {__class__}"


@pytest.mark.parametrize(
    "text",
    [
        "{recipient.__class__}",
        "{recipient[0]}",
        "{recipient!r}",
        "{recipient:>10}",
        "{0}",
        "{}",
        "{ recipient }",
        "{Recipient}",
        "{{% load static %}",
    ],
)
def test_attribute_index_and_format_tricks_are_refused(text):
    with pytest.raises(TemplateError):
        templates.check(text, ["recipient"])


@pytest.mark.parametrize("text", ["Thiếu {recipient", "Thừa } ngoặc", "{a}}", "{{b}"])
def test_unmatched_braces_are_refused(text):
    with pytest.raises(TemplateError, match="brace"):
        templates.check(text, ["a", "b", "recipient"])


def test_unknown_fields_are_refused_and_the_allowed_ones_named():
    with pytest.raises(TemplateError) as excinfo:
        templates.check("{recipient} {password}", ["recipient"])
    message = str(excinfo.value)
    assert "{password}" in message
    assert "{recipient}" in message
    templates.check("{issuer}, {place}, {issued_on}", [])  # built-in fields are always allowed


def test_missing_values_are_all_named():
    with pytest.raises(TemplateError) as excinfo:
        templates.require_values(["{a} {b}", "{c}"], {"b": "x"})
    assert "{a}" in str(excinfo.value)
    assert "{c}" in str(excinfo.value)


def test_values_must_be_strings():
    with pytest.raises(TypeError):
        templates.substitute("{a}", {"a": 5})  # type: ignore[dict-item]


def test_control_characters_cannot_reach_the_document():
    assert templates.substitute("{a}", {"a": "A\x00B\x0bC\nD\tE"}) == "ABC\nD\tE"


# --- defaults ----------------------------------------------------------------------------------


def test_a_default_with_a_field_it_does_not_declare_is_refused_at_registration():
    with pytest.raises(ValueError, match="Unknown field"):
        TemplateDefault(
            key="documents_tests.bad",
            doc_type=DocumentType.NOTICE,
            title="THÔNG BÁO",
            summary="",
            body="{undeclared}",
            placeholders=(),
        )
    with pytest.raises(ValueError, match="document type"):
        TemplateDefault(
            key="documents_tests.bad",
            doc_type="khong_co",
            title="",
            summary="",
            body="",
            placeholders=(),
        )


def test_registering_a_different_default_under_a_taken_key_fails():
    templates.register_defaults(TEST_DEFAULTS)  # the same again: harmless
    changed = TemplateDefault(
        key=NOTICE.key,
        doc_type=NOTICE.doc_type,
        title=NOTICE.title,
        summary=NOTICE.summary,
        body="Khác",
        placeholders=NOTICE.placeholders,
    )
    with pytest.raises(ValueError, match="already registered"):
        templates.register_defaults([changed])


def test_the_default_applies_until_an_administrator_saves_a_version(superuser):
    assert selectors.effective_template(NOTICE.key).body == NOTICE.body
    services.document_templates_sync(actor=superuser)
    row = DocumentTemplate.objects.get(key=NOTICE.key)
    assert not row.customised
    assert selectors.effective_template(NOTICE.key).customised is False

    row.body = "Kính gửi: {recipient}\nNội dung đã sửa theo {legal_basis}./."
    services.document_template_save(actor=superuser, template=row, changed_fields=["body"])
    effective = selectors.effective_template(NOTICE.key)
    assert effective.customised
    assert "Nội dung đã sửa" in effective.body
    assert AuditEntry.objects.filter(action="documents.template.changed").count() == 1

    row.active = False
    services.document_template_save(actor=superuser, template=row, changed_fields=["active"])
    assert selectors.effective_template(NOTICE.key).body == NOTICE.body

    services.document_template_reset(actor=superuser, template=row)
    row.refresh_from_db()
    assert not row.customised
    assert row.body == NOTICE.body


def test_an_administrator_version_with_an_unknown_field_is_refused(superuser):
    services.document_templates_sync(actor=superuser)
    row = DocumentTemplate.objects.get(key=NOTICE.key)
    row.body = "Kính gửi: {recipient} {recipient_phone}"
    with pytest.raises(ValidationError) as excinfo:
        services.document_template_save(actor=superuser, template=row)
    assert "body" in excinfo.value.message_dict
    row.body = "Thiếu ngoặc {recipient"
    with pytest.raises(ValidationError):
        services.document_template_save(actor=superuser, template=row)
    row.refresh_from_db()
    assert not row.customised


def test_an_unknown_template_key_is_a_clear_error():
    with pytest.raises(TemplateError, match=r"khong\.co"):
        selectors.effective_template("khong.co")


def test_the_sync_command_creates_missing_rows_once():
    out = StringIO()
    call_command("document_templates", "--sync", stdout=out)
    keys = set(DocumentTemplate.objects.values_list("key", flat=True))
    assert {d.key for d in TEST_DEFAULTS} <= keys
    assert NOTICE.key in out.getvalue()
    count = DocumentTemplate.objects.count()
    call_command("document_templates", "--sync", stdout=StringIO())
    assert DocumentTemplate.objects.count() == count
    assert AuditEntry.objects.filter(action="documents.template.synced").count() == 1


# --- the notices of the letters context (reached through the registry) --------------------------

LETTERS_KEYS = {
    "letters.acceptance",
    "letters.non_acceptance",
    "letters.transfer",
    "letters.guidance",
    "letters.extension",
    "letters.suspension",
    "letters.resumption",
    "letters.termination",
    "letters.complaint_decision",
    "letters.denunciation_conclusion",
    "letters.answer",
}


def _letters_defaults() -> dict[str, TemplateDefault]:
    found = {d.key: d for d in templates.registered_defaults() if d.key.startswith("letters.")}
    if not found:
        pytest.skip("the letters context has not registered its notices")
    return found


def test_the_letters_notices_are_registered_and_name_no_denouncer_in_the_wrong_places():
    found = _letters_defaults()
    assert set(found) >= LETTERS_KEYS
    identity = {"recipient", "recipient_address"}
    for key in ("letters.transfer", "letters.denunciation_conclusion"):
        assert not identity & set(found[key].placeholders), key
    assert "round" in found["letters.complaint_decision"].placeholders
    assert found["letters.guidance"].doc_type == DocumentType.OFFICIAL_LETTER
    assert found["letters.guidance"].summary.startswith("V/v")


def test_every_registered_template_renders_for_a_state_and_a_party_body(
    state_unit, party_tree, settings
):
    settings.LANGUAGE_CODE = "vi"
    for default in templates.registered_defaults():
        values = {name: f"giá trị {name}" for name in default.placeholders}
        for unit in (state_unit, party_tree["board"]):
            content = services.document_preview(
                unit=unit,
                template_key=default.key,
                context=values,
                issued_on=dt.date(2026, 2, 5),
            )
            assert content[:2] == b"PK", default.key  # a DOCX is a zip file
