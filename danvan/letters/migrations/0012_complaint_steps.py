"""The complaint steps: the time bar, the second complaint's window from receipt, continuing
after a termination, the dialogue invitations, the decision's contents, the publication of
second-time decisions, disciplinary complaints, the suspension of execution and the listed
grounds for suspending and ending a resolution; with their time-limit rows and legal bases."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.letters.legal_bases import LEGAL_BASES
    from danvan.letters.rules_seed import seed_rules
    from danvan.workflow.rules import seed_legal_bases

    seed_rules(apps.get_model("workflow", "DeadlineRule"))
    seed_legal_bases(apps.get_model("workflow", "LegalBasis"), dict(LEGAL_BASES))


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
        ('letters', '0011_denunciation_steps'),
        ('workflow', '0003_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='contested_measure',
            field=models.CharField(blank=True, choices=[('keep', 'Keep the contested decision'), ('amend', 'Amend the contested decision'), ('cancel', 'Cancel the contested decision'), ('stop_act', 'Stop the contested act'), ('none', 'Nothing to change (the act is over)')], max_length=10, verbose_name='what the decision does with what was complained of'),
        ),
        migrations.AddField(
            model_name='case',
            name='continue_until',
            field=models.DateField(blank=True, null=True, verbose_name='the complainant may ask to continue until'),
        ),
        migrations.AddField(
            model_name='case',
            name='decision_received_on',
            field=models.DateField(blank=True, null=True, verbose_name='decision received by the complainant on'),
        ),
        migrations.AddField(
            model_name='case',
            name='decision_scope',
            field=models.CharField(blank=True, choices=[('each', 'One decision per complainant'), ('list', 'One decision with the list of complainants attached')], max_length=10, verbose_name='decisions for several complainants'),
        ),
        migrations.AddField(
            model_name='case',
            name='end_ground',
            field=models.CharField(blank=True, choices=[('kn10', 'The complainant withdrew the whole complaint'), ('kn11a.2b', 'The complainant died and nobody inherits the rights at stake'), ('kn11a.2c', 'The complaining organisation ceased to exist and nobody inherits its rights'), ('tc34.3a', 'The denouncer withdrew the whole denunciation'), ('tc34.3b', 'The person denounced died and the matter concerns only them'), ('tc34.3c', 'Already settled by an effective judgment or competent decision'), ('other', 'Other ground (feedback and petitions only)')], max_length=20, verbose_name='ground for ending'),
        ),
        migrations.AddField(
            model_name='case',
            name='final_on',
            field=models.DateField(blank=True, null=True, verbose_name='decision final or in effect on'),
        ),
        migrations.AddField(
            model_name='case',
            name='published_on',
            field=models.DateField(blank=True, null=True, verbose_name='published on'),
        ),
        migrations.AddField(
            model_name='casesuspension',
            name='ground_code',
            field=models.CharField(blank=True, choices=[('tc34.1a', "Waiting for another body's result or a related case"), ('tc34.1b', 'Waiting for a supplementary or repeat expert examination'), ('kn11a.1a', 'Force majeure or an objective obstacle stops the complainant'), ('kn11a.1b', "Waiting for a competent body's result on a linked issue"), ('other', 'Other ground (feedback and petitions only)')], max_length=20, verbose_name='legal ground'),
        ),
        migrations.AddField(
            model_name='letter',
            name='dismissal',
            field=models.BooleanField(default=False, help_text='A second complaint of a dismissal may be made within 30 days (Art. 48).', verbose_name='the disciplinary sanction is dismissal'),
        ),
        migrations.AddField(
            model_name='letter',
            name='excused_days',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='days excused'),
        ),
        migrations.AddField(
            model_name='letter',
            name='excused_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='why those days are excused'),
        ),
        migrations.AddField(
            model_name='letter',
            name='learned_on',
            field=models.DateField(blank=True, null=True, verbose_name='received or learned of the decision or act on'),
        ),
        migrations.AddField(
            model_name='letter',
            name='representatives_recorded_on',
            field=models.DateField(blank=True, null=True, verbose_name="representatives' appointment recorded on"),
        ),
        migrations.AddField(
            model_name='publication',
            name='announced_on',
            field=models.DateField(blank=True, null=True, verbose_name='meeting announced on'),
        ),
        migrations.AlterField(
            model_name='casenote',
            name='kind',
            field=models.CharField(choices=[('verification', 'Verification note'), ('dialogue', 'Dialogue minutes'), ('dialogue_ended', 'Minutes ending the dialogue (no-show)'), ('other', 'Other note')], max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='casesuspension',
            name='ground',
            field=models.TextField(verbose_name='explanation'),
        ),
        migrations.CreateModel(
            name='ExecutionSuspension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ground', models.TextField(verbose_name='harm it prevents')),
                ('started_on', models.DateField(verbose_name='suspended from')),
                ('ends_by', models.DateField(verbose_name='lasts at most until')),
                ('lifted_on', models.DateField(blank=True, null=True, verbose_name='lifted on')),
                ('lift_reason', models.TextField(blank=True, verbose_name='why it was lifted')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='execution_suspensions', to='letters.case')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.issueddocument', verbose_name='suspension decision')),
                ('lift_document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.issueddocument', verbose_name='lifting decision')),
            ],
            options={
                'ordering': ['started_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='DialogueInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='invitation number')),
                ('invited_on', models.DateField(verbose_name='invitation sent on')),
                ('meeting_on', models.DateField(verbose_name='dialogue set for')),
                ('attended', models.BooleanField(blank=True, null=True, verbose_name='the complainant came')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='letters.case')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['number', 'id'],
                'constraints': [models.UniqueConstraint(fields=('case', 'number'), name='dialogueinvitation_unique'), models.CheckConstraint(condition=models.Q(('number__gte', 1), ('number__lte', 2)), name='dialogueinvitation_1_or_2')],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
