"""The api tests use the letters tests' office (a unit with one person per role) and letter
maker."""

from __future__ import annotations

from danvan.letters.tests.conftest import english, make_letter, office

__all__ = ["english", "make_letter", "office"]
