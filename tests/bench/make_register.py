"""Write a realistic synthetic register of any size, quickly and reproducibly, for the benchmarks.

    python tests/bench/make_register.py OUT.bluelight N [--seed S]

Twelve organisations, six workstreams and N opportunities whose titles and summaries are made from word
lists, with 0-3 partners each, a few dependencies, effort and benefit scores (some not yet assessed), stages,
dates and money. Everything is written with one Register.apply(Edit(...)): one transaction, as the app
would write it. The same seed gives the same content (record ids are uuid4, so they differ between runs).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.model import Opportunity, Organisation, OrganisationKind, Stage, Workstream
from bluelight_desktop.storage.register import create_register

# Part of cached file names: bump it when the generated content changes, so stale caches are not reused.
GENERATOR_VERSION = 1

ORGANISATIONS = (
    ("Northshire Constabulary", "NSC", OrganisationKind.POLICE, "Northshire"),
    ("Northshire Fire and Rescue Service", "NFRS", OrganisationKind.FIRE, "Northshire"),
    ("Northern Ambulance Service NHS Trust", "NAS", OrganisationKind.AMBULANCE, "Northern region"),
    ("Office of the Northshire Police, Fire and Crime Commissioner", "PFCC", OrganisationKind.PCC, "Northshire"),
    ("Northshire County Council", "NCC", OrganisationKind.LOCAL_AUTHORITY, "Northshire"),
    ("Riverton Borough Council", "RBC", OrganisationKind.LOCAL_AUTHORITY, "Riverton"),
    ("Northshire Integrated Care Board", "ICB", OrganisationKind.HEALTH, "Northshire"),
    ("Southvale Police", "SVP", OrganisationKind.POLICE, "Southvale"),
    ("Southvale Fire and Rescue", "SVFR", OrganisationKind.FIRE, "Southvale"),
    ("Coastal Ambulance Service", "CAS", OrganisationKind.AMBULANCE, "Coastal region"),
    ("Mountain Rescue Northshire", "MRN", OrganisationKind.OTHER, "Northshire fells"),
    ("Riverton Hospitals NHS Foundation Trust", "RHT", OrganisationKind.HEALTH, "Riverton"),
)
WORKSTREAMS = (
    ("Estates and co-location", "#4a6fa5"),
    ("Control rooms and response", "#c0504d"),
    ("Prevention and community safety", "#9bbb59"),
    ("Fleet and logistics", "#f79646"),
    ("Support services and ICT", "#8064a2"),
    ("Training and workforce", "#4bacc6"),
)
ADJECTIVES = (
    "Joint",
    "Shared",
    "Combined",
    "Integrated",
    "Regional",
    "Tri-service",
    "Co-located",
    "Digital",
    "Mobile",
    "Community",
    "Rural",
    "Night-time",
    "Coastal",
    "Emergency",
    "Collaborative",
    "Second",
    "Pilot",
)
SUBJECTS = (
    "drone",
    "control room",
    "estates",
    "fleet workshop",
    "training centre",
    "procurement",
    "HR service",
    "payroll",
    "station",
    "response",
    "welfare",
    "mental health triage",
    "falls response",
    "water rescue",
    "missing persons search",
    "occupational health",
    "ICT network",
    "radio",
    "data sharing",
    "forensics",
    "custody healthcare",
    "vehicle maintenance",
    "fuel purchasing",
    "stores",
    "cleaning contract",
    "community safety",
    "road safety",
    "cadets",
    "volunteer",
    "first responder",
    "defibrillator",
)
NOUNS = (
    "programme",
    "hub",
    "partnership",
    "service",
    "unit",
    "scheme",
    "team",
    "review",
    "project",
    "network",
    "contract",
    "capability",
    "rota",
    "pathway",
    "framework",
    "trial",
)
PLACES = ("Riverton", "Northshire", "Southvale", "the coast", "the fells", "Eastbridge", "Westford", "Millbrook")
VERBS = (
    "share",
    "combine",
    "co-locate",
    "jointly procure",
    "pool",
    "integrate",
    "align",
    "rationalise",
    "extend",
    "pilot",
    "standardise",
    "deliver together",
)
OBJECTS = (
    "buildings",
    "vehicles",
    "control room staff",
    "training facilities",
    "specialist kit",
    "call handling",
    "back-office functions",
    "ICT contracts",
    "drone pilots",
    "first aid training",
    "premises",
    "welfare facilities",
    "data",
    "on-call crews",
    "mental health support",
    "community responders",
)
OUTCOMES = (
    "faster response times",
    "lower running costs",
    "better outcomes for vulnerable people",
    "less duplication",
    "more resilient cover",
    "safer roads",
    "fewer repeat call-outs",
    "better use of the estate",
    "improved staff wellbeing",
    "a single point of contact for the public",
)
FIRST_NAMES = (
    "Sam",
    "Alex",
    "Priya",
    "Jordan",
    "Chris",
    "Fatima",
    "Gareth",
    "Helen",
    "Tom",
    "Aisha",
    "Mark",
    "Claire",
    "Dev",
    "Rachel",
    "Owen",
    "Nadia",
)
SURNAMES = (
    "Patel",
    "Jones",
    "Smith",
    "Hughes",
    "Khan",
    "Walker",
    "Taylor",
    "Wright",
    "Evans",
    "O'Neill",
    "Murray",
    "Clarke",
    "Ahmed",
    "Brown",
)
RANKS = (
    "Ch Insp",
    "Supt",
    "Group Manager",
    "Station Manager",
    "Head of Estates",
    "Area Manager",
    "Assistant Director",
    "Project Manager",
    "Ch Supt",
    "Head of Operations",
)
RISKS = (
    "Union consultation may delay the start.",
    "Capital funding not yet agreed.",
    "Different ICT systems must be connected first.",
    "Lease break clauses limit the timing.",
    "Needs agreement from three boards.",
    "Data protection impact assessment outstanding.",
    "",
)
# Stages weighted roughly as a real programme: many ideas and scoping, fewer live.
STAGE_WEIGHTS = (
    (Stage.IDEA, 20),
    (Stage.SCOPING, 18),
    (Stage.BUSINESS_CASE, 12),
    (Stage.APPROVED, 8),
    (Stage.IMPLEMENTATION, 12),
    (Stage.LIVE, 12),
    (Stage.BENEFITS_REVIEW, 6),
    (Stage.CLOSED, 6),
    (Stage.PARKED, 6),
)


def build_records(n_opportunities: int, seed: int = 0, prefix: str = "BEN") -> list:
    """The organisations, workstreams and opportunities of a synthetic register, ready to write."""
    rng = random.Random(seed)
    organisations = [Organisation(name, short, kind, area) for name, short, kind, area in ORGANISATIONS]
    workstreams = [Workstream(name, colour) for name, colour in WORKSTREAMS]
    stages = [s for s, _ in STAGE_WEIGHTS]
    weights = [w for _, w in STAGE_WEIGHTS]
    width = max(3, len(str(n_opportunities)))
    opportunities: list[Opportunity] = []
    for number in range(1, n_opportunities + 1):
        subject = rng.choice(SUBJECTS)
        title = f"{rng.choice(ADJECTIVES)} {subject} {rng.choice(NOUNS)}"
        if rng.random() < 0.4:
            title += f" for {rng.choice(PLACES)}"
        lead = rng.choice(organisations)
        partners = rng.sample([o for o in organisations if o is not lead], rng.choice((0, 1, 1, 2, 2, 3)))
        summary = (
            f"{', '.join([lead.short_name, *(p.short_name for p in partners)])} to {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)} and {rng.choice(OBJECTS)} for {rng.choice(OUTCOMES)}. "
            f"Builds on the {subject} work in {rng.choice(PLACES)}."
        )
        placed = rng.random() < 0.8
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1100)) if rng.random() < 0.7 else None
        end = start + timedelta(days=rng.randrange(60, 900)) if start and rng.random() < 0.8 else None
        saving = rng.choice((0, 0, 0, rng.randrange(5, 1500) * 1000)) * 100
        cost = rng.choice((0, 0, rng.randrange(1, 800) * 1000)) * 100
        dependencies = []
        if opportunities and rng.random() < 0.08:
            dependencies = [
                o.id for o in rng.sample(opportunities[-50:], min(len(opportunities[-50:]), rng.choice((1, 1, 2))))
            ]
        opportunities.append(
            Opportunity(
                title=title,
                reference=f"{prefix}-{number:0{width}d}",
                summary=summary,
                workstream_id=rng.choice(workstreams).id,
                lead_organisation_id=lead.id,
                lead_officer=f"{rng.choice(RANKS)} {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                sponsor=f"{rng.choice(('Chief Constable', 'Chief Fire Officer', 'Chief Executive', 'PFCC'))} "
                f"({rng.choice(organisations).short_name})",
                partner_ids=[p.id for p in partners],
                stage=rng.choices(stages, weights)[0],
                effort=rng.randrange(0, 101) if placed else None,
                benefit=rng.randrange(0, 101) if placed else None,
                start_date=start,
                end_date=end,
                cashable_saving_pence=saving,
                one_off_cost_pence=cost,
                non_cashable_benefits=rng.choice(OUTCOMES).capitalize() + "." if rng.random() < 0.6 else "",
                risks=rng.choice(RISKS),
                dependency_ids=dependencies,
                notes=f"Discussed at the {rng.choice(('strategic', 'tactical', 'programme'))} board."
                if rng.random() < 0.3
                else "",
                shareable=rng.random() < 0.9,
                placement_illustrative=placed and rng.random() < 0.1,
            )
        )
    return [*organisations, *workstreams, *opportunities]


def make_register(path: Path, n_opportunities: int, seed: int = 0) -> Path:
    """Write a synthetic register of `n_opportunities` at `path` (which must not exist); return the path."""
    path = Path(path)
    records = build_records(n_opportunities, seed)
    register = create_register(path, f"Benchmark register ({n_opportunities} opportunities)", "BEN")
    try:
        register.apply(
            Edit(f"Create {n_opportunities} benchmark opportunities", [RecordChange(None, r) for r in records])
        )
    except BaseException:
        register.close()
        path.unlink(missing_ok=True)
        raise
    register.close()
    return path


def cached_register(folder: Path, n_opportunities: int, seed: int = 0) -> Path:
    """A register of this size and seed in `folder`, made on first use and reused afterwards."""
    path = Path(folder) / f"bench-{n_opportunities}-seed{seed}-v{GENERATOR_VERSION}.bluelight"
    if not path.exists():
        make_register(path, n_opportunities, seed)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="register file to write (must not exist)")
    parser.add_argument("n", type=int, help="number of opportunities")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"{args.out} already exists; choose another name.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    make_register(args.out, args.n, args.seed)
    print(f"Wrote {args.n} opportunities to {args.out} in {time.perf_counter() - started:.2f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
