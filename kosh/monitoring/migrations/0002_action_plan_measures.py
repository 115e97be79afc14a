"""The action plan's 51 measures are the decree's reference data: loaded with the schema
(from data/action_plan.csv, as ``services.measures_load`` does), so every installation has
them without a step."""

from django.db import migrations

from kosh.monitoring.plan import measure_defaults, plan_rows


def load(apps, schema_editor):
    Measure = apps.get_model("monitoring", "Measure")
    fields = {f.name for f in Measure._meta.get_fields()}  # the Russian text comes in 0003
    for r in plan_rows():
        defaults = {k: v for k, v in measure_defaults(r).items() if k in fields}
        Measure.objects.update_or_create(number=int(r["number"]), defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_monitoring_runs_indicators_action_plan")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
