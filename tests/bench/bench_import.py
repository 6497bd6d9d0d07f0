"""Importing a 10,000-row spreadsheet (.xlsx and .csv) into a register, against reading the same file alone.

    python tests/bench/bench_import.py [--rows 10000] [--repeats 3] [--huge 100000]

The spreadsheets are an office register as people keep one: a marking and a heading above the header, 17 columns
in their own spellings, money as text ("£1.7m", "£430,000", "1,058,000") and as numbers, dates as "March 2018",
"19/03/2018", "2015" and real dates, partners in one cell, loose stages, organisations by name or short name (some
new), two new workstreams. They are made once (seeded) and cached in the system temporary folder
(bluelight-bench/), as .xlsx (openpyxl, write-only) and as the same rows in CSV.

What is timed, each in a fresh child process of this script so that its peak memory is its own:

  * baseline xlsx: openpyxl reading the workbook as the import does (read-only, values only) into a list of rows;
  * baseline csv: the csv module reading the CSV file into a list of rows;
  * import xlsx / import csv: the whole import into a fresh copy of the Lancashire sample register, as
    `bluelight import` does it: read_spreadsheet (find the sheet and header, read every row), plan_from_table
    (parse, match, validate every row), then apply_import (a backup, then one Edit of 10,000 opportunities and
    their organisations and workstreams in one transaction, change log included). The phases are shown too;
  * with --huge N: reading an N-row sheet until the import refuses it (more than 20,000 rows of data), in each
    format: how long a user waits for the plain message;
  * export: write_spreadsheet of make_register.py's 10,000-opportunity register to .xlsx and .csv (marking,
    styled header, £ and date formats, formulas neutralised, written beside and read back), against openpyxl
    (write-only) and the csv module writing the same rows plainly.

"peak RSS +" is the child's peak resident size during the operation (VmHWM, reset first through
/proc/self/clear_refs on Linux; ru_maxrss elsewhere) less its resident size just before: the memory the operation
itself needed.
Median and worst of --repeats runs, interleaved so that noise on the machine hits every operation alike. The
ratio column divides each import's median by its own format's baseline.

Targets (exit 1 when one is missed): importing 10,000 rows of .xlsx takes under 3 times openpyxl's own reading of
the file, and under 10 s; a 100,000-row sheet is refused in under 10 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
CACHE_DIR = Path(tempfile.gettempdir()) / "bluelight-bench"
GENERATOR_VERSION = 1
IMPORT_TARGET_RATIO = 3.0
IMPORT_TARGET_SECONDS = 10.0
REFUSE_TARGET_SECONDS = 10.0
HEADERS = [
    "Ref",
    "Project title",
    "Workstream",
    "Lead org",
    "Partner organisations",
    "Status",
    "Effort score",
    "Benefit score",
    "Project lead",
    "Start",
    "Target completion",
    "Cashable saving (£)",
    "One-off cost",
    "Summary",
    "Risks",
    "Comments",
    "Share with partners?",
]
WORDS = (
    "joint shared estates control fleet training drone response wellbeing procurement data analytics community "
    "safety prevention volunteering command unit vehicle servicing occupational health recruitment rota demand "
    "youth leadership accreditation finance audit legal records co-location hub"
).split()
WORKSTREAMS = ("Shared Support Services", "Response", "Training", "Engagement and Prevention", "Estates", "Digital")
ORGANISATIONS = (
    "LFRS",
    "Lancashire Constabulary",
    "NWAS",
    "lancashire county council",
    "GMFRS",
    "Cumbria Constabulary",
    "Blackpool Council",
    "NHS Lancashire ICB",
)
STAGES = ("Idea", "scoping", "Business Case", "business-case", "BC", "Approved", "In delivery", "Live", "On hold")
MONEY = ("£1.7m", "£430,000", "1,058,000", "£95k", "c. £50k pa", "", "TBC", 12_000, 250_000.5)
DATES = ("March 2018", "19/03/2018", "2015", "2018/19", "", datetime(2019, 4, 1))


def _rows(count: int, seed: int = 0) -> list[list[Any]]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        words = rng.sample(WORDS, 3)
        title = f"{' '.join(words).capitalize()} {number + 1}"
        partners = "; ".join(rng.sample(ORGANISATIONS, rng.randint(0, 3)))
        placed = rng.random() > 0.2
        rows.append(
            [
                "",
                title,
                rng.choice(WORKSTREAMS),
                rng.choice(ORGANISATIONS),
                partners,
                rng.choice(STAGES),
                rng.randint(0, 100) if placed else "",
                rng.randint(0, 100) if placed else "",
                f"Head of {rng.choice(WORDS).capitalize()}",
                rng.choice(DATES),
                rng.choice(("31/03/2021", "2022", "March 2023", "")),
                rng.choice(MONEY),
                rng.choice(MONEY),
                " ".join(rng.choices(WORDS, k=rng.randint(8, 30))).capitalize() + ".",
                " ".join(rng.choices(WORDS, k=rng.randint(0, 12))),
                "",
                rng.choice(("Y", "N", "yes", "")),
            ]
        )
    return rows


def spreadsheets(count: int) -> tuple[Path, Path]:
    """The benchmark's .xlsx and .csv of `count` rows, made once and cached."""
    CACHE_DIR.mkdir(exist_ok=True)
    xlsx = CACHE_DIR / f"import-{count}-seed0-v{GENERATOR_VERSION}.xlsx"
    csv_path = xlsx.with_suffix(".csv")
    if xlsx.exists() and csv_path.exists():
        return xlsx, csv_path
    from openpyxl import Workbook

    rows = _rows(count)
    top = [["OFFICIAL"], ["Collaboration register (benchmark)"], []]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    for row in [*top, HEADERS, *rows]:
        sheet.append(row)
    temp = xlsx.with_suffix(".part")
    workbook.save(temp)
    temp.replace(xlsx)
    temp = csv_path.with_suffix(".part")
    with temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        for row in [*top, HEADERS, *rows]:
            writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, datetime) else v for v in row])
    temp.replace(csv_path)
    return xlsx, csv_path


# ------------------------------------------------------------------------------------------------ one run


def _status_bytes(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def export_register_path(count: int) -> Path:
    """make_register.py's register of `count` opportunities (cached), brought up to this version's schema."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_register import cached_register

    from bluelight_desktop.storage.register import HEAD_REVISION, check_file, open_register

    path = cached_register(CACHE_DIR, count)
    if check_file(path).revision != HEAD_REVISION:
        open_register(path).close()  # upgraded once (after a backup in the temporary BLUELIGHT_HOME)
    return path


def _peak_rss_bytes() -> int:
    """The peak resident size since the last reset: VmHWM on Linux. Not ru_maxrss there: a child started by fork
    and exec keeps the parent's peak in it, which clear_refs does not reset."""
    found = _status_bytes("VmHWM")
    if found is not None:
        return found
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _reset_peak_rss() -> int:
    """Start a fresh peak-RSS count where Linux allows it (clear_refs 5 resets VmHWM); the resident size now."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return _peak_rss_bytes()
    return _status_bytes("VmRSS") or _peak_rss_bytes()


def run_one(operation: str, path: Path, work: Path) -> dict[str, Any]:
    import openpyxl

    from bluelight_desktop.core.spreadsheet_import import ImportProblem
    from bluelight_desktop.storage.register import open_register
    from bluelight_desktop.storage.sample import write_sample
    from bluelight_desktop.storage.spreadsheet import apply_import, plan_from_table, read_spreadsheet

    phases: dict[str, float] = {}
    register = None
    data = None
    if "write" in operation or operation.startswith("export"):
        with open_register(path, read_only=True) as source:
            data = source.load()
    if operation.startswith("import"):
        write_sample(work / "sample.bluelight").close()
        register = open_register(work / "sample.bluelight")

    def baseline_xlsx() -> None:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        phases["rows"] = len(rows)

    def baseline_csv() -> None:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            phases["rows"] = len(list(csv.reader(handle)))

    def full_import() -> None:
        assert register is not None
        started = time.perf_counter()
        table = read_spreadsheet(path)
        phases["read"] = time.perf_counter() - started
        started = time.perf_counter()
        plan = plan_from_table(register, table)
        phases["plan"] = time.perf_counter() - started
        started = time.perf_counter()
        edit = plan.edit()
        apply_import(register, edit)
        phases["write"] = time.perf_counter() - started
        phases["rows"] = len(plan.ready)
        phases["problems"] = len(plan.with_problems)

    def export() -> None:
        from bluelight_desktop.reports.spreadsheet import write_spreadsheet

        phases["rows"] = write_spreadsheet(data, work / f"export.{operation.rsplit('-', 1)[1]}", "OFFICIAL")

    def baseline_write() -> None:
        from bluelight_desktop.reports.spreadsheet import spreadsheet_rows

        rows = list(spreadsheet_rows(data))
        if operation.endswith("xlsx"):
            workbook = openpyxl.Workbook(write_only=True)
            sheet = workbook.create_sheet("Opportunities")
            for row in rows:
                sheet.append(row)
            workbook.save(work / "plain.xlsx")
        else:
            with (work / "plain.csv").open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows)
        phases["rows"] = len(rows)

    def refuse() -> None:
        try:
            read_spreadsheet(path)
        except ImportProblem as exc:
            phases["message"] = str(exc)  # type: ignore[assignment]
        else:
            raise AssertionError("a sheet over the limit was read")

    action = {
        "baseline-xlsx": baseline_xlsx,
        "baseline-csv": baseline_csv,
        "import-xlsx": full_import,
        "import-csv": full_import,
        "refuse-xlsx": refuse,
        "refuse-csv": refuse,
        "write-xlsx": baseline_write,
        "write-csv": baseline_write,
        "export-xlsx": export,
        "export-csv": export,
    }[operation]
    rss_before = _reset_peak_rss()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    result = {"seconds": seconds, "rss_rise": max(0, _peak_rss_bytes() - rss_before), **phases}
    if register is not None:
        result["opportunities"] = register.counts()["opportunities"]
        register.close()
    return result


def child(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="bluelight-bench-import-"))
    try:
        result = run_one(args.one, Path(args.path), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))
    return 0


def _run(operation: str, path: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, "--one", operation, "--path", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )
    if completed.returncode != 0:
        raise SystemExit(f"{operation} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import a large spreadsheet against reading it alone.")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--huge", type=int, default=100_000, help="rows of the sheet to refuse (0: skip)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    home = tempfile.TemporaryDirectory(prefix="bluelight-bench-home-")
    os.environ["BLUELIGHT_HOME"] = home.name
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.one:
        return child(args)

    made = time.perf_counter()
    xlsx, csv_path = spreadsheets(args.rows)
    huge = spreadsheets(args.huge) if args.huge else None
    made = time.perf_counter() - made
    plan = [
        ("baseline-xlsx", xlsx, "baseline: openpyxl reads the .xlsx"),
        ("import-xlsx", xlsx, "import the .xlsx"),
        ("baseline-csv", csv_path, "baseline: csv module reads the .csv"),
        ("import-csv", csv_path, "import the .csv"),
    ]
    if huge is not None:
        plan += [
            ("refuse-xlsx", huge[0], f"refuse a {args.huge:,}-row .xlsx"),
            ("refuse-csv", huge[1], f"refuse a {args.huge:,}-row .csv"),
        ]
    register = export_register_path(args.rows)
    plan += [
        ("write-xlsx", register, "baseline: openpyxl writes the rows plainly"),
        ("export-xlsx", register, "export the register to .xlsx"),
        ("write-csv", register, "baseline: csv module writes the rows"),
        ("export-csv", register, "export the register to .csv"),
    ]
    results: dict[str, list[dict[str, Any]]] = {key: [] for key, _path, _label in plan}
    for _ in range(args.repeats):
        for key, path, _label in plan:
            results[key].append(_run(key, path))

    origin = f"made in {made:.1f} s" if made > 0.5 else "cached"
    print(
        f"Spreadsheets of {args.rows:,} rows: {xlsx.name} {xlsx.stat().st_size / 1e6:.1f} MB, {csv_path.name} "
        f"{csv_path.stat().st_size / 1e6:.1f} MB ({CACHE_DIR}, {origin}); into a copy of the Lancashire sample. "
        f"Median and worst of {args.repeats}, each run in its own process."
    )
    print(
        f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f} (other work on the machine makes the figures noisy)"
    )
    print(f"\n{'':44} {'median':>8} {'worst':>8} {'ratio':>7} {'peak RSS +':>11}   phases (median)")
    medians: dict[str, float] = {}
    for key, _path, label in plan:
        runs = results[key]
        median = statistics.median(r["seconds"] for r in runs)
        medians[key] = median
        worst = max(r["seconds"] for r in runs)
        rss = statistics.median(r["rss_rise"] for r in runs) / 2**20
        base = None
        if key.startswith("import"):
            base = medians.get(key.replace("import", "baseline"))
        elif key.startswith("export"):
            base = medians.get(key.replace("export", "write"))
        ratio = f"{median / base:6.1f}x" if base else ""
        phases = ""
        if key.startswith("import"):
            phases = ", ".join(f"{p} {statistics.median(r[p] for r in runs):.2f} s" for p in ("read", "plan", "write"))
            phases += f"; {int(runs[0]['rows']):,} imported, register now {int(runs[0]['opportunities']):,}"
        print(f"{label:44} {median:7.2f}s {worst:7.2f}s {ratio:>7} {rss:9.1f} MB   {phases}")
    if huge is not None:
        print(f"\nThe refusal: {results['refuse-csv'][0]['message']}")

    missed = []
    ratio = medians["import-xlsx"] / medians["baseline-xlsx"]
    if ratio > IMPORT_TARGET_RATIO:
        missed.append(f"importing the .xlsx took {ratio:.1f}x openpyxl's reading (target {IMPORT_TARGET_RATIO}x)")
    for key in ("import-xlsx", "import-csv"):
        if medians[key] > IMPORT_TARGET_SECONDS:
            missed.append(f"{key} took {medians[key]:.1f} s (target {IMPORT_TARGET_SECONDS:.0f} s)")
    for key in ("refuse-xlsx", "refuse-csv"):
        if key in medians and medians[key] > REFUSE_TARGET_SECONDS:
            missed.append(f"{key} took {medians[key]:.1f} s (target {REFUSE_TARGET_SECONDS:.0f} s)")
    print("\n" + ("FAIL: " + "; ".join(missed) if missed else "PASS: every target met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
