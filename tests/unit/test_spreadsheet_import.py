"""Reading office spreadsheets into opportunities: the parsers (money, dates, partners, yes/no, stages, scores),
header matching, and the import plan (references, organisations and workstreams matched or made, problems per row
with the row number, all or nothing). Pure domain: no Qt, no files."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bluelight_desktop.core.edits import Edit
from bluelight_desktop.core.model import (
    Opportunity,
    Organisation,
    OrganisationKind,
    RegisterData,
    RegisterSettings,
    Stage,
    Workstream,
)
from bluelight_desktop.core.spreadsheet_import import (
    FIELDS,
    ImportProblem,
    cell_text,
    column_letter,
    find_header_row,
    guess_kind,
    match_columns,
    match_header,
    parse_bool,
    parse_date,
    parse_mapping,
    parse_money,
    parse_score,
    parse_stage,
    plan_import,
    short_name_for,
    split_partners,
)

# ------------------------------------------------------------------------------------------------ money


@pytest.mark.parametrize(
    ("cell", "pence"),
    [
        ("£1.7m", 170_000_000),
        ("£430,000", 43_000_000),
        ("1,058,000", 105_800_000),
        ("£430k", 43_000_000),
        ("430K", 43_000_000),
        ("£1.06m", 106_000_000),
        ("£2 million", 200_000_000),
        ("c. £50k pa", 5_000_000),
        ("approx £1.2 million", 120_000_000),
        ("£12,000 per annum", 1_200_000),
        (" £ 95,000 ", 9_500_000),
        ("430000.50", 43_000_050),
        ("£0", 0),
        (430000, 43_000_000),
        (1_700_000.0, 170_000_000),
        (1234.565, 123_457),  # half a penny rounds up
    ],
)
def test_money_as_office_spreadsheets_write_it(cell: object, pence: int) -> None:
    assert parse_money(cell) == pence


@pytest.mark.parametrize("cell", [None, "", "  ", "TBC", "tbc", "n/a", "N/A", "nil", "-", "—", "Unknown", "TBA"])
def test_money_not_yet_known_reads_as_none(cell: object) -> None:
    assert parse_money(cell) is None


@pytest.mark.parametrize("cell", ["-£5,000", "(1,000)", "£(250)", "-500", -500, -0.5, "1,000 CR"])
def test_negative_money_is_refused_in_plain_words(cell: object) -> None:
    with pytest.raises(ValueError, match="negative"):
        parse_money(cell)


@pytest.mark.parametrize("cell", ["£100k-£200k", "1.058.000", "lots", "£1.7m over 5 years", "12,34", True])
def test_money_that_is_not_one_figure_is_refused(cell: object) -> None:
    with pytest.raises(ValueError, match="not an amount of money"):
        parse_money(cell)


def test_a_column_headed_in_thousands_scales_plain_figures_only() -> None:
    assert parse_money("430", multiplier=1000) == 43_000_000
    assert parse_money(1.7, multiplier=1000) == 170_000
    assert parse_money("£1.7m", multiplier=1000) == 170_000_000  # a figure with its own unit keeps it


# ------------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("19/03/2018", date(2018, 3, 19), date(2018, 3, 19)),
        ("19/3/18", date(2018, 3, 19), date(2018, 3, 19)),
        ("19-03-2018", date(2018, 3, 19), date(2018, 3, 19)),
        ("19.03.2018", date(2018, 3, 19), date(2018, 3, 19)),
        ("2018-03-19", date(2018, 3, 19), date(2018, 3, 19)),
        ("2018-03-19 00:00:00", date(2018, 3, 19), date(2018, 3, 19)),
        ("19 March 2018", date(2018, 3, 19), date(2018, 3, 19)),
        ("19th Mar 2018", date(2018, 3, 19), date(2018, 3, 19)),
        ("March 19, 2018", date(2018, 3, 19), date(2018, 3, 19)),
        ("March 2018", date(2018, 3, 1), date(2018, 3, 31)),
        ("Feb 2020", date(2020, 2, 1), date(2020, 2, 29)),
        ("Mar-18", date(2018, 3, 1), date(2018, 3, 31)),
        ("Sept 2019", date(2019, 9, 1), date(2019, 9, 30)),
        ("December 2018", date(2018, 12, 1), date(2018, 12, 31)),
        ("2015", date(2015, 1, 1), date(2015, 12, 31)),
        (2015, date(2015, 1, 1), date(2015, 12, 31)),
        ("2018/19", date(2018, 4, 1), date(2019, 3, 31)),
        ("2018-2019", date(2018, 4, 1), date(2019, 3, 31)),
        ("1999/00", date(1999, 4, 1), date(2000, 3, 31)),
        (datetime(2018, 3, 19, 9, 30), date(2018, 3, 19), date(2018, 3, 19)),
        (date(2018, 3, 19), date(2018, 3, 19), date(2018, 3, 19)),
        (43178, date(2018, 3, 19), date(2018, 3, 19)),  # an Excel date left as a number
    ],
)
def test_dates_read_the_uk_way(cell: object, start: date, end: date) -> None:
    assert parse_date(cell) == start
    assert parse_date(cell, end=True) == end


@pytest.mark.parametrize("cell", [None, "", "TBC", "tbc", "n/a", "-"])
def test_dates_not_yet_known_read_as_none(cell: object) -> None:
    assert parse_date(cell) is None


def test_a_month_first_date_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="read day first, as 19/03/2018"):
        parse_date("03/19/2018")


@pytest.mark.parametrize("cell", ["31/02/2018", "2018-02-30"])
def test_a_day_not_on_the_calendar_is_refused(cell: str) -> None:
    with pytest.raises(ValueError, match="not a date on the calendar"):
        parse_date(cell)


@pytest.mark.parametrize("cell", ["soon", "Q1 2019", "2018/20", "next year", 12.5, True])
def test_what_is_not_a_date_is_refused(cell: object) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date(cell)


# ----------------------------------------------------------------------------------- partners, yes/no, stage


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("LC; NWAS", ["LC", "NWAS"]),
        ("LC, NWAS", ["LC", "NWAS"]),
        ("LC;NWAS;", ["LC", "NWAS"]),
        ("LC\nNWAS", ["LC", "NWAS"]),
        ("  LC ,  NWAS , lc ", ["LC", "NWAS"]),
        (
            "Lancashire Police, Fire and Crime Commissioner; LFRS",
            ["Lancashire Police, Fire and Crime Commissioner", "LFRS"],
        ),
        ("", []),
        (None, []),
    ],
)
def test_partners_in_one_cell(cell: object, names: list[str]) -> None:
    assert split_partners(cell) == names


@pytest.mark.parametrize(
    ("cell", "value"),
    [("yes", True), ("Y", True), ("TRUE", True), ("x", True), (1, True), (True, True), ("no", False),
     ("N", False), ("false", False), (0, False), (False, False), ("Restricted", False), ("", None), (None, None)],
)  # fmt: skip
def test_yes_and_no(cell: object, value: bool | None) -> None:
    assert parse_bool(cell) is value


def test_a_yes_no_cell_that_is_neither_is_refused() -> None:
    with pytest.raises(ValueError, match="not yes or no"):
        parse_bool("maybe")


@pytest.mark.parametrize(
    ("cell", "stage"),
    [
        ("Business Case", Stage.BUSINESS_CASE),
        ("business-case", Stage.BUSINESS_CASE),
        ("business_case", Stage.BUSINESS_CASE),
        ("BC", Stage.BUSINESS_CASE),
        ("OBC", Stage.BUSINESS_CASE),
        ("3. Business case", Stage.BUSINESS_CASE),
        ("Stage 2 - Scoping", Stage.SCOPING),
        ("  IDEA ", Stage.IDEA),
        ("In delivery", Stage.IMPLEMENTATION),
        ("Implementation", Stage.IMPLEMENTATION),
        ("Live", Stage.LIVE),
        ("Benefits Review", Stage.BENEFITS_REVIEW),
        ("Completed", Stage.CLOSED),
        ("On hold", Stage.PARKED),
        ("Parked", Stage.PARKED),
        ("Approved", Stage.APPROVED),
    ],
)
def test_stages_are_matched_loosely(cell: str, stage: Stage) -> None:
    assert parse_stage(cell) is stage


def test_an_unknown_stage_names_the_stages() -> None:
    assert parse_stage("") is None
    with pytest.raises(ValueError, match="Stage 'On track' is not one this app knows: use one of Idea, Scoping"):
        parse_stage("On track")


@pytest.mark.parametrize(("cell", "score"), [(70, 70), (70.0, 70), ("70", 70), ("70%", 70), ("72.5", 73), ("", None)])
def test_scores(cell: object, score: int | None) -> None:
    assert parse_score(cell) == score


def test_a_score_in_words_is_refused() -> None:
    with pytest.raises(ValueError, match="'High' is not a number from 0 to 100"):
        parse_score("High")


# --------------------------------------------------------------------------------------------- text, headers


def test_cell_text_trims_and_drops_a_formula_guard_quote() -> None:
    assert cell_text("  Joint Estates Review  ") == "Joint Estates Review"
    assert cell_text("Two\n lines") == "Two lines"
    assert cell_text(" Line one \r\nLine two ", multiline=True) == "Line one\nLine two"
    assert cell_text(12.0) == "12"
    assert cell_text(datetime(2018, 3, 19)) == "19 Mar 2018"
    assert cell_text("'=SUM(A1:A2)") == "=SUM(A1:A2)"
    assert cell_text("'quoted'") == "'quoted'"
    assert cell_text(None) == ""


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Project title", "title"),
        ("Project Title ", "title"),
        ("TITLE", "title"),
        ("Ref", "reference"),
        ("Ref No.", "reference"),
        ("Lead org", "lead_organisation"),
        ("Lead officer", "lead_officer"),
        ("Lead officer name", "lead_officer"),
        ("Partner organisations", "partners"),
        ("Status", "stage"),
        ("Effort (0-100)", "effort"),
        ("Benefit score", "benefit"),
        ("Start date (planned)", "start_date"),
        ("Target completion", "end_date"),
        ("Cashable saving a year (£)", "cashable_saving"),
        ("Saving (£k)", "cashable_saving"),
        ("Annual savings", "cashable_saving"),
        ("One-off cost (£)", "one_off_cost"),
        ("Non-cashable benefits", "non_cashable_benefits"),
        ("Comments", "notes"),
        ("Share with partners?", "shareable"),
        ("SRO", "sponsor"),
        ("Quadrant", None),
        ("", None),
        (None, None),
    ],
)
def test_common_header_spellings(header: str | None, field: str | None) -> None:
    assert match_header(header) == field


def test_every_field_is_matched_by_its_own_label() -> None:
    assert {match_header(f.label) for f in FIELDS} == {f.key for f in FIELDS}


def test_columns_go_to_the_leftmost_match_and_the_mapping_wins() -> None:
    headers = ["Ref", "Project", "Title", "Savings", "Notes"]
    assert match_columns(headers) == {"reference": 0, "title": 1, "cashable_saving": 3, "notes": 4}
    mapped = match_columns(headers, {"title": "Title", "notes": None})
    assert mapped == {"title": 2, "reference": 0, "cashable_saving": 3}


def test_a_mapping_naming_a_missing_column_says_so() -> None:
    with pytest.raises(ImportProblem, match="no such column"):
        match_columns(["Ref", "Project"], {"title": "Name of scheme"})


def test_the_header_row_is_found_below_a_marking_and_a_heading() -> None:
    rows = [["OFFICIAL"], ["Collaboration register 2018"], ["Ref", "Project title", "Status"], ["1", "Drones", "BC"]]
    assert find_header_row(rows) == 2
    assert find_header_row([["Name of scheme", "Money"]], {"title": "Name of scheme"}) == 0
    assert find_header_row([["a", "b"], ["c", "d"]]) is None


def test_mapping_files_are_checked() -> None:
    assert parse_mapping({"title": "Scheme", "Cashable saving a year": "Money", "notes": ""}) == {
        "title": "Scheme",
        "cashable_saving": "Money",
        "notes": None,
    }
    with pytest.raises(ImportProblem, match="JSON object"):
        parse_mapping(["title"])
    with pytest.raises(ImportProblem, match="field 'colour'"):
        parse_mapping({"colour": "C"})
    with pytest.raises(ImportProblem, match="as text"):
        parse_mapping({"title": 3})


# --------------------------------------------------------------------------------------------- organisations


def test_new_organisations_get_initials_and_a_guessed_kind() -> None:
    assert short_name_for("Cumbria Fire and Rescue Service", []) == "CFRS"
    assert short_name_for("NWAS", []) == "NWAS"
    assert short_name_for("Lancashire County Council", ["LCC"]) == "LCC2"
    assert guess_kind("Cumbria Constabulary") is OrganisationKind.POLICE
    assert guess_kind("Cumbria Fire and Rescue Service") is OrganisationKind.FIRE
    assert guess_kind("North West Ambulance Service") is OrganisationKind.AMBULANCE
    assert guess_kind("Office of the Police and Crime Commissioner") is OrganisationKind.PCC
    assert guess_kind("Blackpool Council") is OrganisationKind.LOCAL_AUTHORITY
    assert guess_kind("NHS Lancashire and South Cumbria ICB") is OrganisationKind.HEALTH
    assert guess_kind("Acme Consulting Ltd") is OrganisationKind.OTHER


# ------------------------------------------------------------------------------------------------ the plan


def register_data() -> RegisterData:
    lfrs = Organisation("Lancashire Fire and Rescue Service", "LFRS", OrganisationKind.FIRE, id="lfrs")
    lc = Organisation("Lancashire Constabulary", "LC", OrganisationKind.POLICE, id="lc")
    response = Workstream("Response", id="response")
    existing = Opportunity("Shared Control Room", reference="LAN-003", id="existing")
    return RegisterData(
        RegisterSettings(name="Test", reference_prefix="LAN"),
        {o.id: o for o in (lfrs, lc)},
        {response.id: response},
        {existing.id: existing},
        {},
        {},
    )


HEADERS = ["Ref", "Title", "Workstream", "Lead", "Partners", "Stage", "Effort", "Benefit", "Saving", "Start", "End"]


def plan(rows: list[list[object]], taken: tuple[str, ...] = ("LAN-003", "LAN-010")):  # type: ignore[no-untyped-def]
    numbered = [(number, row) for number, row in enumerate(rows, start=2)]
    return plan_import(register_data(), HEADERS, numbered, match_columns(HEADERS), taken, source_name="x.xlsx")


def test_a_clean_row_becomes_an_opportunity() -> None:
    result = plan(
        [["", " Joint Estates Review ", "response", "lfrs", "LC; Cumbria Constabulary", "BC", 70, 80, "£1.7m",
          "March 2018", "2019/20"]]
    )  # fmt: skip
    (row,) = result.rows
    assert row.ok and row.number == 2
    opp = row.opportunity
    assert opp.title == "Joint Estates Review"
    assert opp.reference == "LAN-011"  # on from the highest ever used, deleted ones included
    assert opp.workstream_id == "response" and opp.lead_organisation_id == "lfrs"
    assert opp.partner_ids[0] == "lc" and len(opp.partner_ids) == 2
    assert (opp.stage, opp.effort, opp.benefit) == (Stage.BUSINESS_CASE, 70, 80)
    assert opp.cashable_saving_pence == 170_000_000
    assert (opp.start_date, opp.end_date) == (date(2018, 3, 1), date(2020, 3, 31))
    (new_org,) = result.new_organisations.values()
    assert (new_org.name, new_org.short_name, new_org.kind) == ("Cumbria Constabulary", "CC", OrganisationKind.POLICE)
    assert row.notes == ["New organisation Cumbria Constabulary (CC, police)."]
    assert result.counts_text() == "1 row ready; 1 new organisation."


def test_references_kept_when_free_and_renumbered_when_not() -> None:
    result = plan(
        [
            ["LAN-003", "Taken in the register"],
            ["LAN-050", "Free"],
            ["", "None given"],
            ["LAN-050", "Given twice"],
            ["P12", "Their own scheme"],
        ]
    )
    references = [r.opportunity.reference for r in result.rows]
    assert references == ["LAN-051", "LAN-050", "LAN-052", "LAN-053", "P12"]
    assert result.rows[0].notes == ["Reference LAN-003 is already in the register: given LAN-051."]
    assert result.rows[3].notes == ["Reference LAN-050 is given to an earlier row: given LAN-053."]


def test_each_problem_is_in_plain_words_with_the_row_number() -> None:
    result = plan(
        [
            ["", "Good row", "", "", "", "", 40, 50],
            ["", "", "Response"],
            ["", "Bad effort", "", "", "", "", "high", 50],
            ["", "Bad stage", "", "", "", "Going well"],
            ["", "Bad money", "", "", "", "", "", "", "-£5,000"],
            ["", "Bad date", "", "", "", "", "", "", "", "03/19/2018"],
            ["", "Backwards", "", "", "", "", "", "", "", "2019", "2018"],
            ["", "Only effort", "", "", "", "", 40],
            ["", "Total"],
            ["", "shared control room"],
        ]
    )
    assert [r.ok for r in result.rows] == [True] + [False] * 9
    assert result.problems() == [
        "Row 3: Title is required.",
        "Row 4: Effort 'high' is not a number from 0 to 100.",
        "Row 5: Stage 'Going well' is not one this app knows: use one of Idea, Scoping, Business case, Approved, "
        "Implementation, Live, Benefits review, Closed, Parked.",
        "Row 6: Cashable saving a year: '-£5,000' is negative: give the amount without a minus sign or brackets.",
        "Row 7: Start date: '03/19/2018' is not a date on the calendar: dates are read day first, as 19/03/2018.",
        "Row 8: End date is before start date.",
        "Row 9: Give both effort and benefit, or neither, to place it on the board.",
        "Row 10: This looks like a totals row, not an opportunity: leave it out.",
        "Row 11: The register already has an opportunity called this (LAN-003): was the sheet imported before? "
        "Leave the row out or change its title.",
    ]
    assert all(r.opportunity.reference == "" for r in result.with_problems)  # never imported, so never numbered
    assert result.counts_text() == "1 row ready, 9 with problems."


def test_import_is_all_or_nothing_unless_problem_rows_are_skipped() -> None:
    result = plan([["", "Good", "New stream", "New Service Ltd"], ["", "Bad", "Other stream", "Other Ltd", "", "x"]])
    with pytest.raises(ImportProblem, match="1 row has a problem; nothing was imported"):
        result.edit()
    edit = result.edit(skip_problem_rows=True)
    assert isinstance(edit, Edit)
    assert edit.description == "Import 1 opportunity from x.xlsx"
    created = [type(c.after).__name__ for c in edit.changes]
    assert created == ["Workstream", "Organisation", "Opportunity"]  # only what the imported row uses
    assert all(c.before is None for c in edit.changes)
    assert (
        result.counts_text(skip_problem_rows=True)
        == "1 row ready, 1 with a problem; 1 new organisation and 1 new workstream."
    )


def test_blank_rows_are_passed_over_and_a_sheet_of_nothing_imports_nothing() -> None:
    result = plan([["", ""], ["  ", None, " "], []])
    assert result.rows == []
    with pytest.raises(ImportProblem, match="no rows to import"):
        result.edit()


def test_the_lead_is_not_also_a_partner() -> None:
    (row,) = plan([["", "Lead twice", "", "LFRS", "Lancashire Fire & Rescue Service, LC"]]).rows
    assert row.ok
    assert row.opportunity.partner_ids == ["lc"]
    assert row.notes == ["LFRS is the lead, so it is not also listed as a partner."]


def test_a_new_organisation_named_in_many_rows_is_made_once() -> None:
    result = plan([["", f"Scheme {n}", "", "Cumbria Constabulary", "cumbria constabulary; LC"] for n in range(3)])
    assert len(result.new_organisations) == 1
    new_notes = [[n for n in r.notes if n.startswith("New organisation")] for r in result.rows]
    assert new_notes == [["New organisation Cumbria Constabulary (CC, police)."], [], []]  # on its first row only


def test_title_column_is_required() -> None:
    with pytest.raises(ImportProblem, match="title"):
        plan_import(register_data(), ["Ref"], [(2, ["x"])], {"reference": 0})
