"""The register book's default columns (``danvan.reports.columns_seed``)."""

from django.db import migrations


def seed(apps, schema_editor):
    from danvan.reports.columns_seed import seed_register_columns

    seed_register_columns(apps.get_model("reports", "RegisterColumn"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_register_columns")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
