"""The legal bases of what each notice does (the acceptance of a complaint is Luật Khiếu nại
Art. 27, not the Art. 28 time limit; its decision Art. 31; verification and resumption by the
kind of letter), seeded as first dated versions (idempotent)."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.letters.legal_bases import LEGAL_BASES
    from danvan.workflow.rules import seed_legal_bases

    seed_legal_bases(apps.get_model("workflow", "LegalBasis"), dict(LEGAL_BASES))


class Migration(migrations.Migration):
    dependencies = [("letters", "0016_protected"), ("workflow", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
