"""The staff search on full-text indexes (``letters.search``).

* GIN indexes on the ``simple`` text-search vector of the folded search text and of the
  restricted name index, in place of their trigram indexes: every word typed is a posting list
  of the index, far cheaper to intersect than the trigrams of common words (at 1,000,000
  letters "khieu" and "dat" each had ~124,000 letters in their trigram lists). The trigram
  indexes are no longer read, and every letter registered paid for them.
* ``SearchWord``, the words of the search texts and of the names once each, filled from the
  letters and names stored and kept by triggers (a letter written or its search text changed, a
  name written): the search looks in it which words one slip of a letter from a word typed
  exist.

PostgreSQL only (expression indexes, triggers); SQLite keeps reading the columns as before and
leaves the vocabulary empty.
"""

from django.db import migrations, models

_INDEXES = (
    ("letters_letter_search_fts", "letters_letter", "search_folded"),
    ("letters_signername_fts", "letters_signername", "folded"),
)
_TRIGRAMS = (
    ("letters_letter_search_trgm", "letters_letter", "search_folded"),
    ("letters_signername_trgm", "letters_signername", "folded"),
)
# The words of a text as the full-text index splits it, the longer ones left out (as the
# column's length).
_WORDS = (
    "SELECT DISTINCT {kind}, w FROM "
    "unnest(tsvector_to_array(to_tsvector('simple'::regconfig, {text}))) AS w "
    "WHERE length(w) <= 60"
)
_TRIGGERS = f"""
CREATE OR REPLACE FUNCTION letters_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO letters_searchword (kind, word)
    {_WORDS.format(kind="'text'", text="NEW.search_folded")}
    ON CONFLICT (kind, word) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER letters_letter_search_words_new AFTER INSERT ON letters_letter
    FOR EACH ROW EXECUTE FUNCTION letters_search_words();
CREATE TRIGGER letters_letter_search_words_changed AFTER UPDATE OF search_folded ON letters_letter
    FOR EACH ROW WHEN (OLD.search_folded IS DISTINCT FROM NEW.search_folded)
    EXECUTE FUNCTION letters_search_words();
CREATE OR REPLACE FUNCTION letters_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO letters_searchword (kind, word)
    {_WORDS.format(kind="'name'", text="NEW.folded")}
    ON CONFLICT (kind, word) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER letters_signername_words AFTER INSERT OR UPDATE OF folded ON letters_signername
    FOR EACH ROW EXECUTE FUNCTION letters_name_words();
"""
_BACKFILL = (
    "INSERT INTO letters_searchword (kind, word) SELECT {kind}, word FROM ts_stat("
    "'SELECT to_tsvector(''simple''::regconfig, {column}) FROM {table}') "
    "WHERE length(word) <= 60 ON CONFLICT (kind, word) DO NOTHING"
)


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in _INDEXES:
        vector = f"to_tsvector('simple'::regconfig, {column})"
        if table == "letters_letter":
            # The letter's unit as a lexeme of its own ("~u12", which no text typed gives):
            # a search scoped to some units intersects the words with those units in the
            # index (``letters.search.FoldedMatch``).
            vector = f"({vector} || array_to_tsvector(ARRAY['~u' || unit_id::text]))"
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({vector})")
    for name, _table, _column in _TRIGRAMS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(_TRIGGERS)
    for kind, (_name, table, column) in zip(("'text'", "'name'"), _INDEXES, strict=True):
        schema_editor.execute(_BACKFILL.format(kind=kind, table=table, column=column))
    for _name, table, _column in _INDEXES:
        # The planner's statistics of the new expressions (how common each word is), without
        # which it does not combine the word index with the unit's.
        schema_editor.execute(f"ANALYZE {table}")


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS letters_letter_search_words_new ON letters_letter; "
        "DROP TRIGGER IF EXISTS letters_letter_search_words_changed ON letters_letter; "
        "DROP TRIGGER IF EXISTS letters_signername_words ON letters_signername; "
        "DROP FUNCTION IF EXISTS letters_search_words(); "
        "DROP FUNCTION IF EXISTS letters_name_words()"
    )
    for name, table, column in _TRIGRAMS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )
    for name, _table, _column in _INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("letters", "0022_running_due")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=4)),
                ("word", models.CharField(max_length=60)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "word"), name="letters_searchword_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(_create, _drop, elidable=False),
    ]
