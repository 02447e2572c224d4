from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.letters.rules_seed import seed_rules, seed_signature_methods

    seed_rules(apps.get_model("letters", "DeadlineRule"))
    seed_signature_methods(apps.get_model("letters", "AcceptedSignatureMethod"))


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
