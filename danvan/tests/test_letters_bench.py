"""The letters benchmark (``bench/letters_bench.py``) keeps working: its small mode seeds 20,000
letters into a database of its own, serves them with gunicorn and prints every figure. Only that
the figures are printed is checked, never a timing (the machines are shared)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from letters_bench import FIGURES  # noqa: E402


@pytest.mark.postgres
def test_small_run_prints_every_figure_with_its_target() -> None:
    db = connection.settings_dict
    name = f"test_letters_bench_{os.getpid()}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "letters_bench.py"),
            "--letters", "20000", "--seconds", "1", "--runs", "3", "--create-db",
        ],
        cwd=ROOT,
        env={**env, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    for figure in FIGURES:
        assert any(line.startswith(f"{figure}: ") for line in lines), (figure, result.stdout)
    targeted = [line for line in lines if "(target " in line]
    # Every figure with a target says whether it was met.
    assert all(line.endswith(("[met]", "[MISSED]")) for line in targeted if "seed" not in line)
    assert lines[-1].startswith("targets missed: ")
