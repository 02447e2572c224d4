"""The ledger of reminders sent, the "from the due date" count of a time limit, and the seeded
escalation rule (``workflow.escalation``: 3 working days, the platform's default)."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.workflow.rules_seed import seed_rules

    seed_rules(apps.get_model("workflow", "DeadlineRule"))


def unseed(apps: Any, schema_editor: Any) -> None:
    from danvan.workflow.rules_seed import RULES

    DeadlineRule = apps.get_model("workflow", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0002_proposals'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='deadlinerule',
            name='start_event',
            field=models.CharField(choices=[('receipt', 'From the day the letter is received'), ('acceptance', 'From the day it is accepted'), ('decision', 'From the day of the decision'), ('decision_received', 'From the day the decision is received'), ('publication', 'From the first day of publication'), ('due', 'From the day a work item fell due')], max_length=30, verbose_name='counted'),
        ),
        migrations.CreateModel(
            name='SentReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('item_key', models.CharField(max_length=120, verbose_name='work item')),
                ('day', models.DateField(verbose_name='day')),
                ('kind', models.CharField(choices=[('digest', 'in the daily digest'), ('escalation', 'escalated to the unit above')], max_length=20, verbose_name='kind')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'reminder sent',
                'verbose_name_plural': 'reminders sent',
                'constraints': [models.UniqueConstraint(fields=('day', 'user', 'kind', 'item_key'), name='sentreminder_once_a_day')],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
