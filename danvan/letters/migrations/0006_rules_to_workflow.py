"""The time-limit rule table moves to the workflow kit (``workflow.DeadlineRule``).

Every row is copied with its primary key, so ``Letter.due_rule`` and ``Case.due_rule`` keep their
values and only their foreign keys change table; the content type (and so the permissions granted
on it) moves with the model. Reversible: the rows go back the same way.
"""

from typing import Any

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

_FIELDS = (
    "id", "effective_from", "effective_to", "key", "amount", "unit", "complex_amount",
    "remote_amount", "remote_complex_amount", "extension_amount", "max_extensions_complex",
    "max_extensions_especially_complex", "suspension_excluded", "start_event", "legal_basis",
    "verified", "active", "note", "created_at",
)  # fmt: skip


def _copy(apps: Any, schema_editor: Any, source: tuple[str, str], target: tuple[str, str]) -> None:
    Source = apps.get_model(*source)
    Target = apps.get_model(*target)
    alias = schema_editor.connection.alias
    have = set(Target.objects.using(alias).values_list("pk", flat=True))
    missing = Source.objects.using(alias).exclude(pk__in=have).order_by("pk")
    Target.objects.using(alias).bulk_create(
        [Target(**{name: getattr(row, name) for name in _FIELDS}) for row in missing]
    )
    # ``created_at`` is auto_now_add: bulk_create set it to now, so put the stored times back.
    for row in missing.only("pk", "created_at"):
        Target.objects.using(alias).filter(pk=row.pk).update(created_at=row.created_at)
    reset = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Target])
    with schema_editor.connection.cursor() as cursor:
        for sql in reset:
            cursor.execute(sql)


def _move_content_type(apps: Any, schema_editor: Any, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    alias = schema_editor.connection.alias
    types = ContentType.objects.db_manager(alias)
    old = types.filter(app_label=source, model="deadlinerule").first()
    if old is None:
        return
    new = types.filter(app_label=target, model="deadlinerule").first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
    else:
        # Both exist (post_migrate already ran for the new app): keep the grants, drop the old.
        for perm in Permission.objects.using(alias).filter(content_type=old):
            twin = Permission.objects.using(alias).filter(
                content_type=new, codename=perm.codename
            ).first()
            if twin is not None:
                twin.group_set.add(*perm.group_set.all())
                twin.user_set.add(*perm.user_set.all())
        old.delete()
    if hasattr(ContentType.objects, "clear_cache"):
        ContentType.objects.clear_cache()


def forward(apps: Any, schema_editor: Any) -> None:
    _copy(apps, schema_editor, ("letters", "DeadlineRule"), ("workflow", "DeadlineRule"))
    _move_content_type(apps, schema_editor, "letters", "workflow")


def backward(apps: Any, schema_editor: Any) -> None:
    # The workflow rows stay: other modules may point at them; the workflow table goes only when
    # its own first migration is reversed.
    _copy(apps, schema_editor, ("workflow", "DeadlineRule"), ("letters", "DeadlineRule"))
    _move_content_type(apps, schema_editor, "workflow", "letters")


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0005_about_unit"),
        ("workflow", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    # The copy keeps each row's primary key, so it must run before the kit seeds rows of its own
    # into the same table (a fresh database would otherwise lose the letters row with that key).
    run_before = [("workflow", "0003_reminders")]

    operations = [
        # Forwards: copy, re-point, drop. Backwards (read bottom-up): recreate the old table,
        # copy the rows back, then re-point the foreign keys at it.
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="letter",
            name="due_rule",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="workflow.deadlinerule",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="due_rule",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="workflow.deadlinerule",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, backward),
        migrations.DeleteModel(name="DeadlineRule"),
    ]
