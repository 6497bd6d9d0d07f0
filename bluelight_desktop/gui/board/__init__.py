"""The effort/benefit board: a QGraphicsView renderer of core.board's layout, beside the register table."""

from .page import BoardPage
from .tray import OPPORTUNITY_MIME, mime_for

__all__ = ["BoardPage", "OPPORTUNITY_MIME", "mime_for"]
