"""Bulk import is all-or-nothing and reports every bad row."""

import io

import pytest
from openpyxl import Workbook

from kosh.access.policy import AccessDenied
from kosh.identity.importing import COLUMNS, persons_import
from kosh.identity.models import Person

pytestmark = pytest.mark.django_db

GOOD = [
    [
        "900101312348",
        "Нұрланов",
        "Ерлан",
        "Серікұлы",
        "1990-01-01",
        "M",
        "KAZ",
        "id_card",
        "044001122",
        "2015-03-01",
        "2025-03-01",
        "110000000",
        "resettler",
    ],
    [
        "",
        "KARIMOV",
        "SHERZOD",
        "",
        "14.02.1993",
        "M",
        "UZB",
        "foreign_passport",
        "FA1234567",
        "2021-07-01",
        "2031-07-01",
        "750000000",
        "labour_quota",
    ],
]


def _csv(rows):
    buf = io.StringIO()
    buf.write(",".join(COLUMNS) + "\n")
    for row in rows:
        buf.write(",".join(row) + "\n")
    return io.BytesIO(buf.getvalue().encode())


def test_good_file_creates_every_person(actor_of):
    before = Person.objects.count()
    report = persons_import(actor=actor_of("migration"), file=_csv(GOOD), filename="p.csv")
    assert report.ok and report.created == 2
    assert Person.objects.count() == before + 2
    erlan = Person.objects.get(iin="900101312348")
    assert erlan.region_id == "110000000"
    assert erlan.categories.get().category == "resettler"


def test_one_bad_row_reports_all_errors_and_writes_nothing(actor_of):
    bad = [r[:] for r in GOOD]
    bad[0][0] = "900101312349"  # wrong check digit
    bad[1][4] = "31.02.1993"  # no such date
    bad.append(["", "", "Ali", "", "1990-01-01", "X", "ZZZ", "", "", "", "", "", ""])
    before = Person.objects.count()
    report = persons_import(actor=actor_of("migration"), file=_csv(bad), filename="p.csv")
    assert not report.ok
    assert {(e.row, e.field) for e in report.rows} >= {
        (2, "iin"),
        (3, "birth_date"),
        (4, "surname"),
        (4, "sex"),
    }
    assert Person.objects.count() == before


def test_duplicate_within_the_file_is_reported(actor_of):
    report = persons_import(
        actor=actor_of("migration"), file=_csv([GOOD[0], GOOD[0]]), filename="p.csv"
    )
    assert [(e.row, e.field) for e in report.rows] == [(3, "iin")]


def test_dry_run_validates_without_writing(actor_of):
    before = Person.objects.count()
    report = persons_import(
        actor=actor_of("migration"), file=_csv(GOOD), filename="p.csv", dry_run=True
    )
    assert report.ok and report.created == 2
    assert Person.objects.count() == before


def test_excel_file_is_read_like_csv(actor_of):
    wb = Workbook()
    wb.active.append(list(COLUMNS))
    for row in GOOD:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    report = persons_import(actor=actor_of("migration"), file=buf, filename="p.xlsx")
    assert report.ok and report.created == 2


def test_unknown_columns_are_refused_before_any_row(actor_of):
    report = persons_import(
        actor=actor_of("migration"), file=io.BytesIO(b"name,dob\nA,1\n"), filename="p.csv"
    )
    assert not report.ok and report.rows[0].row == 1


def test_only_roles_with_import_right_may_import(actor_of):
    with pytest.raises(AccessDenied):
        persons_import(actor=actor_of("labour"), file=_csv(GOOD), filename="p.csv")
