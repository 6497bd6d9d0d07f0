"""The meeting page: a meeting's agenda and papers, and what the board did in the room."""

from .agenda import AGENDA_MIME, AgendaTable, agenda_mime, order_after_drop
from .dialogs import ActionDialog, AgendaItemDialog, DecisionDialog
from .page import MeetingPage

__all__ = [
    "AGENDA_MIME",
    "ActionDialog",
    "AgendaItemDialog",
    "AgendaTable",
    "DecisionDialog",
    "MeetingPage",
    "agenda_mime",
    "order_after_drop",
]
