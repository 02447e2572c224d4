"""Make the audit trail append-only: one successor per entry, and (on PostgreSQL) a trigger.

The trigger refuses UPDATE and DELETE on ``core_auditentry`` whoever issues them, raw SQL
included. Only the table's owner (or a superuser) can disable or drop it, so in production the
application should not connect as the owner. TRUNCATE is deliberately not blocked: Django's
``flush`` and pytest-django's transactional tests empty tables with TRUNCATE. In production revoke
it from the application's role (``REVOKE TRUNCATE ON core_auditentry FROM <app role>``).
Later data migrations cannot UPDATE or DELETE entries either; that is intended.
"""

from django.conf import settings
from django.db import migrations, models

CREATE_SQL = """
CREATE OR REPLACE FUNCTION core_auditentry_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % on core_auditentry is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_refuse_change();
"""


def _run_on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(max_length=64, unique=True, verbose_name='previous hash'),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(fields=['target_type', 'target_id'], name='core_audit_target_idx'),
        ),
        migrations.RunPython(
            _run_on_postgresql(CREATE_SQL),
            _run_on_postgresql(DROP_SQL),
            elidable=False,
        ),
    ]
