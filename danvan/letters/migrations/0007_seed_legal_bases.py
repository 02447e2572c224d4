"""The legal-basis texts the letters notices printed as constants become rows of the workflow
kit's dated table, with the same words (``danvan.letters.legal_bases``)."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.letters.legal_bases import LEGAL_BASES
    from danvan.workflow.rules import seed_legal_bases

    seed_legal_bases(apps.get_model("workflow", "LegalBasis"), dict(LEGAL_BASES))


def unseed(apps: Any, schema_editor: Any) -> None:
    from danvan.letters.legal_bases import LEGAL_BASES

    LegalBasis = apps.get_model("workflow", "LegalBasis")
    LegalBasis.objects.filter(key__in=list(LEGAL_BASES)).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0006_rules_to_workflow"), ("workflow", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
