"""The action plan's 51 measures are the decree's reference data: loaded with the schema
(from data/action_plan.csv, as ``services.measures_load`` does), so every installation has
them without a step."""

from django.db import migrations

from kosh.monitoring.plan import measure_defaults, plan_rows


def load(apps, schema_editor):
    Measure = apps.get_model("monitoring", "Measure")
    for r in plan_rows():
        Measure.objects.update_or_create(number=int(r["number"]), defaults=measure_defaults(r))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_monitoring_runs_indicators_action_plan")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
