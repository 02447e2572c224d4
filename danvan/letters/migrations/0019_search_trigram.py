"""A trigram index on the letters' folded search text, so that the staff list's word search
(``search_folded LIKE '%word%'``) reads an index at a national register's size. PostgreSQL only
(``pg_trgm``); other databases scan the column as before."""

from django.db import migrations

_INDEX = "letters_letter_search_trgm"


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {_INDEX} ON letters_letter "
        "USING gin (search_folded gin_trgm_ops)"
    )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("letters", "0018_citizen_notices")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
