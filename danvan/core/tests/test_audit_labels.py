"""Every audit action has a Vietnamese label, every name the code writes is declared, and the
labels leave the stored names, hence the hash chain, as they were."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from danvan.core import audit, audit_present
from danvan.core.models import AuditEntry

DANVAN = Path(audit.__file__).resolve().parents[1]

# Imported by name at run time: the layers contract forbids core from importing the contexts
# above it, tests included.
CONTEXTS = sorted(
    config.name.removeprefix("danvan.")
    for config in apps.get_app_configs()
    if config.name.startswith("danvan.")
    and config.name.count(".") == 1
    and (DANVAN / config.name.removeprefix("danvan.") / "audit_actions.py").exists()
)


def _actions(context: str) -> type[models.TextChoices]:
    declared: type[models.TextChoices] = importlib.import_module(
        f"danvan.{context}.audit_actions"
    ).AuditAction
    return declared


def _declared() -> set[str]:
    return {member.value for context in CONTEXTS for member in _actions(context)}


def test_the_contexts_are_found():
    assert {"core", "accounts", "organizations", "documents", "letters", "workflow"} <= set(
        CONTEXTS
    )


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_action_has_a_vietnamese_label(context):
    actions = _actions(context)
    assert issubclass(actions, models.TextChoices)
    for member in actions:
        with translation.override("en"):
            english = str(member.label)
        with translation.override("vi"):
            vietnamese = str(member.label)
        assert vietnamese, member.value
        assert vietnamese != member.value, member.value
        assert vietnamese != english, f"{member.value}: {english!r} has no Vietnamese label"
        assert "." not in vietnamese.rstrip("."), member.value  # a label, not a code


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_context_registers_its_labels(context):
    registered = audit_present.registered_actions()
    for member in _actions(context):
        assert member.value in registered, member.value
        with translation.override("vi"):
            assert audit_present.action_label(member.value) == str(member.label)


def test_a_name_from_before_the_scheme_reads_as_its_current_label():
    with translation.override("vi"):
        assert audit_present.action_label("accounts.login_failed") == audit_present.action_label(
            "accounts.login.failed"
        )
        assert audit_present.action_label("tests.unknown.thing") == "tests.unknown.thing"


def _source_files() -> list[Path]:
    return sorted(
        path
        for path in DANVAN.rglob("*.py")
        if "tests" not in path.relative_to(DANVAN).parts
        and "migrations" not in path.relative_to(DANVAN).parts
    )


def _called(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _action_values(path: Path) -> list[tuple[int, ast.expr]]:
    """The values passed as an audit action in ``path``: ``action=`` and ``audit_name=``
    arguments, and ``*_action`` assignments (a model's ``tracking_locked_action``)."""
    found: list[tuple[int, ast.expr]] = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in {"record", "update", "start"}:
            found += [
                (node.lineno, k.value) for k in node.keywords if k.arg in {"action", "audit_name"}
            ]
        elif isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(n.endswith("_action") for n in names):
                found.append((node.lineno, node.value))
    return found


def _member_references(path: Path) -> list[tuple[int, str]]:
    """``AuditAction.NAME`` references of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.lineno, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in {"AuditAction", "_AuditAction"}
        and node.attr.isupper()
    ]


def test_every_action_the_code_writes_is_a_member():
    """What is passed as an action is a member of a context's ``AuditAction`` (or a variable
    holding one: the literal strings are refused by ``test_audit_actions``)."""
    members = 0
    for path in _source_files():
        for _line, value in _action_values(path):
            for node in ast.walk(value):
                literal = isinstance(node, ast.Constant) and isinstance(node.value, str)
                assert not literal, f"{path}:{_line}"
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "AuditAction"
                ):
                    members += 1
    assert members > 50


def test_every_workflow_writes_a_declared_status_action():
    declared = _declared()
    # Test modules declare workflows of their own contexts (``kitapp``): those are not counted.
    registered = {n for n in audit_present._STATES if n.split(".")[0] in CONTEXTS}
    assert {"letters.letter.status", "letters.case.status", "letters.party_case.status"} <= (
        registered
    )
    assert registered - declared == set()


def test_every_member_the_code_names_exists():
    names = {member.name for context in CONTEXTS for member in _actions(context)}
    missing = [
        f"{path.relative_to(DANVAN.parent)}:{line}: AuditAction.{attr}"
        for path in _source_files()
        for line, attr in _member_references(path)
        if attr not in names
    ]
    assert missing == []
    # The scan sees the references it checks.
    assert sum(len(_member_references(p)) for p in _source_files()) > 50


# --- the chain -------------------------------------------------------------------------------


def test_a_member_is_stored_as_its_plain_name(db):
    actions = _actions("letters")
    by_member = audit.record(action=actions("letters.case.note"), reason="ghi chú")
    stored = AuditEntry.objects.get(pk=by_member.pk)
    assert stored.action == "letters.case.note"
    assert type(stored.action) is str
    assert b'"action":"letters.case.note"' in stored.canonical_content()


def test_the_hash_of_an_entry_is_the_one_of_its_canonical_json():
    """The hash covers the plain name: this entry's hash, computed by hand, is what it was
    before the names had labels."""
    actions = _actions("letters")
    entry = AuditEntry(
        at=dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC),
        actor_kind=AuditEntry.ActorKind.SYSTEM,
        actor_id=None,
        actor_ip_hash="",
        action=actions.CASE_ASSIGNED,
        target_type="letters.case",
        target_id="7",
        target_repr="letters.case#7",
        fields=["handlers"],
        reason="Phân công",
        extra={"from": "a", "to": "b"},
        prev_hash=audit.GENESIS_HASH,
    )
    canonical = (
        '{"action":"letters.case.assigned","actor_id":null,"actor_ip_hash":"",'
        '"actor_kind":"system","at":"2026-03-10T02:00:00.000000+00:00",'
        '"extra":{"from":"a","to":"b"},"fields":["handlers"],'
        f'"prev_hash":"{audit.GENESIS_HASH}","reason":"Phân công","target_id":"7",'
        '"target_repr":"letters.case#7","target_type":"letters.case"}'
    )
    assert entry.canonical_content() == canonical.encode()
    assert entry.compute_hash() == hashlib.sha256(canonical.encode()).hexdigest()


def test_entries_written_with_plain_names_and_with_labelled_members_form_one_valid_chain(
    db, monkeypatch
):
    actions = _actions("letters")
    # As entries were written before the labels: plain strings (an old name among them).
    with monkeypatch.context() as m:
        m.setattr(audit, "is_action_name", lambda name: True)
        before = [
            audit.record(action="letters.case.assigned"),
            audit.record(action="organizations.unit_created"),
        ]
    after = [audit.record(action=actions.CASE_ASSIGNED), audit.record(action=actions.CASE_NOTE)]
    report = audit.check_chain()
    assert report.broken is None
    assert report.count == AuditEntry.objects.count()
    for entry in [*before, *after]:
        stored = AuditEntry.objects.get(pk=entry.pk)
        assert stored.compute_hash() == stored.entry_hash
    assert AuditEntry.objects.get(pk=after[0].pk).action == before[0].action
    assert AuditEntry.objects.get(pk=after[0].pk).prev_hash == before[-1].entry_hash
