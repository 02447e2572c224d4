"""The letters' own once-a-day digest table goes: the workflow kit's ledger of reminders
(``workflow.SentReminder``, one row per work item, day, person and kind) replaces it. Its rows
mattered only for their day, so none is copied."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0007_seed_legal_bases'),
        ('workflow', '0003_reminders'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ReminderSent',
        ),
    ]
