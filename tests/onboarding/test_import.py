"""Importing a system's organisations from CSV or XLSX: every row checked, each problem named by row
and column, and nothing written unless every row is right."""

import io

import pytest
from openpyxl import Workbook

from commonground.onboarding.services.organisations import import_organisations
from commonground.programmes.models import Organisation, Sector
from tests import factories
from tests.onboarding.conftest import NewSystem

HEADER = "name,NHS organisation code,sector,place\n"


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def run(northshire: NewSystem, text: str, filename: str = "organisations.csv"):  # type: ignore[no-untyped-def]
    return import_organisations(system=northshire.system, upload=csv_file(text), filename=filename)


def messages(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e) for e in result.errors]


def test_a_valid_file_adds_every_organisation_with_its_code_sector_and_places(northshire: NewSystem) -> None:
    done = run(northshire, HEADER + "North Vale Hospitals,rtk,NHS acute,North Vale\n"
               "Vale Surgery,A81001,primary_care,North Vale; South Downs\n"
               "Northshire County Council,,Adult social care,all\n")
    assert done.errors == []
    orgs = {o.name: o for o in Organisation.objects.filter(system=northshire.system).prefetch_related("places")}
    assert orgs["North Vale Hospitals"].ods_code == "RTK"
    assert orgs["North Vale Hospitals"].sector == Sector.NHS_ACUTE
    assert {p.name for p in orgs["Vale Surgery"].places.all()} == {"North Vale", "South Downs"}
    assert {p.name for p in orgs["Northshire County Council"].places.all()} == {"North Vale", "South Downs"}
    assert orgs["Northshire County Council"].ods_code == ""


def test_an_excel_workbook_is_read_like_a_csv_file(northshire: NewSystem) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "ODS code", "Sector", "Place"])
    sheet.append(["Downs Community Action", "8HV48", "Voluntary and community", "South Downs"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    done = import_organisations(system=northshire.system, upload=data, filename="orgs.xlsx")
    assert done.errors == []
    assert Organisation.objects.get(system=northshire.system).ods_code == "8HV48"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Vale Trust,RTK,Hospital,North Vale", "Row 2, sector: “Hospital” is not one of NHS acute, Community health,"),
        ("Vale Trust,RTK,,North Vale", "Row 2, sector: empty: every organisation has a sector."),
        ("Vale Trust,R1,NHS acute,North Vale", "Row 2, NHS organisation code: “R1” is not an NHS organisation code: codes are 3 to 6"),
        ("Vale Trust,1234,NHS acute,North Vale", "Row 2, NHS organisation code: “1234” is not an NHS organisation code"),
        ("Vale Trust,RTK-01,NHS acute,North Vale", "Row 2, NHS organisation code: “RTK-01” is not an NHS organisation code"),
        ("Vale Trust,ＲTK,NHS acute,North Vale", "Row 2, NHS organisation code: “ＲTK” is not an NHS organisation code"),
        ("Vale Trust,RTK,NHS acute,East Riding", "Row 2, place: “East Riding” is not a place of Northshire Health and Care (North Vale, South Downs)."),
        ("Vale Trust,RTK,NHS acute,", "Row 2, place: empty: name a place of Northshire Health and Care"),
        (",RTK,NHS acute,North Vale", "Row 2, name: Enter the organisation's name."),
        ("Vale\tTrust,RTK,NHS acute,North Vale", "Row 2, name: must be one line of text"),
        ("V" * 201 + ",RTK,NHS acute,North Vale", "Row 2, name: The organisation's name is 201 characters long: at most 200."),
    ],
    ids=["unknown sector", "empty sector", "short code", "digits only", "punctuation", "full-width letter",
         "unknown place", "empty place", "empty name", "tab in name", "name too long"],
)
def test_each_problem_is_named_by_row_and_column(northshire: NewSystem, row: str, expected: str) -> None:
    done = run(northshire, HEADER + row + "\n")
    assert any(m.startswith(expected) for m in messages(done)), messages(done)
    assert not Organisation.objects.exists()


def test_names_and_codes_must_be_new_to_the_system_and_to_the_file(northshire: NewSystem) -> None:
    factories.OrganisationFactory(system=northshire.system, name="North Vale Hospitals", sector=Sector.NHS_ACUTE,
                                  ods_code="RTK")
    done = run(northshire, HEADER + "North Vale Hospitals,RXX,NHS acute,North Vale\n"
               "Another Trust,RTK,NHS acute,North Vale\n"
               "Vale Surgery,A81001,Primary care,North Vale\n"
               "vale surgery,A81001,Primary care,South Downs\n")
    assert messages(done) == [
        "Row 2, name: Northshire Health and Care already has an organisation called North Vale Hospitals.",
        "Row 3, NHS organisation code: RTK is already the code of another organisation of Northshire Health and Care.",
        "Row 5, name: vale surgery is named twice: each organisation once.",
        "Row 5, NHS organisation code: A81001 is given twice: each code belongs to one organisation.",
    ]
    assert Organisation.objects.count() == 1


def test_one_bad_row_among_good_ones_writes_nothing(northshire: NewSystem) -> None:
    done = run(northshire, HEADER + "North Vale Hospitals,RTK,NHS acute,North Vale\n"
               "Vale Surgery,A81001,Primary care,North Vale\n"
               "Downs Faith Forum,,Temple,South Downs\n")
    assert messages(done) == [
        "Row 4, sector: “Temple” is not one of " + ", ".join(map(str, Sector.labels)) + "."
    ]
    assert not Organisation.objects.exists()


def test_every_row_is_checked_not_just_the_first_wrong_one(northshire: NewSystem) -> None:
    done = run(northshire, HEADER + "A Trust,R1,NHS acute,North Vale\nB Trust,RTK,Hospital,Nowhere\n")
    assert [(e.row, e.field) for e in done.errors] == [(2, "ods_code"), (3, "sector"), (3, "place")]


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("", "organisations.csv", "The file: it is empty: the first row names the columns."),
        ("name,sector\nVale Trust,NHS acute\n", "organisations.csv", "Row 1, place: this column is missing from the header row."),
        (HEADER, "organisations.csv", "Row 2, file: the file has a header row but no organisations."),
        (HEADER, "organisations.pdf", "The file: upload a .csv or .xlsx file."),
        ("not a workbook", "organisations.xlsx", "The file: it could not be read as an Excel workbook (.xlsx)."),
    ],
    ids=["empty", "missing column", "header only", "wrong kind", "damaged workbook"],
)
def test_a_file_that_cannot_be_used_says_why(northshire: NewSystem, text: str, filename: str, expected: str) -> None:
    assert messages(run(northshire, text, filename)) == [expected]
    assert not Organisation.objects.exists()


def test_a_csv_file_not_in_utf8_says_how_to_save_it(northshire: NewSystem) -> None:
    done = import_organisations(system=northshire.system, upload=io.BytesIO((HEADER + "Café Trust,,Other,all\n").encode("cp1252")),
                                filename="organisations.csv")
    assert messages(done) == ["The file: it could not be read as a CSV file in UTF-8: save it as “CSV UTF-8”."]
    assert not Organisation.objects.exists()


def test_another_systems_places_are_not_this_ones(northshire: NewSystem) -> None:
    elsewhere = factories.PlaceFactory(system=factories.SystemFactory(name="Elsewhere"), name="Far Away")
    done = run(northshire, HEADER + f"Vale Trust,RTK,NHS acute,{elsewhere.name}\n")
    assert messages(done) == [
        "Row 2, place: “Far Away” is not a place of Northshire Health and Care (North Vale, South Downs)."
    ]
