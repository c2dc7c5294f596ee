from django.db import migrations


def load(apps, schema_editor):
    from einclusie.monitoring.services import indicators_load

    indicators_load(model=apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_facts_refresh_state_and_indicators")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
