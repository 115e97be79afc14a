"""The name search at national scale: the birth year in the single-key index and the
index of key pairs (``NamePair``), filled for the persons already registered."""

import django.db.models.deletion
from django.db import migrations, models

from kosh.identity.names import key_pairs, name_tokens

KEY_LENGTH = 40
PARTS = ("surname", "given_name", "patronymic")
CHUNK = 2000


def fill(apps, schema_editor) -> None:
    Person = apps.get_model("identity", "Person")
    PersonName = apps.get_model("identity", "PersonName")
    NameIndex = apps.get_model("identity", "NameIndex")
    NamePair = apps.get_model("identity", "NamePair")
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        years = {pk: d.year for pk, d in
                 Person.objects.filter(pk__in=chunk).values_list("pk", "birth_date")}
        for year in set(years.values()):
            NameIndex.objects.filter(
                person_id__in=[pk for pk, y in years.items() if y == year]
            ).update(birth_year=year)
        pairs, person_keys = set(), {}
        for name in PersonName.objects.filter(person_id__in=chunk):
            keys = [k[:KEY_LENGTH] for f in PARTS for k in name_tokens(getattr(name, f))]
            pairs |= {(name.person_id, key) for key in key_pairs(keys)}
            person_keys.setdefault(name.person_id, set()).update(
                (part, k[:KEY_LENGTH]) for part, f in enumerate(PARTS)
                for k in name_tokens(getattr(name, f)))
        NamePair.objects.bulk_create(
            NamePair(person_id=pk, key=key, birth_year=years[pk],
                     person_keys=" ".join(f"{p}{k}" for p, k in sorted(person_keys[pk])))
            for pk, key in sorted(pairs))


class Migration(migrations.Migration):

    dependencies = [
        ("identity", "0002_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="nameindex",
            name="birth_year",
            field=models.PositiveSmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(
            model_name="nameindex",
            name="name_index_unique",
        ),
        migrations.CreateModel(
            name="NamePair",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=81)),
                ("birth_year", models.PositiveSmallIntegerField()),
                ("person_keys", models.TextField()),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name="+", to="identity.person")),
            ],
            options={
                "indexes": [models.Index(fields=["key", "birth_year", "person"],
                                         include=["person_keys"], name="name_pair_key")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="nameindex",
            constraint=models.UniqueConstraint(fields=("key", "birth_year", "person", "part"),
                                               name="name_index_key_year"),
        ),
    ]
