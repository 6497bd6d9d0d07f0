"""The TrueType fonts every PDF the app writes uses, registered with ReportLab once.

ReportLab's standard fonts (Helvetica and friends) are never embedded in the PDF (DESIGN.md, traps), so a
reader without them substitutes its own and text can overflow. Every piece of text is set in DejaVu Sans from
`resources/fonts/` instead, which ReportLab subsets and embeds; a canvas must start in it too
(`Canvas(..., initialFontName=FONT_REGULAR)`), or its first `Tf` names Helvetica.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import resources_dir

FONT_REGULAR = "BluelightSans"
FONT_BOLD = "BluelightSans-Bold"
FONT_FAMILY = FONT_REGULAR

_FILES = {FONT_REGULAR: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}


def font_path(name: str) -> Path:
    """The TrueType file of a registered font name (FONT_REGULAR or FONT_BOLD)."""
    return resources_dir() / "fonts" / _FILES[name]


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold fonts (and their family, so <b> in a Paragraph works); safe to call
    again. Returns (regular, bold) names."""
    for name in _FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    # Italic styles fall back to upright: the app ships no italic face, and a missing one must not pull in
    # a standard (unembedded) font.
    addMapping(FONT_FAMILY, 0, 0, FONT_REGULAR)
    addMapping(FONT_FAMILY, 1, 0, FONT_BOLD)
    addMapping(FONT_FAMILY, 0, 1, FONT_REGULAR)
    addMapping(FONT_FAMILY, 1, 1, FONT_BOLD)
    return FONT_REGULAR, FONT_BOLD


def text_width(text: str, font: str, size: float) -> float:
    """Width of `text` in points, set in a registered font."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))
