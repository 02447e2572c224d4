"""The letters context on the workflow kit's rule tables: its keys are registered, the rule rows
and the foreign keys of letters and cases survived the move, the legal-basis texts its notices
print are rows that an administrator changes, and the next notice prints the new words."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from docx import Document

from danvan.core import calendar
from danvan.letters import legal_bases
from danvan.letters.choices import GROUND_BASIS, IneligibilityGround, RuleKey
from danvan.letters.models import Case, Letter
from danvan.letters.rules_seed import RULES
from danvan.letters.services import handling, paperwork, rules
from danvan.letters.tests.conftest import MakeLetter, Office
from danvan.workflow import registry
from danvan.workflow.models import DeadlineRule, LegalBasis
from danvan.workflow.rules import legal_basis

pytestmark = pytest.mark.django_db


def _docx_text(document: Any) -> str:
    document.file.open("rb")
    try:
        return "\n".join(p.text for p in Document(io.BytesIO(document.file.read())).paragraphs)
    finally:
        document.file.close()


def _classify(letter: Letter, office: Office, **kwargs: Any) -> Letter:
    data = handling.Classification(
        kind=letter.kind,
        competent_unit=kwargs.pop("competent_unit", office.unit),
        summary="Khiếu nại việc thu hồi đất",
        **kwargs,
    )
    return handling.letter_classify(letter=letter, actor=office.receiver, data=data)


def test_every_time_limit_key_is_registered_with_its_legal_basis() -> None:
    for key in RuleKey:
        found = registry.rule_key(key.value)
        assert found is not None
        assert found.module == "letters"
        assert found.label == key.label
        assert found.legal_basis


def test_a_version_a_letter_or_case_was_computed_with_is_in_use(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = _classify(make_letter(), office)
    assert letter.due_rule is not None
    assert rules.rule_in_use(letter.due_rule)
    case = handling.letter_accept(letter=letter, actor=office.leader)
    assert rules.rule_in_use(case.due_rule)
    unused = DeadlineRule.objects.get(key="processing.complaint", active=False)
    assert not rules.rule_in_use(unused)


def test_the_seeded_legal_bases_are_the_words_notices_printed_before() -> None:
    today = calendar.today_local()
    assert legal_basis(legal_bases.FORWARD_DENUNCIATION, today) == (
        "Luật Tố cáo 2018, Điều 24(2); Thông tư 05/2021/TT-TTCP, Điều 14"
    )
    assert legal_basis(legal_bases.FORWARD_OTHER, today) == (
        "Nghị định 20/2008/NĐ-CP, Điều 9; Luật Tiếp công dân 2013, Điều 26"
    )
    assert legal_basis(legal_bases.GUIDANCE, today) == (
        "Luật Tiếp công dân 2013, Điều 26; Thông tư 05/2021/TT-TTCP"
    )
    assert legal_basis(legal_bases.SUSPENSION, today) == (
        "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a; Luật Tố cáo 2018, Điều 34"
    )
    assert legal_basis(legal_bases.RESUMPTION, today) == (
        "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a"
    )
    assert legal_basis(legal_bases.TERMINATION, today) == (
        "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 10, 11a; Luật Tố cáo 2018, Điều 33, 34"
    )
    for ground in IneligibilityGround:
        assert legal_basis(legal_bases.ground_key(ground.value), today) == GROUND_BASIS[ground]


def test_an_administrator_changes_a_legal_basis_and_the_next_notice_prints_it(
    make_letter: MakeLetter, office: Office, client: Any, settings: Any, django_user_model: Any
) -> None:
    settings.DANVAN_STAFF_OTP_REQUIRED = False
    today = calendar.today_local()
    current = LegalBasis.objects.get(key=legal_bases.GUIDANCE, effective_to__isnull=True)
    client.force_login(
        django_user_model.objects.create_superuser(username="quantri", password="x-Strong-9")
    )
    change = reverse("admin:workflow_legalbasis_change", args=[current.pk])
    assert client.get(change).status_code == 200
    ended = client.post(
        change,
        {
            "key": current.key,
            "text": current.text,
            "verified": "on",
            "note": "",
            "effective_from": current.effective_from.strftime("%d/%m/%Y"),
            "effective_to": today.strftime("%d/%m/%Y"),
        },
    )
    assert ended.status_code == 302, ended.content.decode()[:3000]
    new_text = "Luật Tiếp công dân 2013 (sửa đổi 2025), Điều 26; Thông tư 05/2021/TT-TTCP, Điều 6"
    added = client.post(
        reverse("admin:workflow_legalbasis_add"),
        {
            "key": legal_bases.GUIDANCE,
            "text": new_text,
            "verified": "on",
            "note": "Law 136/2025/QH15",
            "effective_from": today.strftime("%d/%m/%Y"),
        },
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    assert LegalBasis.objects.filter(key=legal_bases.GUIDANCE).count() == 2

    letter = _classify(make_letter(), office, competent_unit=None, competent_body="UBND tỉnh")
    handling.letter_guide(
        letter=letter, actor=office.leader, to_body="UBND tỉnh", guidance="Gửi đơn đến tỉnh."
    )
    letter.refresh_from_db()
    text = _docx_text(letter.handling_document)
    # Cited with the article first, as a sentence of a notice cites an act.
    assert paperwork.cited(new_text) in text
    assert "Điều 26 Luật Tiếp công dân 2013 (sửa đổi 2025)" in text
    assert paperwork.cited(current.text) not in text


# --- The move of the rule table -----------------------------------------------------------------


def _leaf_targets(executor: MigrationExecutor) -> list[tuple[str, str]]:
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_rule_rows_and_the_foreign_keys_survive_the_move(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = _classify(make_letter(), office)
    case = handling.letter_accept(letter=letter, actor=office.leader)
    letter.refresh_from_db()
    assert letter.due_rule_id != case.due_rule_id
    group = Group.objects.create(name="Rule keepers")
    group.permissions.add(Permission.objects.get(codename="change_deadlinerule"))
    # The kit's own rows (the escalation rule) are seeded again by its migration, with a new id.
    letters_rows = DeadlineRule.objects.exclude(key__startswith="workflow.").order_by("id")
    before = {row["id"]: row for row in letters_rows.values()}
    used_id = letter.due_rule_id
    assert used_id in before

    executor = MigrationExecutor(connection)
    executor.migrate([("letters", "0005_about_unit")])
    executor.loader.build_graph()
    old_apps = executor.loader.project_state(
        [("letters", "0005_about_unit"), ("workflow", "0001_initial")]
    ).apps
    old_rule = old_apps.get_model("letters", "DeadlineRule")
    old_rows = old_rule.objects.exclude(key__startswith="workflow.").order_by("id")
    assert {row["id"]: row for row in old_rows.values()} == before
    # A version an administrator added later, with a high id, used by the letter.
    extra = old_rule.objects.create(
        id=max(before) + 40, key="processing.complaint", amount=9, unit="working_days",
        start_event="receipt", legal_basis="Thử nghiệm", effective_from=dt.date(2031, 1, 1),
    )  # fmt: skip
    old_apps.get_model("letters", "Letter").objects.filter(pk=letter.pk).update(due_rule=extra)
    old_apps.get_model("workflow", "DeadlineRule").objects.all().delete()
    assert ContentType.objects.filter(app_label="letters", model="deadlinerule").exists()

    executor = MigrationExecutor(connection)
    executor.migrate(_leaf_targets(executor))

    after = {row["id"]: row for row in letters_rows.values()}
    assert {k: v for k, v in after.items() if k != extra.pk} == before
    assert after[extra.pk]["amount"] == 9
    moved = Letter.objects.get(pk=letter.pk)
    assert moved.due_rule == DeadlineRule.objects.get(pk=extra.pk)
    assert Case.objects.get(pk=case.pk).due_rule == DeadlineRule.objects.get(pk=case.due_rule_id)
    assert DeadlineRule.objects.get(pk=case.due_rule_id).key == "resolution.complaint.1"
    # New rows continue after the copied ids.
    fresh = DeadlineRule.objects.create(
        key="processing.complaint", amount=1, unit="working_days", start_event="receipt",
        legal_basis="x", effective_from=dt.date(2040, 1, 1), active=False,
    )  # fmt: skip
    assert fresh.pk > extra.pk
    # The permissions granted on the table moved with it.
    assert group.permissions.filter(
        content_type__app_label="workflow", codename="change_deadlinerule"
    ).exists()
    assert not ContentType.objects.filter(app_label="letters", model="deadlinerule").exists()
    assert legal_basis(legal_bases.GUIDANCE) == (
        "Luật Tiếp công dân 2013, Điều 26; Thông tư 05/2021/TT-TTCP"
    )
    assert len(RULES) <= len(after)
