"""How the board looks: sizes, type and colours for the desk and for the projector, and the colour keys
(colour by workstream, stage or lead organisation)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ...core.model import Organisation, OrganisationKind, RegisterData, Stage
from ...core.quadrant import Quadrant

NO_COLOUR = "#8a96a8"  # an opportunity without a workstream or lead


@dataclass(frozen=True)
class BoardStyle:
    """Sizes in scene units (pixels at 1:1: the scene is laid out to fill the view, never scaled)."""

    card_width: float
    card_height: float
    strip_width: float
    reference_pt: float
    title_pt: float
    small_pt: float
    header_name_pt: float
    header_meaning_pt: float
    axis_pt: float
    header_band: float  # room above the top quadrants and below the bottom ones for their headers
    axis_band: float  # room for the axis labels (left and bottom)
    text: str
    muted: str
    card_border: str
    card_border_width: float
    line: str
    line_width: float
    background: str
    quadrant_fill: dict[Quadrant, str]
    quadrant_highlight: str
    selected: str
    match: str


_FILLS = {
    Quadrant.PARK: "#f3f1ed",
    Quadrant.MAJOR_PROJECT: "#fbf1e4",
    Quadrant.BUSINESS_AS_USUAL: "#eef2f7",
    Quadrant.QUICK_WIN: "#e9f4ec",
}

DESK = BoardStyle(
    card_width=150,
    card_height=62,
    strip_width=7,
    reference_pt=8.5,
    title_pt=8.5,
    small_pt=7.5,
    header_name_pt=11.5,
    header_meaning_pt=8.5,
    axis_pt=9.5,
    header_band=36,
    axis_band=24,
    text="#1b2430",
    muted="#5a6778",
    card_border="#b3bfcd",
    card_border_width=1.0,
    line="#8593a6",
    line_width=2.0,
    background="#ffffff",
    quadrant_fill=_FILLS,
    quadrant_highlight="#cfe0f7",
    selected="#123a6b",
    match="#c26a00",
)

# The projector: larger type, darker lines and text, stronger fills (washed-out projectors lose pale tints).
PROJECTOR = BoardStyle(
    card_width=226,
    card_height=92,
    strip_width=10,
    reference_pt=12.5,
    title_pt=12.5,
    small_pt=10.5,
    header_name_pt=18,
    header_meaning_pt=12,
    axis_pt=14,
    header_band=58,
    axis_band=34,
    text="#000000",
    muted="#2b3440",
    card_border="#4a5566",
    card_border_width=1.5,
    line="#34404f",
    line_width=3.0,
    background="#ffffff",
    quadrant_fill={
        Quadrant.PARK: "#ebe7e0",
        Quadrant.MAJOR_PROJECT: "#f9e3c8",
        Quadrant.BUSINESS_AS_USUAL: "#dfe7f1",
        Quadrant.QUICK_WIN: "#d6ecdc",
    },
    quadrant_highlight="#b4cdf0",
    selected="#0b2a52",
    match="#b35900",
)


class ColourBy(Enum):
    WORKSTREAM = "Workstream"
    STAGE = "Stage"
    LEAD = "Lead organisation"


STAGE_COLOURS = {
    Stage.IDEA: "#9aa6b5",
    Stage.SCOPING: "#4f8ad1",
    Stage.BUSINESS_CASE: "#1f4e99",
    Stage.APPROVED: "#0f7c8c",
    Stage.IMPLEMENTATION: "#2e7d32",
    Stage.LIVE: "#14532d",
    Stage.BENEFITS_REVIEW: "#a86b00",
    Stage.CLOSED: "#5d4a3f",
    Stage.PARKED: "#c2c8d0",
}

# Services are recognised by their colours: police blue, fire red, ambulance green. A second service of the
# same kind takes the next colour free in the palette.
_KIND_COLOURS = {
    OrganisationKind.POLICE: "#1f4e99",
    OrganisationKind.FIRE: "#c0392b",
    OrganisationKind.AMBULANCE: "#2e7d32",
    OrganisationKind.LOCAL_AUTHORITY: "#7b3fa0",
    OrganisationKind.PCC: "#0f7c8c",
    OrganisationKind.HEALTH: "#ad1457",
    OrganisationKind.OTHER: "#616161",
}
_PALETTE = ("#e07b00", "#4f8ad1", "#8d6e63", "#00897b", "#c2185b", "#5c6bc0", "#7cb342", "#6d4c41", "#455a64")


def organisation_colours(organisations: dict[str, Organisation]) -> dict[str, str]:
    taken: set[str] = set()
    colours: dict[str, str] = {}
    for org in sorted(organisations.values(), key=lambda o: (o.short_name.casefold(), o.id)):
        wanted = _KIND_COLOURS.get(org.kind, NO_COLOUR)
        if wanted in taken:
            wanted = next((c for c in _PALETTE if c not in taken), NO_COLOUR)
        taken.add(wanted)
        colours[org.id] = wanted
    return colours


@dataclass(frozen=True)
class ColourKey:
    """The colour of each opportunity under one colour-by choice, and the legend that explains it."""

    colours: dict[str, str]  # opportunity id -> colour
    legend: list[tuple[str, str]]  # (colour, label), in a stable order


def colour_key(data: RegisterData, by: ColourBy) -> ColourKey:
    colours: dict[str, str] = {}
    used: set[str] = set()
    if by is ColourBy.WORKSTREAM:
        for opp in data.opportunities.values():
            ws = data.workstreams.get(opp.workstream_id or "")
            colours[opp.id] = ws.colour if ws else NO_COLOUR
            used.add(opp.workstream_id or "")
        legend = [(w.colour, w.name) for w in sorted(data.workstreams.values(), key=lambda w: w.name) if w.id in used]
        if "" in used:
            legend.append((NO_COLOUR, "No workstream"))
    elif by is ColourBy.STAGE:
        for opp in data.opportunities.values():
            colours[opp.id] = STAGE_COLOURS[opp.stage]
            used.add(opp.stage.value)
        legend = [(STAGE_COLOURS[s], s.label) for s in Stage if s.value in used]
    else:
        by_org = organisation_colours(data.organisations)
        for opp in data.opportunities.values():
            colours[opp.id] = by_org.get(opp.lead_organisation_id or "", NO_COLOUR)
            used.add(opp.lead_organisation_id or "")
        legend = [
            (by_org[o.id], o.short_name)
            for o in sorted(data.organisations.values(), key=lambda o: o.short_name.casefold())
            if o.id in used
        ]
        if "" in used:
            legend.append((NO_COLOUR, "No lead"))
    return ColourKey(colours, legend)
