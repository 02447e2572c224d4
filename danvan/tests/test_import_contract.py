"""A feature context never reaches into another: it imports only the other's ``services`` and
``selectors`` (DESIGN.md §6; import-linter checks the layers, this checks the doors between
contexts of one layer)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "danvan"
DOORS = frozenset({"services", "selectors"})


def feature_contexts() -> list[str]:
    """The contexts of the feature layer of the import contract in ``pyproject.toml``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    feature = next(layer for layer in layers if "danvan.letters" in layer)
    return [part.strip(" ()").removeprefix("danvan.") for part in feature.split(":")]


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def crossings(folder: Path, others: list[str]) -> list[str]:
    """Imports, outside tests, of another context's modules other than its doors."""
    bad = []
    for path in folder.rglob("*.py"):
        if "tests" in path.relative_to(folder).parts:
            continue
        for name in imports_of(path):
            parts = name.split(".")
            other = len(parts) >= 2 and parts[0] == "danvan" and parts[1] in others
            if other and (len(parts) == 2 or parts[2] not in DOORS):
                bad.append(name)
    return sorted(bad)


def test_the_feature_layer_is_read_from_the_contract():
    contexts = feature_contexts()
    assert "letters" in contexts
    assert "reception" in contexts


def test_feature_contexts_import_each_other_only_through_services_and_selectors():
    contexts = feature_contexts()
    present = [c for c in contexts if (PACKAGE / c).is_dir()]
    assert "letters" in present
    for context in present:
        others = [o for o in contexts if o != context]
        assert crossings(PACKAGE / context, others) == [], context


def test_the_check_sees_a_crossing(tmp_path):
    """The check itself: a module that imports another context's models is reported; its
    services and selectors are not."""
    fake = tmp_path / "reception"
    fake.mkdir()
    (fake / "views.py").write_text(
        "from danvan.letters.models import Letter\nfrom danvan.letters import services\n"
        "from danvan.letters.selectors import letter_list\nimport danvan.letters.views\n"
    )
    assert crossings(fake, ["letters"]) == [
        "danvan.letters.models.Letter",
        "danvan.letters.views",
    ]
