from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.letters.rules_seed import seed_rules

    seed_rules(apps.get_model("letters", "DeadlineRule"))
    method = apps.get_model("letters", "AcceptedSignatureMethod")
    for code in ("otp_sms", "otp_email", "signed_scan", "handwritten"):
        method.objects.get_or_create(method=code, defaults={"accepted": True})


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
