"""The minimum number of times a denunciation's conclusion is announced in the media (NĐ 31/2019
Art. 6) becomes a row of the rule table, as the second-time complaint's already is."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.letters.rules_seed import seed_rules

    seed_rules(apps.get_model("workflow", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("letters", "0014_party_track"), ("workflow", "0003_reminders")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
