"""Deterministic corpora of bad input for the fuzz tests (issue 9): mutated register files and mutated spreadsheets,
made from a seed, so that a failure is replayed by its seed and number and nothing is committed but this code.

`register_mutants(base, seed, count)` yields (label, bytes) made from the bytes of a register file:

- truncated at many offsets (inside the header, at page boundaries, anywhere);
- bits flipped anywhere, in the 100-byte header, on page 1 (the schema), on the pages of each table;
- whole pages zeroed or filled with random bytes;
- fields of the SQLite header set to odd values (page size, versions, reserved space, payload fractions, page
  count, freelist, schema cookie and format, text encoding, user_version, application_id);
- changed through SQL: the schema revision older, newer, missing; values of the wrong kind, out of range, not
  UTF-8, dangling; records deleted; tables dropped or added; triggers and views; WAL mode; other page sizes;
- other SQLite files (a plain database, one with our application_id and nothing else, one with triggers and
  views) and other kinds of file named .bluelight (PDF, zip, xlsx, PNG, text, UTF-16 text, JSON, empty, a few
  bytes, several megabytes of random bytes, a sealed header over junk).

`spreadsheet_mutants(seed, count, folder)` yields (label, path) of mutated .xlsx and .csv files.
"""

from __future__ import annotations

import codecs
import io
import random
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

SQLITE_PAGE_HEADER = 100

# (offset, size, values) of SQLite header fields worth setting to odd values (sqlite.org/fileformat.html).
HEADER_FIELDS: list[tuple[str, int, int, list[int]]] = [
    ("page size", 16, 2, [0, 1, 3, 512, 1000, 32768, 65535]),
    ("write version", 18, 1, [0, 2, 3, 255]),
    ("read version", 19, 1, [0, 2, 3, 255]),
    ("reserved space", 20, 1, [1, 32, 255]),
    ("max payload fraction", 21, 1, [0, 32, 255]),
    ("min payload fraction", 22, 1, [0, 64, 255]),
    ("leaf payload fraction", 23, 1, [0, 255]),
    ("change counter", 24, 4, [0, 0xFFFFFFFF]),
    ("page count", 28, 4, [0, 1, 2, 0x7FFFFFFF]),
    ("freelist trunk", 32, 4, [1, 2, 0xFFFFFFFF]),
    ("freelist count", 36, 4, [1, 1000, 0xFFFFFFFF]),
    ("schema cookie", 40, 4, [0, 12345]),
    ("schema format", 44, 4, [0, 5, 99]),
    ("cache size", 48, 4, [0xFFFFFFFF]),
    ("autovacuum root", 52, 4, [1, 0xFFFF]),
    ("text encoding", 56, 4, [0, 2, 3, 7]),
    ("user version", 60, 4, [1, 0xFFFFFFFF]),
    ("incremental vacuum", 64, 4, [1]),
    ("application id", 68, 4, [0, 0x424C444C, 0xFFFFFFFF]),
    ("version valid for", 92, 4, [0, 1]),
    ("sqlite version", 96, 4, [0, 9999999]),
]

# SQL run on a copy of the register (foreign keys off, as a damaged or hand-edited file would be).
SQL_MUTATIONS: list[tuple[str, str]] = [
    ("revision 0001", "UPDATE alembic_version SET version_num = '0001'"),
    ("revision 0002", "UPDATE alembic_version SET version_num = '0002'"),
    ("revision 0003", "UPDATE alembic_version SET version_num = '0003'"),
    ("revision from the future", "UPDATE alembic_version SET version_num = '9999'"),
    ("revision empty", "UPDATE alembic_version SET version_num = ''"),
    ("revision a number", "UPDATE alembic_version SET version_num = 4"),
    ("no revision row", "DELETE FROM alembic_version"),
    ("no revision table", "DROP TABLE alembic_version"),
    ("application_id 0", "PRAGMA application_id = 0"),
    ("application_id another", "PRAGMA application_id = 1234"),
    ("user_version 7", "PRAGMA user_version = 7"),
    ("user_version -1", "PRAGMA user_version = -1"),
    ("unknown stage", "UPDATE opportunity SET stage = 'bogus' WHERE rowid IN (SELECT rowid FROM opportunity LIMIT 3)"),
    ("stage NULL", "UPDATE opportunity SET stage = NULL WHERE rowid = (SELECT min(rowid) FROM opportunity)"),
    ("start date not a date", "UPDATE opportunity SET start_date = 'not a date'"),
    ("start date a number", "UPDATE opportunity SET start_date = 20261121"),
    ("effort as text", "UPDATE opportunity SET effort = 'high'"),
    ("effort as a blob", "UPDATE opportunity SET effort = x'00ff'"),
    ("effort a fraction", "UPDATE opportunity SET effort = 12.5"),
    ("effort out of range", "UPDATE opportunity SET effort = 5000, benefit = -7"),
    ("money as text", "UPDATE opportunity SET cashable_saving_pence = 'lots'"),
    ("money huge", "UPDATE opportunity SET cashable_saving_pence = 9223372036854775807"),
    ("shareable as text", "UPDATE opportunity SET shareable = 'yes'"),
    ("title not UTF-8", "UPDATE opportunity SET title = CAST(x'fffe41c3' AS TEXT)"),
    ("title a blob", "UPDATE opportunity SET title = x'41424344'"),
    ("title a number", "UPDATE opportunity SET title = 42"),
    ("title huge", "UPDATE opportunity SET title = printf('%.*c', 200000, 'x') WHERE rowid = 1"),
    ("title NULL", "UPDATE opportunity SET title = NULL"),
    ("organisation kind unknown", "UPDATE organisation SET kind = 'spaceship'"),
    ("meeting date impossible", "UPDATE meeting SET date = '2026-13-45'"),
    ("meeting status unknown", "UPDATE meeting SET status = 'postponed?'"),
    ("meeting time garbage", "UPDATE meeting SET time = 'half past'"),
    ("meeting minutes a number", "UPDATE meeting SET minutes_allowed = 'ninety'"),
    ("board nation unknown", "UPDATE board SET nation = 'ATL'"),
    ("board cadence garbage", "UPDATE board SET cadence = 'FREQ=SOMETIMES;;'"),
    ("board lead days text", "UPDATE board SET paper_lead_days = 'ten'"),
    ("agenda purpose unknown", "UPDATE agenda_item SET purpose = 'vibes'"),
    ("decision outcome unknown", "UPDATE decision SET outcome = 'maybe'"),
    ("action status unknown", "UPDATE action SET status = 'someday'"),
    ("action due garbage", "UPDATE action SET due = 'tomorrow'"),
    ("attendance status unknown", "UPDATE attendance SET status = 'astral'"),
    ("closure day garbage", "UPDATE closure_day SET date = 'xmas'"),
    ("workstream colour garbage", "UPDATE workstream SET colour = 'plaid'"),
    ("setting threshold text", "UPDATE setting SET value = 'abc' WHERE key IN ('name', 'effort_threshold')"),
    (
        "setting threshold missing value",
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('effort_threshold', 'x'), ('active_stages', 'nope')",
    ),
    ("no register id", "DELETE FROM setting WHERE key = 'register_id'"),
    ("empty register id", "UPDATE setting SET value = '' WHERE key = 'register_id'"),
    ("no settings", "DELETE FROM setting"),
    ("organisations gone", "DELETE FROM organisation"),
    ("workstreams gone", "DELETE FROM workstream"),
    ("boards gone", "DELETE FROM board"),
    ("meetings gone", "DELETE FROM meeting"),
    ("opportunities gone", "DELETE FROM opportunity"),
    ("links dangling", "UPDATE opportunity_partner SET organisation_id = 'nobody'"),
    (
        "dependency dangling",
        "INSERT INTO opportunity_dependency (id, created_at, created_by, updated_at, updated_by, "
        "opportunity_id, depends_on_id) SELECT 'dep-x', '', '', '', '', id, 'missing' FROM opportunity LIMIT 1",
    ),
    ("agenda on a missing meeting", "UPDATE agenda_item SET meeting_id = 'missing'"),
    ("duplicate references", "UPDATE opportunity SET reference = 'LAN-001'"),
    ("ids NULL", "UPDATE workstream SET id = NULL WHERE rowid = 1"),
    ("change log gone", "DROP TABLE change_log"),
    ("decision table gone", "DROP TABLE decision"),
    ("opportunity table gone", "DROP TABLE opportunity"),
    ("a column gone", "ALTER TABLE opportunity DROP COLUMN notes"),
    ("an extra column", "ALTER TABLE opportunity ADD COLUMN extra TEXT DEFAULT 'x'"),
    ("an extra table", "CREATE TABLE extra (a, b); INSERT INTO extra VALUES (1, 2)"),
    ("an index gone", "DROP INDEX ix_change_log_record_id"),
    (
        "a trigger",
        "CREATE TRIGGER wipe AFTER UPDATE ON opportunity BEGIN DELETE FROM opportunity; END",
    ),
    ("a trigger on insert", "CREATE TRIGGER spy AFTER INSERT ON change_log BEGIN DELETE FROM setting; END"),
    ("a view", "CREATE VIEW everything AS SELECT * FROM opportunity"),
    ("a view shadowing", "ALTER TABLE workstream RENAME TO ws_old; CREATE VIEW workstream AS SELECT * FROM ws_old"),
    ("WAL mode", "PRAGMA journal_mode = WAL"),
    ("page size 512", "PRAGMA page_size = 512; VACUUM"),
    ("page size 65536", "PRAGMA page_size = 65536; VACUUM"),
    ("auto vacuum", "PRAGMA auto_vacuum = FULL; VACUUM"),
    ("freed pages", "DELETE FROM change_log WHERE seq % 2 = 0"),
]


def _flip(data: bytearray, choose: random.Random, start: int, end: int, flips: int) -> None:
    end = min(end, len(data))
    for _ in range(flips):
        if end <= start:
            return
        position = choose.randrange(start, end)
        data[position] ^= 1 << choose.randrange(8)


def _sql_mutant(base: bytes, script: str) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="bluelight-fuzz-") as folder:
        path = Path(folder) / "m.bluelight"
        path.write_bytes(base)
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA foreign_keys = OFF")
            connection.executescript(script)
        except sqlite3.Error:
            return None  # the mutation itself is refused by SQLite (a NOT NULL column): nothing to test
        finally:
            connection.close()
        return path.read_bytes()


def _database(script: str, application_id: int = 0) -> bytes:
    with tempfile.TemporaryDirectory(prefix="bluelight-fuzz-") as folder:
        path = Path(folder) / "other.db"
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute(f"PRAGMA application_id = {application_id}")
            connection.executescript(script)
        finally:
            connection.close()
        return path.read_bytes()


def _xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Title", "Stage"])
    workbook.active.append(["Something", "Idea"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a register")
    return buffer.getvalue()


def foreign_files(choose: random.Random) -> list[tuple[str, Callable[[], bytes]]]:
    """Files that are not registers at all, or SQLite files that are not ours."""
    from bluelight_desktop.storage.register import APPLICATION_ID, SEALED_MAGIC

    ours = APPLICATION_ID
    return [
        ("empty file", lambda: b""),
        ("one byte", lambda: b"S"),
        ("SQLite magic only", lambda: b"SQLite format 3\x00"),
        ("SQLite header and nothing else", lambda: b"SQLite format 3\x00" + bytes(84)),
        ("SQLite header with our id, one page of zeros", lambda: _ours_header_only(ours)),
        ("a plain SQLite database", lambda: _database("CREATE TABLE t (a); INSERT INTO t VALUES (1)")),
        ("an empty SQLite database", lambda: _database("CREATE TABLE t (a); DROP TABLE t")),
        ("our id and nothing else", lambda: _database("CREATE TABLE t (a); DROP TABLE t", ours)),
        (
            "our id and a revision only",
            lambda: _database(
                "CREATE TABLE alembic_version (version_num TEXT); INSERT INTO alembic_version VALUES ('0004')", ours
            ),
        ),
        (
            "our id, a revision, triggers and views",
            lambda: _database(
                "CREATE TABLE alembic_version (version_num TEXT); INSERT INTO alembic_version VALUES ('0004');"
                "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT);"
                "CREATE VIEW opportunity AS SELECT 1 AS id;"
                "CREATE TRIGGER t AFTER INSERT ON setting BEGIN DELETE FROM setting; END",
                ours,
            ),
        ),
        (
            "a plain database with triggers and views",
            lambda: _database(
                "CREATE TABLE a (x); CREATE VIEW v AS SELECT * FROM a;"
                "CREATE TRIGGER tr AFTER INSERT ON a BEGIN DELETE FROM a; END"
            ),
        ),
        ("a WAL database with our id", lambda: _database("PRAGMA journal_mode=WAL; CREATE TABLE t (a)", ours)),
        ("a PDF", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
        ("a zip", _zip_bytes),
        ("an xlsx workbook", _xlsx_bytes),
        ("a PNG", lambda: b"\x89PNG\r\n\x1a\n" + bytes(13) + b"IEND\xaeB`\x82"),
        ("plain text", lambda: b"Minutes of the Programme Board\n" * 200),
        ("UTF-16 text", lambda: codecs.BOM_UTF16_LE + "Register\r\n".encode("utf-16-le") * 100),
        ("JSON", lambda: b'{"opportunities": []}'),
        ("a sealed header over junk", lambda: SEALED_MAGIC + bytes(choose.randrange(256) for _ in range(200))),
        ("a sealed magic alone", lambda: SEALED_MAGIC),
        ("several megabytes of random bytes", lambda: choose.randbytes(6 * 1024 * 1024)),
        ("a megabyte of zeros", lambda: bytes(1 << 20)),
    ]


def _ours_header_only(application_id: int) -> bytes:
    header = bytearray(b"SQLite format 3\x00" + bytes(4096 - 16))
    header[16:18] = (4096).to_bytes(2, "big")
    header[18] = header[19] = 1
    header[21:24] = bytes([64, 32, 32])
    header[28:32] = (1).to_bytes(4, "big")
    header[44:48] = (4).to_bytes(4, "big")
    header[56:60] = (1).to_bytes(4, "big")
    header[68:72] = application_id.to_bytes(4, "big")
    return bytes(header)


def table_pages(path: Path) -> dict[str, list[int]]:
    """The pages (1-based) of each table and index of a SQLite file, from the dbstat table."""
    connection = sqlite3.connect(path)
    try:
        pages: dict[str, list[int]] = {}
        for name, page in connection.execute("SELECT name, pageno FROM dbstat ORDER BY pageno"):
            pages.setdefault(name, []).append(page)
        return pages
    finally:
        connection.close()


def register_mutants(base: bytes, pages: dict[str, list[int]], seed: int, count: int) -> Iterator[tuple[str, bytes]]:
    """`count` mutants of the register `base` (whose table pages are `pages`), the same for the same seed."""
    choose = random.Random(seed)
    size = len(base)
    page_size = int.from_bytes(base[16:18], "big") or 65536
    page_count = size // page_size
    names = sorted(pages)
    foreign = foreign_files(choose)
    special_cuts = [
        0,
        1,
        15,
        16,
        17,
        99,
        100,
        101,
        512,
        page_size - 1,
        page_size,
        page_size + 1,
        2 * page_size,
        size // 2,
        size - page_size,
        size - 1,
    ]
    kinds = [
        ("truncate", 14),
        ("flip anywhere", 14),
        ("flip header", 6),
        ("flip schema page", 6),
        ("flip a table's pages", 16),
        ("zero pages", 10),
        ("garbage page", 5),
        ("header field", 8),
        ("sql", 11),
        ("foreign", 5),
        ("combined", 5),
    ]
    plan: list[str] = []
    for kind, weight in kinds:
        plan.extend([kind] * max(1, round(count * weight / 100)))
    plan = plan[:count] if len(plan) >= count else plan + ["flip anywhere"] * (count - len(plan))
    # Every SQL mutation and every foreign file at least once when the corpus is large enough for them.
    sql_index = foreign_index = cut_index = field_index = 0
    fields = [(label, offset, width, value) for label, offset, width, values in HEADER_FIELDS for value in values]
    for number, kind in enumerate(plan):
        data = bytearray(base)
        label = kind
        if kind == "truncate":
            if cut_index < len(special_cuts):
                cut = special_cuts[cut_index]
                cut_index += 1
            else:
                cut = choose.randrange(size)
            data = data[:cut]
            label = f"truncated at {cut}"
        elif kind == "flip anywhere":
            flips = choose.choice([1, 1, 2, 4, 16])
            _flip(data, choose, 0, size, flips)
            label = f"{flips} bits flipped"
        elif kind == "flip header":
            _flip(data, choose, 0, SQLITE_PAGE_HEADER, choose.choice([1, 2, 3]))
        elif kind == "flip schema page":
            _flip(data, choose, SQLITE_PAGE_HEADER, page_size, choose.choice([1, 2, 8]))
        elif kind == "flip a table's pages":
            name = names[number % len(names)]
            page = choose.choice(pages[name])
            start = (page - 1) * page_size
            flips = choose.choice([1, 2, 8])
            if choose.random() < 0.5:  # the page's own header and cell pointers
                _flip(data, choose, start, start + 64, flips)
            else:
                _flip(data, choose, start, start + page_size, flips)
            label = f"{flips} bits flipped on page {page} of {name}"
        elif kind in ("zero pages", "garbage page"):
            chosen = [1] if number % 17 == 0 else choose.sample(range(1, page_count + 1), choose.choice([1, 1, 2, 3]))
            for page in chosen:
                start = (page - 1) * page_size
                filler = bytes(page_size) if kind == "zero pages" else choose.randbytes(page_size)
                data[start : start + page_size] = filler
            label = f"{kind} {chosen}"
        elif kind == "header field":
            name, offset, width, value = fields[field_index % len(fields)]
            field_index += 1
            data[offset : offset + width] = value.to_bytes(width, "big")
            label = f"header {name} = {value}"
        elif kind == "sql":
            name, script = SQL_MUTATIONS[sql_index % len(SQL_MUTATIONS)]
            sql_index += 1
            mutated = _sql_mutant(base, script)
            if mutated is None:
                mutated = bytes(base[: size // 3])
                name += " (refused by SQLite: truncated instead)"
            data = bytearray(mutated)
            label = f"sql: {name}"
        elif kind == "foreign":
            name, make = foreign[foreign_index % len(foreign)]
            foreign_index += 1
            data = bytearray(make())
            label = f"other file: {name}"
        else:  # combined: a revision change on a damaged page, a cut inside a mutated file
            name, script = SQL_MUTATIONS[choose.randrange(len(SQL_MUTATIONS))]
            data = bytearray(_sql_mutant(base, script) or base)
            _flip(data, choose, 0, len(data), choose.choice([1, 4]))
            if choose.random() < 0.3:
                data = data[: choose.randrange(len(data))]
            label = f"combined: {name}, bits flipped"
        yield f"#{number} {label}", bytes(data)


# ------------------------------------------------------------------------------------------------ spreadsheets

HEADER = [
    "Title",
    "Summary",
    "Lead organisation",
    "Workstream",
    "Stage",
    "Effort",
    "Benefit",
    "Cashable saving",
    "Start date",
    "Shareable",
    "Partners",
    "Notes",
]


def _rows(choose: random.Random, count: int) -> list[list[object]]:
    return [
        [
            f"Fuzz row {n}",
            "Summary " * choose.randrange(1, 5),
            "Lancashire Fire and Rescue Service",
            "Response",
            choose.choice(["Idea", "Scoping", "Live", "parked"]),
            choose.randrange(0, 101),
            choose.randrange(0, 101),
            choose.choice(["£1,200", "3000", "", "1.5m"]),
            choose.choice(["2026-04-01", "1 Apr 2026", ""]),
            choose.choice(["Yes", "No", ""]),
            "Lancashire Constabulary",
            "",
        ]
        for n in range(1, count + 1)
    ]


ODD_CELLS: list[object] = [
    "=1+1",
    '=HYPERLINK("http://example.invalid")',
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+1",
    "-1",
    "\x00nul",
    "x" * 40000,
    "é" * 5000,
    "\u202eRTL override",
    "\ud7ff",
    "line\nbreak",
    "tab\tbed",
    "'quoted",
    "NaN",
    "inf",
    "-0",
    "1e308",
    "9" * 400,
    "  ",
    "#REF!",
    "#DIV/0!",
    "TRUE",
    "None",
    "\ufeffBOM in a cell",
    "<xml/>",
    "' OR 1=1",
]


def _xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("?", value)[:32767]
        if value.startswith(("\ud800",)):
            return "?"
    return value


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The zip `data` with each member passed through `change(name, content)` (None leaves it out)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return buffer.getvalue()


def spreadsheet_mutants(seed: int, count: int) -> Iterator[tuple[str, str, bytes]]:
    """(label, file suffix, bytes) of `count` mutated spreadsheets, the same for the same seed."""
    choose = random.Random(seed)
    good_rows = _rows(choose, 40)
    good_xlsx = _xlsx(good_rows)
    text = io.StringIO()
    import csv

    csv.writer(text).writerows([HEADER, *good_rows])
    good_csv = text.getvalue()
    members = zipfile.ZipFile(io.BytesIO(good_xlsx)).namelist()

    def xml_damage(name: str, content: bytes) -> bytes:
        cut = choose.randrange(1, max(2, len(content)))
        return content[:cut] if choose.random() < 0.5 else content.replace(b">", b"", 1)

    makers: list[tuple[str, str, Callable[[], bytes]]] = [
        ("xlsx truncated", ".xlsx", lambda: good_xlsx[: choose.randrange(len(good_xlsx))]),
        ("xlsx bits flipped", ".xlsx", lambda: _flipped(good_xlsx, choose)),
        (
            "xlsx member removed",
            ".xlsx",
            lambda: _without_member(good_xlsx, choose.choice(members)),
        ),
        (
            "xlsx member's XML broken",
            ".xlsx",
            lambda: _damaged_member(good_xlsx, choose.choice(members), xml_damage),
        ),
        (
            "xlsx sheet XML replaced by junk",
            ".xlsx",
            lambda: _rezip(good_xlsx, lambda n, c: choose.randbytes(300) if n.startswith("xl/worksheets/") else c),
        ),
        (
            "xlsx shared strings huge",
            ".xlsx",
            lambda: _rezip(
                good_xlsx,
                lambda n, c: (
                    c.replace(b"Fuzz row 1<", b"Fuzz row 1" + b"y" * 200000 + b"<")
                    if n.endswith("sharedStrings.xml")
                    else c
                ),
            ),
        ),
        ("xlsx odd cells", ".xlsx", lambda: _xlsx(_odd_rows(choose, good_rows))),
        (
            "xlsx formulas",
            ".xlsx",
            lambda: _xlsx([[f'=A{n}&"x"', "=1/0", "=NOW()", *r[3:]] for n, r in enumerate(good_rows)]),
        ),
        ("xlsx no header", ".xlsx", lambda: _xlsx(good_rows, header=["a"] * len(HEADER))),
        ("xlsx header only", ".xlsx", lambda: _xlsx([])),
        ("xlsx wide", ".xlsx", lambda: _xlsx([r + list(range(2000)) for r in good_rows[:3]])),
        ("csv truncated", ".csv", lambda: good_csv.encode()[: choose.randrange(len(good_csv))]),
        ("csv bits flipped", ".csv", lambda: _flipped(good_csv.encode(), choose)),
        ("csv UTF-16 without BOM", ".csv", lambda: good_csv.encode("utf-16-le")),
        ("csv UTF-16 BE with BOM", ".csv", lambda: codecs.BOM_UTF16_BE + good_csv.encode("utf-16-be")),
        ("csv UTF-32", ".csv", lambda: good_csv.encode("utf-32")),
        ("csv Shift-JIS", ".csv", lambda: (good_csv + "日本語,テスト\n").encode("shift_jis")),
        ("csv cp1252 pounds", ".csv", lambda: good_csv.replace("£", "£").encode("cp1252", errors="replace")),
        ("csv mixed encodings", ".csv", lambda: good_csv.encode() + "£café".encode("cp1252") + b"\n"),
        ("csv NUL bytes", ".csv", lambda: good_csv.encode().replace(b",", b",\x00", 5)),
        ("csv unbalanced quotes", ".csv", lambda: good_csv.replace("Fuzz row 3", '"Fuzz row 3').encode()),
        ("csv huge cell", ".csv", lambda: good_csv.replace("Fuzz row 2", "Z" * 300000).encode()),
        ("csv huge field for csv", ".csv", lambda: (good_csv + '"' + "q" * 200000 + '"\n').encode()),
        ("csv odd cells", ".csv", lambda: _csv(_odd_rows(choose, good_rows))),
        ("csv formulas", ".csv", lambda: _csv([["=1+1", "=cmd|' /C calc'!A0", "@SUM(A1)"] + r[3:] for r in good_rows])),
        ("csv many columns", ".csv", lambda: _csv([r + ["c"] * 5000 for r in good_rows[:5]])),
        ("csv only separators", ".csv", lambda: b",;\t|\n" * 500),
        ("csv sep= line odd", ".csv", lambda: b"sep=\x00\n" + good_csv.encode()),
        ("csv CR only", ".csv", lambda: good_csv.replace("\r\n", "\r").replace("\n", "\r").encode()),
        ("binary junk as .csv", ".csv", lambda: choose.randbytes(choose.randrange(1, 50000))),
        ("binary junk as .xlsx", ".xlsx", lambda: choose.randbytes(choose.randrange(1, 50000))),
        ("PDF as .xlsx", ".xlsx", lambda: b"%PDF-1.4\n%%EOF\n"),
        ("empty .csv", ".csv", lambda: b""),
        ("empty .xlsx", ".xlsx", lambda: b""),
        ("zip that is not a workbook", ".xlsx", _zip_bytes),
        ("register as .csv", ".csv", lambda: _database("CREATE TABLE t (a)")),
        ("OLE header as .xlsx", ".xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)),
    ]
    for number in range(count):
        label, suffix, make = makers[number % len(makers)]
        yield f"#{number} {label}", suffix, make()


def _without_member(data: bytes, member: str) -> bytes:
    return _rezip(data, lambda name, content: None if name == member else content)


def _damaged_member(data: bytes, member: str, damage: Callable[[str, bytes], bytes]) -> bytes:
    return _rezip(data, lambda name, content: damage(name, content) if name == member else content)


def _flipped(data: bytes, choose: random.Random) -> bytes:
    changed = bytearray(data)
    _flip(changed, choose, 0, len(changed), choose.choice([1, 2, 8, 32]))
    return bytes(changed)


def _odd_rows(choose: random.Random, rows: list[list[object]]) -> list[list[object]]:
    odd = [list(r) for r in rows]
    for row in odd:
        for _ in range(3):
            row[choose.randrange(len(row))] = choose.choice(ODD_CELLS)
    return odd


def _csv(rows: list[list[object]]) -> bytes:
    import csv

    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return text.getvalue().encode("utf-8", errors="surrogatepass")
