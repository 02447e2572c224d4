import danvan.workflow.tests.kitapp.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kitapp', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='permit',
            name='pin_failures',
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='permit',
            name='pin_hash',
            field=models.CharField(default='', editable=False, max_length=128),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='permit',
            name='pin_locked_until',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='permit',
            name='tracking_code',
            field=models.CharField(default=danvan.workflow.tests.kitapp.models.new_permit_code, max_length=20, unique=True),
        ),
    ]
