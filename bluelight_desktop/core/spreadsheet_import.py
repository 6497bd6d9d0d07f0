"""Opportunities from a spreadsheet: match its columns to the register's fields, read office-style values (money as
"£1.7m", dates as "March 2018", partners in one cell) and plan the import as one Edit. Pure: no Qt, no openpyxl;
`storage.spreadsheet` reads the files and hands over rows of cell values.

Decisions (each also said in the preview or the command's output):
- Title is the one column an import needs. A row whose mapped cells are all blank is left out unnoticed (blank
  trailing rows); a row that reads like a totals row ("Total") is a problem.
- References: a reference given in the sheet is kept when no opportunity has ever had it (deleted ones keep
  theirs) and it is 20 characters at most. Otherwise, and when none is given, the row gets the next free one,
  numbered on from the highest of the register's prefix, kept references included (Register.next_reference
  logic); the preview notes each renumbering.
- Organisations (lead and partners) match an existing one by name or short name, ignoring case, spaces,
  punctuation and "&" against "and"; an unknown one is created once, with a short name made from its initials and
  a kind guessed from its name (police, fire and rescue, ambulance...). Workstreams match by name and are
  created when new. Each new record is listed in the preview and made only if a row that is imported uses it.
- Partners in one cell are separated by ";" (or new lines) when the cell has one, else by ",". The lead listed
  among the partners stays the lead only.
- Dates read day first (19/03/2018), as ISO (2018-03-19), as "19 March 2018", "March 2018", "Mar-18", a year
  "2015" or a financial year "2018/19": a month, year or financial year is its first day as a start date and its
  last day as an end date.
- Money reads "£1.7m", "£430k", "£430,000", "1,058,000", "c. £50k pa"; a column headed in thousands ("Saving
  (£k)", "£000s") multiplies plain figures by 1,000. Negative amounts ("-£5,000", "(5,000)") are refused;
  "TBC", "n/a", "nil" and "-" read as none. Effort and benefit are whole numbers from 0 to 100 ("70%" reads 70).
- Shareable reads yes/no, y/n, true/false, 1/0; a blank is shareable, as a new opportunity is in the app.
- A text cell that a spreadsheet export neutralised against formulas ("'=..." ) loses its leading quote.
- An opportunity whose title is already in the register is a problem: the sheet was probably imported before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .edits import Edit, RecordChange
from .formatting import format_date, format_pounds
from .model import Opportunity, Organisation, OrganisationKind, RegisterData, Stage, Workstream
from .validation import validate_opportunity, validate_organisation, validate_workstream

CellValue = str | int | float | bool | date | datetime | None
MAX_ROWS = 20_000  # see storage.spreadsheet: the register is built and measured for about 10,000 opportunities
HEADER_SEARCH_ROWS = 20  # the header row is looked for among the first rows that are not blank
MAX_REFERENCE = 20
MAX_NAME = 200


class ImportProblem(Exception):
    """Why a spreadsheet cannot be imported at all, in plain words (the register is not touched)."""


# ------------------------------------------------------------------------------------------------- the fields


@dataclass(frozen=True)
class ImportField:
    key: str  # the name used in a mapping file
    label: str  # how the dialog and messages name it
    aliases: tuple[str, ...]  # header spellings matched automatically, normalised (see normalise)
    help: str = ""


def _words(text: str) -> tuple[str, ...]:
    """Spellings written as one comma-separated string (kept compact), each already normalised."""
    return tuple(word.strip() for word in text.split(",") if word.strip())


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "reference",
        "Reference",
        _words(
            "reference, ref, ref no, ref number, reference number, reference no, project reference, project ref, "
            "opportunity reference, project id, id, no, number"
        ),
        "Kept when free; otherwise the next free reference is given.",
    ),
    ImportField(
        "title",
        "Title",
        _words(
            "title, project title, project name, project, name, opportunity, opportunity title, opportunity name, "
            "collaboration, collaboration title, collaboration name, initiative, scheme, project or collaboration, "
            "collaboration opportunity"
        ),
        "Required.",
    ),
    ImportField(
        "summary",
        "Summary",
        _words("summary, description, project description, overview, details, brief description, project summary"),
    ),
    ImportField(
        "workstream",
        "Workstream",
        _words("workstream, work stream, workstreams, workstream name, theme, strand, programme, portfolio"),
        "Matched by name; a new one is created.",
    ),
    ImportField(
        "lead_organisation",
        "Lead organisation",
        _words(
            "lead organisation, lead organization, lead org, lead service, lead agency, lead partner, lead, "
            "lead body, organisation, organization, service"
        ),
        "Matched by name or short name; a new one is created.",
    ),
    ImportField(
        "partners",
        "Partners",
        _words(
            "partners, partner, partner organisations, partner organizations, other partners, partner agencies, "
            "partner services, partner orgs, organisations involved, collaborating partners, collaborators"
        ),
        'Several in one cell, separated by ";" or ",".',
    ),
    ImportField(
        "lead_officer",
        "Lead officer",
        _words(
            "lead officer, project lead, officer, owner, project owner, project manager, lead contact, contact, "
            "responsible officer, lead name"
        ),
    ),
    ImportField(
        "sponsor",
        "Sponsor",
        _words(
            "sponsor, senior sponsor, executive sponsor, project sponsor, sro, senior responsible owner, "
            "senior responsible officer, strategic lead"
        ),
    ),
    ImportField(
        "stage",
        "Stage",
        _words("stage, status, phase, project stage, current stage, project status, current status"),
        "Idea, scoping, business case (BC), approved, implementation, live, benefits review, closed, parked.",
    ),
    ImportField("effort", "Effort", _words("effort, effort score, effort rating, effort 0 100"), "0 to 100."),
    ImportField(
        "benefit",
        "Benefit",
        _words("benefit, benefit score, benefits score, benefit rating, benefit 0 100"),
        "0 to 100.",
    ),
    ImportField(
        "start_date",
        "Start date",
        _words(
            "start date, start, starts, planned start, planned start date, date started, start month, "
            "commencement date, commencement, from"
        ),
    ),
    ImportField(
        "end_date",
        "End date",
        _words(
            "end date, end, ends, finish, finish date, completion date, planned end, planned end date, "
            "planned completion, target completion, target date, completion, to"
        ),
    ),
    ImportField(
        "cashable_saving",
        "Cashable saving a year",
        _words(
            "cashable saving a year, cashable saving, cashable savings, cashable saving per year, "
            "cashable saving per annum, cashable savings per annum, cashable, saving a year, savings a year, "
            "saving per year, savings per year, saving per annum, savings per annum, saving pa, savings pa, "
            "annual saving, annual savings, annual cashable saving, annual cashable savings, saving, savings, "
            "estimated saving, estimated savings, estimated annual saving, cost saving, cost savings, "
            "efficiency saving, efficiency savings"
        ),
        "In pounds: £1.7m, £430k, 430,000.",
    ),
    ImportField(
        "one_off_cost",
        "One-off cost",
        _words(
            "one off cost, one off costs, one off, cost, costs, one off investment, investment, set up cost, "
            "set up costs, setup cost, setup costs, implementation cost, implementation costs, upfront cost, "
            "capital cost, initial cost, estimated cost"
        ),
        "In pounds.",
    ),
    ImportField(
        "non_cashable_benefits",
        "Non-cashable benefits",
        _words(
            "non cashable benefits, non cashable benefit, non cashable, noncashable benefits, non financial benefits, "
            "other benefits, qualitative benefits, benefits"
        ),
    ),
    ImportField("risks", "Risks", _words("risks, risk, key risks, risks and issues, main risks, issues")),
    ImportField("notes", "Notes", _words("notes, note, comments, comment, remarks, update, latest update, progress")),
    ImportField(
        "shareable",
        "Shareable",
        _words(
            "shareable, sharable, share, can share, can be shared, shareable with partners, share with partners, "
            "ok to share, shareable yes no"
        ),
        "Yes or no; blank is shareable.",
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
_MONEY_FIELDS = ("cashable_saving", "one_off_cost")


# --------------------------------------------------------------------------------------------------- text


_NOT_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=8192, typed=True)  # sheets repeat their values: read each once
def normalise(text: str) -> str:
    """Lower case, '&' as 'and', punctuation and runs of spaces as one space: how headers and names compare."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold().replace("&", " and ")).split())


def column_letter(index: int) -> str:
    """The spreadsheet's name for a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=8192, typed=True)
def cell_text(value: CellValue, multiline: bool = False) -> str:
    """A cell as text: trimmed; on one line unless `multiline`; numbers without a needless '.0'; dates as 21 Nov
    2026; a quote that neutralised a formula ("'=SUM(...)") dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else str(value)
    else:
        text = str(value)
    if multiline:
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        text = "\n".join(lines).strip()
    else:
        text = " ".join(text.split())
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        text = text[1:]
    return text


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------------- headers


def _unit_multiplier(header: str) -> int:
    """Figures in a column headed "Saving (£k)", "£000s" or "£'000" are thousands of pounds; "(£m)" millions."""
    squashed = header.casefold().replace(" ", "").replace("'", "").replace("’", "")
    if re.search(r"£k\b|£000|\(k\)|\(000s?\)|£thousands|000s\)", squashed):
        return 1000
    if re.search(r"£m\b|\(m\)|£millions", squashed):
        return 1_000_000
    return 1


def match_header(header: CellValue) -> str | None:
    """The field a column header names, by the common spellings: exactly, then by the longest spelling the header
    starts with ("Start date (planned)" is a start date); None when it names none."""
    text = normalise(cell_text(header))
    if not text:
        return None
    for item in FIELDS:
        if text in item.aliases:
            return item.key
    best: tuple[int, str] | None = None
    for item in FIELDS:
        for alias in item.aliases:
            if len(alias) > 2 and text.startswith(alias + " ") and (best is None or len(alias) > best[0]):
                best = (len(alias), item.key)
    return best[1] if best else None


def parse_mapping(value: Any, source: str = "the mapping") -> dict[str, str | None]:
    """A mapping file's JSON, checked: an object from field names (or their labels) to column headers; null or ""
    leaves a field out. Raises ImportProblem with a plain message."""
    if not isinstance(value, dict):
        raise ImportProblem(
            f'{source} must be a JSON object from field names to column headers, such as {{"title": "Project '
            'name", "cashable_saving": "Savings"}.'
        )
    by_name = {**{normalise(f.label): f.key for f in FIELDS}, **{normalise(f.key): f.key for f in FIELDS}}
    mapping: dict[str, str | None] = {}
    for name, header in value.items():
        key = by_name.get(normalise(str(name)))
        if key is None:
            raise ImportProblem(
                f"{source} names a field {name!r} that an opportunity does not have. Fields: {', '.join(FIELD_KEYS)}."
            )
        if header is not None and not isinstance(header, str):
            raise ImportProblem(f"{source} gives {header!r} for {key}: give the column's header as text.")
        mapping[key] = header.strip() if header and header.strip() else None
    return mapping


def match_columns(headers: Sequence[CellValue], mapping: Mapping[str, str | None] | None = None) -> dict[str, int]:
    """Which column (0-based) each field reads from: the mapping's choices first, then common spellings for the
    fields it leaves unsaid. A column serves one field; the leftmost of two look-alike columns wins. Raises
    ImportProblem when the mapping names a column the sheet does not have."""
    mapping = mapping or {}
    texts = [cell_text(h) for h in headers]
    columns: dict[str, int] = {}
    used: set[int] = set()
    for key, header in mapping.items():
        if header is None:
            continue
        wanted = normalise(header)
        found = next((i for i, text in enumerate(texts) if i not in used and normalise(text) == wanted), None)
        if found is None:
            known = ", ".join(repr(t) for t in texts if t) or "none"
            raise ImportProblem(
                f"The mapping reads {FIELDS_BY_KEY[key].label.lower()} from a column {header!r}, but the sheet has "
                f"no such column (its columns: {known})."
            )
        columns[key] = found
        used.add(found)
    for index, header in enumerate(headers):
        key = match_header(header)
        if key is not None and key not in mapping and key not in columns and index not in used:
            columns[key] = index
            used.add(index)
    return columns


def _header_score(row: Sequence[CellValue], mapping: Mapping[str, str | None]) -> int:
    texts = {normalise(cell_text(c)) for c in row} - {""}
    mapped = {key for key, header in mapping.items() if header and normalise(header) in texts}
    found = {key for c in row if (key := match_header(c)) is not None and key not in mapping} | mapped
    return len(found) + (100 if "title" in found else 0)


def find_header_row(rows: Sequence[Sequence[CellValue]], mapping: Mapping[str, str | None] | None = None) -> int | None:
    """Index (in `rows`) of the header row: among the first rows, the one naming the most fields (a title counts
    most; the first of equals), so a protective marking or a heading above the header is passed over. None when no
    row names a field."""
    best: tuple[int, int] | None = None  # (score, index)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _header_score(row, mapping or {})
        if score and (best is None or score > best[0]):
            best = (score, index)
    return None if best is None else best[1]


# ------------------------------------------------------------------------------------------------ values

_NONE_WORDS = {
    "",
    *_words(
        "tbc, tba, tbd, n a, na, nil, none, unknown, not known, to be confirmed, not applicable, not yet known, "
        "unquantified, not quantified"
    ),
}
_NONE_SYMBOLS = {"-", "–", "—", "?", "n/a", "£-", "£ -"}


def is_none_word(text: str) -> bool:
    """TBC, n/a, nil, '-': a cell that says there is no figure yet."""
    stripped = text.strip()
    return stripped.casefold() in _NONE_SYMBOLS or normalise(stripped) in _NONE_WORDS


_MONEY = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?"
    r"(?P<unit>k|m|mn|bn|b|thousand|million|billion|mil)?"
)
_MONEY_PREFIX = re.compile(r"^(?:approx(?:imately)?\.?|about|around|circa|c\.|c|ca\.|est(?:imated)?\.?|~|up to)\s*")
_MONEY_SUFFIX = re.compile(
    r"\s*(?:pa|p\.a\.?|per annum|per year|a year|each year|/yr|/year|/annum|annually|recurring|gbp|pounds|"
    r"approx\.?)$"
)
_UNITS = {
    "k": 1000,
    "thousand": 1000,
    "m": 10**6,
    "mn": 10**6,
    "mil": 10**6,
    "million": 10**6,
    "bn": 10**9,
    "b": 10**9,
    "billion": 10**9,
}


def _short(text: str) -> str:
    """A cell's text for a message: a very long one cut to its start."""
    return text if len(text) <= 40 else f"{text[:37]}…"


_MOST_POUNDS = Decimal(10) ** 15  # far beyond any register (validation stops at £1bn), well inside Decimal's precision


def _whole_pence(pounds: Decimal, shown: str) -> int:
    """Pounds as whole pence, rounded half up; ValueError for a figure too large to be money (a cell of 400 nines,
    1e308), which Decimal cannot round at its precision."""
    if abs(pounds) >= _MOST_POUNDS:
        raise ValueError(f"{_short(shown)!r} is far too large for an amount of money: give it in pounds, such as £1.7m")
    return int((pounds * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=8192, typed=True)
def parse_money(value: CellValue, multiplier: int = 1) -> int | None:
    """Pounds in a cell as whole pence: 430000, "£430,000", "£1.7m", "£430k", "c. £50k pa"; None when the cell
    gives no figure (blank, TBC, n/a, '-'). `multiplier` scales plain figures (a column headed in £k). Raises
    ValueError with a plain message for anything else, negative amounts included."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise ValueError(f"{cell_text(value)!r} is not an amount of money")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not an amount of money")
        pounds = Decimal(str(value)) * multiplier
        if pounds < 0:
            raise ValueError(f"{format_pounds(int(pounds * 100))} is negative: give the amount without a minus sign")
        return _whole_pence(pounds, cell_text(value))
    text = cell_text(value)
    if is_none_word(text):
        return None
    squashed = text.casefold().strip()
    negative = squashed.startswith(("-", "−", "(", "£-", "-£", "£(")) or squashed.endswith((")", "cr"))
    if negative and any(ch.isdigit() for ch in squashed):
        raise ValueError(f"{text!r} is negative: give the amount without a minus sign or brackets")
    squashed = _MONEY_PREFIX.sub("", squashed)
    squashed = _MONEY_SUFFIX.sub("", squashed)
    squashed = squashed.replace("£", "").replace("gbp", "").replace(" ", "")
    match = _MONEY.fullmatch(squashed)
    if match is None:
        raise ValueError(f"{text!r} is not an amount of money: give one figure, such as £430,000 or £1.7m")
    number = Decimal(match["number"].replace(",", "") + (match["fraction"] or ""))
    unit = match["unit"]
    pounds = number * (_UNITS[unit] if unit else multiplier)
    return _whole_pence(pounds, text)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]*({_MONTH})\.?[\s\-/,]*(\d{{4}}|\d{{2}})")
_MONTH_DAY_YEAR = re.compile(rf"({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
_MONTH_YEAR = re.compile(rf"({_MONTH})\.?[\s\-/,']*(\d{{4}}|\d{{2}})")
_YEAR = re.compile(r"(\d{4})")
_FINANCIAL_YEAR = re.compile(r"(?:fy\s*)?(\d{4})\s*[/\-–]\s*(\d{4}|\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


@lru_cache(maxsize=8192, typed=True)
def parse_date(value: CellValue, end: bool = False) -> date | None:
    """A date in a cell, read the UK way (day first). A month, year or financial year is its first day, or with
    `end` its last day. None for a blank or TBC; ValueError with a plain message for anything else."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(f"{cell_text(value)!r} is not a date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1900 <= value <= 2100:
            year = int(value)
            return date(year, 12, 31) if end else date(year, 1, 1)
        if float(value).is_integer() and 20_000 <= value <= 80_000:  # an Excel date serial left unformatted
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(f"{cell_text(value)!r} is not a date")
    text = cell_text(value)
    if is_none_word(text):
        return None
    lowered = text.casefold()
    try:
        found = _text_date(lowered, end)
    except ValueError:  # the shape of a date, but no such day
        hint = ": dates are read day first, as 19/03/2018" if _DMY.fullmatch(lowered) else ""
        raise ValueError(f"{text!r} is not a date on the calendar{hint}") from None
    if found is None:
        raise ValueError(f"{text!r} is not a date: write it as 19/03/2018, March 2018 or 2018")
    return found


def _text_date(text: str, end: bool) -> date | None:
    if match := _ISO.fullmatch(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.fullmatch(text):
        return date(_year(match[3]), int(match[2]), int(match[1]))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        return date(_year(match[3]), _MONTHS[match[2]], int(match[1]))
    if match := _MONTH_DAY_YEAR.fullmatch(text):
        return date(int(match[3]), _MONTHS[match[1]], int(match[2]))
    if match := _MONTH_YEAR.fullmatch(text):
        year, month = _year(match[2]), _MONTHS[match[1]]
        return _month_end(year, month) if end else date(year, month, 1)
    if match := _FINANCIAL_YEAR.fullmatch(text):
        first, second = int(match[1]), int(match[2])
        if second % 100 == (first + 1) % 100 and (len(match[2]) == 2 or second == first + 1):
            return date(first + 1, 3, 31) if end else date(first, 4, 1)
    if match := _YEAR.fullmatch(text):
        year = int(match[1])
        if 1900 <= year <= 2100:
            return date(year, 12, 31) if end else date(year, 1, 1)
    return None


_TRUE = set(_words("yes, y, true, t, 1, x, shareable, sharable, share, ok, ok to share, can share"))
_FALSE = set(
    _words(
        "no, n, false, f, 0, not shareable, restricted, do not share, dont share, don t share, not to be shared, "
        "private"
    )
)


@lru_cache(maxsize=8192, typed=True)
def parse_bool(value: CellValue) -> bool | None:
    """Yes/no in a cell (yes, y, true, 1, x; no, n, false, 0); None for a blank. ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = cell_text(value)
    if text in ("✓", "✔"):
        return True
    word = normalise(text)
    if not word:
        return None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no")


_STAGE_WORDS: dict[str, Stage] = {
    **{stage.value: stage for stage in Stage},
    **dict.fromkeys(
        _words("ideas, concept, proposal, proposed, new, pipeline, suggestion, potential, new idea"), Stage.IDEA
    ),
    **dict.fromkeys(
        _words(
            "scope, scoped, feasibility, feasibility study, exploring, exploration, options appraisal, "
            "initial scoping, in scoping, being scoped"
        ),
        Stage.SCOPING,
    ),
    **dict.fromkeys(
        _words(
            "bc, obc, fbc, sobc, businesscase, outline business case, full business case, strategic outline business "
            "case, strategic outline case, business case development, business case in development, developing "
            "business case, business cases"
        ),
        Stage.BUSINESS_CASE,
    ),
    **dict.fromkeys(
        _words("approval, agreed, signed off, approved to proceed, business case approved"), Stage.APPROVED
    ),
    **dict.fromkeys(
        _words(
            "implementing, in implementation, delivery, in delivery, delivering, in progress, underway, under way, "
            "mobilisation, mobilising, mobilization, implementation phase"
        ),
        Stage.IMPLEMENTATION,
    ),
    **dict.fromkeys(_words("operational, go live, gone live, running, in operation, embedded"), Stage.LIVE),
    **dict.fromkeys(
        _words(
            "benefit review, benefits realisation, benefits realization, benefit realisation, review, "
            "post implementation review, pir, evaluation, under review"
        ),
        Stage.BENEFITS_REVIEW,
    ),
    **dict.fromkeys(
        _words("complete, completed, done, finished, ended, withdrawn, cancelled, canceled, abandoned, stopped"),
        Stage.CLOSED,
    ),
    **dict.fromkeys(_words("on hold, hold, paused, deferred, suspended, park"), Stage.PARKED),
}
_STAGE_NUMBERING = re.compile(r"^(?:stage|phase)?\s*\d+[a-z]?\s*")


@lru_cache(maxsize=8192, typed=True)
def parse_stage(value: CellValue) -> Stage | None:
    """A stage read loosely: "Business Case", "business-case", "BC", "OBC", "3. Business case", "On hold"; None
    for a blank. ValueError naming the stages otherwise."""
    text = cell_text(value)
    word = normalise(text)
    if not word:
        return None
    stage = _STAGE_WORDS.get(word) or _STAGE_WORDS.get(_STAGE_NUMBERING.sub("", word))
    if stage is None:
        names = ", ".join(s.label for s in Stage)
        raise ValueError(f"Stage {text!r} is not one this app knows: use one of {names}")
    return stage


@lru_cache(maxsize=8192, typed=True)
def parse_score(value: CellValue) -> int | None:
    """Effort or benefit: a number, "70" or "70%" (any fraction rounded half up); None for a blank or TBC."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{cell_text(value)!r} is not a number from 0 to 100")
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = cell_text(value)
        if is_none_word(text):
            return None
        squashed = text.replace(" ", "").removesuffix("%").removesuffix("/100")
        try:
            number = Decimal(squashed)
        except InvalidOperation:
            raise ValueError(f"{text!r} is not a number from 0 to 100") from None
    if not number.is_finite() or abs(number) >= 10**6:  # 1e308 cannot be rounded at Decimal's precision
        raise ValueError(f"{_short(cell_text(value))!r} is not a number from 0 to 100")
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_partners(value: CellValue) -> list[str]:
    """Names in one cell: separated by ";" or new lines when the cell has one, else by ","; blanks and repeats
    dropped, order kept."""
    return list(_split_partners(value))


@lru_cache(maxsize=8192, typed=True)
def _split_partners(value: CellValue) -> tuple[str, ...]:
    if value is None:
        return ()
    text = cell_text(value, multiline=True)
    parts = re.split(r"[;\n]", text) if re.search(r"[;\n]", text) else text.split(",")
    names: list[str] = []
    for part in parts:
        name = " ".join(part.split()).strip(" .")
        if name and normalise(name) not in {normalise(n) for n in names}:
            names.append(name)
    return tuple(names)


# --------------------------------------------------------------------------------------- organisations


_KIND_WORDS: tuple[tuple[OrganisationKind, tuple[str, ...]], ...] = (
    (OrganisationKind.PCC, ("crime commissioner", "pcc", "opcc", "pfcc", "commissioner")),
    (OrganisationKind.FIRE, ("fire",)),
    (OrganisationKind.AMBULANCE, ("ambulance",)),
    (OrganisationKind.POLICE, ("police", "constabulary")),
    (
        OrganisationKind.HEALTH,
        ("nhs", "health", "hospital", "icb", "integrated care", "clinical commissioning", "ccg", "foundation trust"),
    ),
    (OrganisationKind.LOCAL_AUTHORITY, ("council", "borough", "county", "city of", "district", "authority", "unitary")),
)
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on"}


def guess_kind(name: str) -> OrganisationKind:
    """What kind of service a name suggests ("Cumbria Constabulary": police); other when nothing does."""
    words = f" {normalise(name)} "
    for kind, hints in _KIND_WORDS:
        if any(f" {hint} " in words or (len(hint) > 4 and hint in words) for hint in hints):
            return kind
    return OrganisationKind.OTHER


def short_name_for(name: str, taken: Iterable[str]) -> str:
    """A short name for a new organisation: the name itself when it is one word of 12 characters or fewer, else
    its initials ("Cumbria Fire and Rescue Service": CFRS), made unique with a number."""
    taken_folded = {t.casefold() for t in taken}
    words = [w for w in re.split(r"[^0-9A-Za-z]+", name) if w]
    if len(words) == 1 and len(words[0]) <= 12:
        base = words[0]
    else:
        base = "".join(w[0].upper() for w in words if w.casefold() not in _SMALL_WORDS)[:10] or "ORG"
        if len(base) < 2:
            base = (words[0][:6] if words else "ORG").upper()
    candidate, number = base, 2
    while candidate.casefold() in taken_folded:
        candidate = f"{base[: 12 - len(str(number))]}{number}"
        number += 1
    return candidate


_WORKSTREAM_COLOURS = ("#00796B", "#C2185B", "#5D4037", "#F57C00", "#455A64", "#6A1B9A", "#0288D1", "#827717")


# ---------------------------------------------------------------------------------------------- the plan


@dataclass
class RowResult:
    """One spreadsheet row as it would be imported."""

    number: int  # the row number as the spreadsheet shows it
    opportunity: Opportunity  # its reference is "" while the row has problems (it would not be imported)
    wanted_reference: str = ""  # the reference the sheet gives, if any
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    workstream_name: str = ""
    lead_name: str = ""
    partner_names: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> list[str]:
        """Its problems in plain words with the row number: "Row 14: Effort 'high' is not a number..."."""
        return [f"Row {self.number}: {problem}" for problem in self.problems]


@dataclass
class ImportPlan:
    """What an import would do. `edit()` gives the one Edit that does it."""

    rows: list[RowResult]
    new_organisations: dict[str, Organisation]  # by id
    new_workstreams: dict[str, Workstream]
    columns: dict[str, int]
    headers: list[str]
    header_row: int = 1  # as the spreadsheet shows it
    sheet_name: str = ""
    source_name: str = ""  # the file's name, for the change log

    @property
    def ready(self) -> list[RowResult]:
        return [row for row in self.rows if row.ok]

    @property
    def with_problems(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    def problems(self) -> list[str]:
        return [line for row in self.rows for line in row.describe()]

    def _used(self, rows: list[RowResult]) -> tuple[list[Workstream], list[Organisation]]:
        used_ids: set[str] = set()
        for row in rows:
            opp = row.opportunity
            used_ids.update(opp.partner_ids)
            used_ids.update(i for i in (opp.workstream_id, opp.lead_organisation_id) if i)
        workstreams = [w for i, w in self.new_workstreams.items() if i in used_ids]
        organisations = [o for i, o in self.new_organisations.items() if i in used_ids]
        return workstreams, organisations

    def creates(self, skip_problem_rows: bool = False) -> tuple[list[Workstream], list[Organisation]]:
        """The workstreams and organisations the import would create (those its imported rows use)."""
        return self._used(self.ready if skip_problem_rows else self.rows)

    def edit(self, skip_problem_rows: bool = False) -> Edit:
        """The import as one Edit: new workstreams, new organisations, then the opportunities. All or nothing:
        raises ImportProblem while a row has a problem, unless `skip_problem_rows` leaves those rows out."""
        if self.with_problems and not skip_problem_rows:
            count = len(self.with_problems)
            raise ImportProblem(
                f"{count} {'row has a problem' if count == 1 else 'rows have problems'}; nothing was imported."
            )
        rows = self.ready
        if not rows:
            raise ImportProblem("There are no rows to import.")
        workstreams, organisations = self._used(rows)
        changes = [RecordChange(None, record) for record in (*workstreams, *organisations)]
        changes.extend(RecordChange(None, row.opportunity) for row in rows)
        name = f" from {self.source_name}" if self.source_name else ""
        count = "1 opportunity" if len(rows) == 1 else f"{len(rows)} opportunities"
        return Edit(f"Import {count}{name}", changes)

    def counts_text(self, skip_problem_rows: bool = False) -> str:
        """Counts for the dialog and the command: "48 rows ready, 2 with problems; 3 new organisations and 1 new
        workstream."."""
        ready, bad = len(self.ready), len(self.with_problems)
        parts = [f"{ready} {'row' if ready == 1 else 'rows'} ready"]
        if bad:
            parts.append(f"{bad} with {'a problem' if bad == 1 else 'problems'}")
        text = ", ".join(parts)
        workstreams, organisations = self.creates(skip_problem_rows)
        made = []
        if organisations:
            made.append(f"{len(organisations)} new {'organisation' if len(organisations) == 1 else 'organisations'}")
        if workstreams:
            made.append(f"{len(workstreams)} new {'workstream' if len(workstreams) == 1 else 'workstreams'}")
        return f"{text}; {' and '.join(made)}." if made else f"{text}."

    def mapping_text(self) -> list[str]:
        """Each field read and the column it comes from: "Title: column B, 'Project name'"."""
        return [
            f"{FIELDS_BY_KEY[key].label}: column {column_letter(index)}, {self.headers[index]!r}"
            for key, index in sorted(self.columns.items(), key=lambda item: item[1])
        ]


def reference_number(reference: str, prefix: str) -> int | None:
    head = f"{prefix}-"
    tail = reference[len(head) :] if reference.startswith(head) else ""
    return int(tail) if tail.isdigit() else None


class _Names:
    """Existing records by their normalised name (and short name), with the new ones added as rows need them."""

    def __init__(self, data: RegisterData) -> None:
        self.organisations: dict[str, Organisation] = {}
        for org in sorted(data.organisations.values(), key=lambda o: o.name.casefold()):
            self.organisations.setdefault(normalise(org.name), org)
        for org in sorted(data.organisations.values(), key=lambda o: o.name.casefold()):
            self.organisations.setdefault(normalise(org.short_name), org)
        self.short_names = {o.short_name for o in data.organisations.values()}
        self.workstreams = {normalise(w.name): w for w in data.workstreams.values()}
        self.colours = [c for c in _WORKSTREAM_COLOURS if c not in {w.colour for w in data.workstreams.values()}]
        self.colours = self.colours or list(_WORKSTREAM_COLOURS)
        self.new_organisations: dict[str, Organisation] = {}
        self.new_workstreams: dict[str, Workstream] = {}

    def organisation(self, name: str) -> tuple[Organisation | None, str | None]:
        """The organisation `name` means, made when new; or a problem."""
        key = normalise(name)
        found = self.organisations.get(key)
        if found is not None:
            return found, None
        if len(name) > MAX_NAME:
            return None, f"The organisation name {name[:40]!r}... is too long: keep it under {MAX_NAME} characters."
        org = Organisation(name=name, short_name=short_name_for(name, self.short_names), kind=guess_kind(name))
        problems = validate_organisation(org, self.short_names)
        if problems:
            return None, f"Organisation {name!r}: {problems[0]}"
        self.short_names.add(org.short_name)
        self.organisations[key] = org
        self.organisations.setdefault(normalise(org.short_name), org)
        self.new_organisations[org.id] = org
        return org, None

    def workstream(self, name: str) -> tuple[Workstream | None, str | None]:
        key = normalise(name)
        found = self.workstreams.get(key)
        if found is not None:
            return found, None
        if len(name) > MAX_NAME:
            return None, f"The workstream name is too long: keep it under {MAX_NAME} characters."
        colour = self.colours[len(self.new_workstreams) % len(self.colours)]
        workstream = Workstream(name=name, colour=colour)
        problems = validate_workstream(workstream, set())
        if problems:
            return None, f"Workstream {name!r}: {problems[0]}"
        self.workstreams[key] = workstream
        self.new_workstreams[workstream.id] = workstream
        return workstream, None


def plan_import(
    data: RegisterData,
    headers: Sequence[CellValue],
    rows: Iterable[tuple[int, Sequence[CellValue]]],
    columns: Mapping[str, int],
    taken_references: Iterable[str] = (),
    *,
    header_row: int = 1,
    sheet_name: str = "",
    source_name: str = "",
    cancelled: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Read each row (its number as the spreadsheet shows it, and its cells) into an Opportunity, with its problems
    and notes. `taken_references` are every reference the register has ever used (deleted opportunities keep
    theirs); the register's own opportunities are in `data`. Rows with problems get no reference: they are never
    imported."""
    if "title" not in columns:
        raise ImportProblem("Choose the column that holds each opportunity's title: an import needs titles.")
    reader = _RowReader(data, [cell_text(h) for h in headers], columns)
    results: list[RowResult] = []
    for count, (number, cells) in enumerate(rows):
        if cancelled is not None and count % 500 == 0 and cancelled():
            raise ImportProblem("Cancelled.")
        result = reader.read(number, cells)
        if result is not None:
            results.append(result)
    _number(results, data, taken_references)
    return ImportPlan(
        rows=results,
        new_organisations=reader.names.new_organisations,
        new_workstreams=reader.names.new_workstreams,
        columns=dict(columns),
        headers=reader.headers,
        header_row=header_row,
        sheet_name=sheet_name,
        source_name=source_name,
    )


_TOTALS = {"total", "totals", "grand total", "sub total", "subtotal", "total savings", "overall total"}


class _RowReader:
    """Reads one row at a time into a RowResult, making new workstreams and organisations once."""

    def __init__(self, data: RegisterData, headers: list[str], columns: Mapping[str, int]) -> None:
        self.headers = headers
        self.columns = columns
        self.names = _Names(data)
        self.existing_titles = {normalise(o.title): o.reference for o in data.opportunities.values()}
        self.multipliers = {key: _unit_multiplier(headers[columns[key]]) for key in _MONEY_FIELDS if key in columns}
        self.announced: set[str] = set()  # new records already noted on an earlier row

    def read(self, number: int, cells: Sequence[CellValue]) -> RowResult | None:
        """The row as an opportunity with its problems and notes; None for a row blank in every column read."""
        picked = {key: cells[index] if index < len(cells) else None for key, index in self.columns.items()}
        if all(is_blank(value) for value in picked.values()):
            return None
        cell = picked.get
        result = RowResult(
            number, Opportunity(title=cell_text(cell("title"))), wanted_reference=cell_text(cell("reference"))
        )
        opp, problems = result.opportunity, result.problems
        for key in ("summary", "non_cashable_benefits", "risks", "notes"):
            setattr(opp, key, cell_text(cell(key), multiline=True))
        for key in ("lead_officer", "sponsor"):
            text = cell_text(cell(key))
            if len(text) > MAX_NAME:
                problems.append(f"{FIELDS_BY_KEY[key].label} is too long: keep it under {MAX_NAME} characters.")
            setattr(opp, key, text)
        title = normalise(opp.title)
        if title in _TOTALS:
            problems.append("This looks like a totals row, not an opportunity: leave it out.")
        elif title and title in self.existing_titles:
            problems.append(
                f"The register already has an opportunity called this ({self.existing_titles[title]}): was the "
                "sheet imported before? Leave the row out or change its title."
            )
        try:
            opp.stage = parse_stage(cell("stage")) or Stage.IDEA
        except ValueError as exc:
            problems.append(f"{exc}.")
        self._scores(result, cell)
        self._dates(result, cell)
        self._money(result, cell)
        try:
            shareable = parse_bool(cell("shareable"))
        except ValueError as exc:
            problems.append(f"Shareable: {exc}.")
            shareable = None
        opp.shareable = True if shareable is None else shareable
        self._links(result, cell)
        unreadable_score = any(p.startswith(("Effort ", "Benefit ")) for p in problems)
        problems.extend(
            p for p in validate_opportunity(opp) if not (unreadable_score and p.startswith("Give both effort"))
        )
        return result

    def _scores(self, result: RowResult, cell: Callable[[str], CellValue]) -> None:
        for key, label in (("effort", "Effort"), ("benefit", "Benefit")):
            raw = cell(key)
            try:
                score = parse_score(raw)
            except ValueError as exc:
                result.problems.append(f"{label} {exc}.")
                continue
            if score is not None and isinstance(raw, (str, float)) and not _whole(raw):
                result.notes.append(f"{label} {cell_text(raw)} rounded to {score}.")
            setattr(result.opportunity, key, score)

    def _dates(self, result: RowResult, cell: Callable[[str], CellValue]) -> None:
        for key, end in (("start_date", False), ("end_date", True)):
            raw, label = cell(key), FIELDS_BY_KEY[key].label
            try:
                value = parse_date(raw, end=end)
            except ValueError as exc:
                result.problems.append(f"{label}: {exc}.")
                continue
            if value is None and not is_blank(raw):
                result.notes.append(f"{label} {cell_text(raw)!r} left blank.")
            setattr(result.opportunity, key, value)

    def _money(self, result: RowResult, cell: Callable[[str], CellValue]) -> None:
        for key, attribute in (("cashable_saving", "cashable_saving_pence"), ("one_off_cost", "one_off_cost_pence")):
            raw, label = cell(key), FIELDS_BY_KEY[key].label
            try:
                pence = parse_money(raw, self.multipliers.get(key, 1))
            except ValueError as exc:
                result.problems.append(f"{label}: {exc}.")
                continue
            if pence is None and not is_blank(raw):
                result.notes.append(f"{label} {cell_text(raw)!r} read as none.")
            setattr(result.opportunity, attribute, pence or 0)

    def _announce(self, result: RowResult, record: Organisation | Workstream) -> None:
        """Note a new record on the first row that uses it."""
        if record.id in self.announced:
            return
        self.announced.add(record.id)
        if isinstance(record, Workstream):
            result.notes.append(f"New workstream {record.name}.")
        else:
            result.notes.append(f"New organisation {record.name} ({record.short_name}, {record.kind.label.lower()}).")

    def _links(self, result: RowResult, cell: Callable[[str], CellValue]) -> None:
        opp, names = result.opportunity, self.names
        workstream_name = cell_text(cell("workstream"))
        if workstream_name:
            workstream, problem = names.workstream(workstream_name)
            if workstream is None:
                result.problems.append(problem or "")
            else:
                opp.workstream_id = workstream.id
                result.workstream_name = workstream.name
                if workstream.id in names.new_workstreams:
                    self._announce(result, workstream)
        lead_name = cell_text(cell("lead_organisation"))
        if lead_name:
            lead, problem = names.organisation(lead_name)
            if lead is None:
                result.problems.append(problem or "")
            else:
                opp.lead_organisation_id = lead.id
                result.lead_name = lead.short_name
                if lead.id in names.new_organisations:
                    self._announce(result, lead)
        for partner_name in split_partners(cell("partners")):
            partner, problem = names.organisation(partner_name)
            if partner is None:
                result.problems.append(problem or "")
                continue
            if partner.id == opp.lead_organisation_id:
                result.notes.append(f"{partner.short_name} is the lead, so it is not also listed as a partner.")
                continue
            if partner.id not in opp.partner_ids:
                opp.partner_ids.append(partner.id)
                result.partner_names.append(partner.short_name)
                if partner.id in names.new_organisations:
                    self._announce(result, partner)


def _number(results: list[RowResult], data: RegisterData, taken_references: Iterable[str]) -> None:
    """Give each row without problems its reference: the one the sheet gives when it is free, else the next free one
    numbered on from the highest with the register's prefix (kept ones included), as Register.next_reference does."""
    prefix = data.settings.reference_prefix
    ever = [*taken_references, *(o.reference for o in data.opportunities.values())]
    taken = {r.casefold() for r in ever}
    highest = max((n for r in ever if (n := reference_number(r, prefix)) is not None), default=0)
    ready = [result for result in results if result.ok]
    kept: set[str] = set()
    for result in ready:
        wanted = result.wanted_reference
        if not wanted:
            continue
        folded = wanted.casefold()
        if len(wanted) > MAX_REFERENCE:
            result.notes.append(f"Reference {wanted[:24]!r}... is longer than {MAX_REFERENCE} characters")
        elif folded in taken or folded in kept:
            where = "already in the register" if folded in taken else "given to an earlier row"
            result.notes.append(f"Reference {wanted} is {where}")
        else:
            result.opportunity.reference = wanted
            kept.add(folded)
            highest = max(highest, reference_number(wanted, prefix) or 0)
    used = taken | kept
    for result in ready:
        if result.opportunity.reference:
            continue
        highest += 1
        while f"{prefix}-{highest:03d}".casefold() in used:
            highest += 1
        result.opportunity.reference = f"{prefix}-{highest:03d}"
        if result.wanted_reference:
            result.notes.append(f"{result.notes.pop()}: given {result.opportunity.reference}.")


def _whole(value: str | float) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    squashed = value.strip().replace(" ", "").removesuffix("%").removesuffix("/100")
    return "." not in squashed or squashed.rstrip("0").endswith(".")
