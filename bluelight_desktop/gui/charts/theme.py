"""How the charts look: pyqtgraph set to the app's light theme once, before the first plot (it draws on black
by default), and the colours of partners, quadrants and the rest, matching resources/style.qss."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor

from ...core.quadrant import Quadrant

BACKGROUND = "#ffffff"
PAGE = "#f6f8fb"
TEXT = "#1b2430"
MUTED = "#5a6778"
AXIS = "#8593a6"
GRID = "#dde3ea"
CARD_BORDER = "#d5dde8"
ACCENT = "#1f5aa6"  # focus rings and the keyboard's highlighted bar, as the stylesheet's focus colour
HOVER = "#123a6b"
NO_COLOUR = "#8a96a8"  # an opportunity without a workstream

# Partner organisations: calm, distinct hues that stay apart for the commonest colour blindness, deepened
# enough to carry white separators and to read on a projector. Assigned in name order, so an organisation
# keeps its colour whatever the filters.
PARTNER_PALETTE = (
    "#4e79a7",
    "#e08a2c",
    "#59a14f",
    "#b07aa1",
    "#5fa8a3",
    "#c9a227",
    "#9c755f",
    "#d1605e",
    "#7f8fa6",
    "#8cb369",
    "#6a5acd",
    "#c47ab8",
)

# The quadrants' lines: hues of their own (the sample's workstreams use blue, red, green and purple), each with
# its own marker so the lines part without colour.
QUADRANT_COLOURS = {
    Quadrant.QUICK_WIN: "#00897b",
    Quadrant.MAJOR_PROJECT: "#d17a00",
    Quadrant.BUSINESS_AS_USUAL: "#5c6bc0",
    Quadrant.PARK: "#8d6e63",
}
QUADRANT_SYMBOLS = {  # pyqtgraph's markers, and the same shapes in the legend
    Quadrant.QUICK_WIN: ("o", "●"),
    Quadrant.MAJOR_PROJECT: ("s", "■"),
    Quadrant.BUSINESS_AS_USUAL: ("t1", "▲"),
    Quadrant.PARK: ("d", "◆"),
}

_configured = False


def configure_pyqtgraph() -> None:
    """White background, dark text, smooth lines: set once, before any plot is made."""
    global _configured
    if _configured:
        return
    import pyqtgraph

    pyqtgraph.setConfigOptions(background=BACKGROUND, foreground=TEXT, antialias=True)
    _configured = True


def tint(colour: str, amount: float) -> str:
    """`colour` mixed with white: 0 leaves it, 1 is white (planned bars are a tint of their partner's colour)."""
    base = QColor(colour)
    mix = QColor(
        round(base.red() + (255 - base.red()) * amount),
        round(base.green() + (255 - base.green()) * amount),
        round(base.blue() + (255 - base.blue()) * amount),
    )
    return mix.name()


def partner_colours(organisations: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A colour per organisation id, given (id, name) pairs: in name order, round the palette."""
    ordered = sorted(organisations, key=lambda pair: (pair[1].casefold(), pair[0]))
    return {org_id: PARTNER_PALETTE[n % len(PARTNER_PALETTE)] for n, (org_id, _name) in enumerate(ordered)}
