"""Every context declares its audit action names in ``<context>/audit_actions.py``: the names fit
the scheme and start with their context, no two contexts share one, and no code passes a
literal name to the audit trail."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import TextChoices

from danvan.core import audit

DANVAN = Path(audit.__file__).resolve().parents[1]

#: The calls whose ``action=`` names an audit action: ``audit.record`` and the workflow gate's
#: writes (``Workflow.start``/``update``) with the letters' wrappers.
ACTION_CALLS = frozenset({"record", "update", "start"})

# Imported by name at run time: the layers contract forbids core from importing the contexts
# above it, and tests are no exception.
CONTEXTS = sorted(
    config.name.removeprefix("danvan.")
    for config in apps.get_app_configs()
    if config.name.startswith("danvan.") and config.name.count(".") == 1
)


def _declarations() -> dict[str, type[TextChoices]]:
    found = {}
    for context in CONTEXTS:
        if (DANVAN / context / "audit_actions.py").exists():
            module = importlib.import_module(f"danvan.{context}.audit_actions")
            found[context] = module.AuditAction
    return found


DECLARED = _declarations()


def _source_files() -> list[Path]:
    return sorted(
        path
        for path in DANVAN.rglob("*.py")
        if "tests" not in path.relative_to(DANVAN).parts
        and "migrations" not in path.relative_to(DANVAN).parts
    )


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _action_arguments(path: Path) -> list[tuple[int, str, ast.expr]]:
    """(line, called name, value) of each audit-naming keyword argument in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        for keyword in node.keywords:
            if (keyword.arg == "action" and name in ACTION_CALLS) or keyword.arg == "audit_name":
                found.append((node.lineno, name, keyword.value))
    return found


def _has_literal(value: ast.expr) -> bool:
    return any(
        isinstance(node, ast.Constant) and isinstance(node.value, str) for node in ast.walk(value)
    )


def test_the_contexts_that_write_to_the_trail_are_found():
    assert {"core", "accounts", "organizations", "documents", "letters"} <= set(DECLARED)


@pytest.mark.parametrize("context", sorted(DECLARED))
def test_declared_names_fit_the_scheme_and_start_with_their_context(context):
    names = [member.value for member in DECLARED[context]]
    assert names
    for name in names:
        assert audit.is_action_name(name), name
        assert name.split(".")[0] == context, name


def test_no_two_contexts_declare_the_same_name():
    owners: dict[str, list[str]] = {}
    for context, actions in DECLARED.items():
        for member in actions:
            owners.setdefault(member.value, []).append(context)
    assert {name: ctx for name, ctx in owners.items() if len(ctx) > 1} == {}


def test_every_context_that_writes_to_the_trail_declares_its_names():
    writers = {
        path.relative_to(DANVAN).parts[0]
        for path in _source_files()
        if path.relative_to(DANVAN).parts[0] != "core" and _action_arguments(path)
    }
    assert writers - set(DECLARED) == set()


def test_no_action_is_passed_as_a_string_literal():
    literal = [
        f"{path.relative_to(DANVAN.parent)}:{line}: {name}(...)"
        for path in _source_files()
        for line, name, value in _action_arguments(path)
        if _has_literal(value)
    ]
    assert literal == []


def test_the_scan_sees_the_calls_it_checks():
    # A guard for the test above: were the scan to find nothing, it would pass vacuously.
    calls = {name for path in _source_files() for _line, name, _value in _action_arguments(path)}
    assert {"record", "start", "update"} <= calls
    assert _has_literal(ast.parse('f(action="a.b.c" if x else B)').body[0].value.keywords[0].value)


def test_legacy_names_map_old_names_to_declared_ones():
    declared = {member.value for actions in DECLARED.values() for member in actions}
    assert set(audit.LEGACY_NAMES.values()) <= declared
    assert not set(audit.LEGACY_NAMES) & declared
    for old, new in audit.LEGACY_NAMES.items():
        assert old.split(".")[0] == new.split(".")[0], old
