"""The restricted index of signers' names (``SignerName``), filled from the signers already
registered, in batches; on PostgreSQL a trigram index on it, for names typed without their
diacritics or with a slip of a letter."""

import django.db.models.deletion
from django.db import migrations, models

from danvan.core.text import fold

_INDEX = "letters_signername_trgm"
_BATCH = 5000


def _fill(apps, schema_editor):
    Signer = apps.get_model("letters", "Signer")
    SignerName = apps.get_model("letters", "SignerName")
    last = 0
    while True:
        rows = list(
            Signer.objects.filter(pk__gt=last)
            .exclude(full_name="")
            .order_by("pk")
            .values_list("pk", "letter_id", "full_name")[:_BATCH]
        )
        if not rows:
            break
        SignerName.objects.bulk_create(
            [SignerName(letter_id=letter, folded=fold(name)[:150]) for _pk, letter, name in rows]
        )
        last = rows[-1][0]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_INDEX} ON letters_signername "
            "USING gin (folded gin_trgm_ops)"
        )


def _unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("letters", "0019_search_trigram")]

    operations = [
        migrations.CreateModel(
            name="SignerName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("folded", models.CharField(max_length=150)),
                (
                    "letter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signer_names",
                        to="letters.letter",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["folded"], name="letters_sig_folded_a1564a_idx")],
            },
        ),
        migrations.RunPython(_fill, _unfill, elidable=False),
    ]
