"""Loading ISCO-08 (ESCO labels) from the shipped file; idempotent."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Occupation

DATA = Path(__file__).parent / "data"


@transaction.atomic
def occupations_load() -> int:
    with (DATA / "isco08_structure.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:  # parents come before children in the file
        Occupation.objects.update_or_create(
            code=row["isco08_code"],
            defaults={
                "level": row["level"],
                "parent_id": row["parent_code"] or None,
                "title_en": row["title_en"],
            },
        )
    return Occupation.objects.count()
