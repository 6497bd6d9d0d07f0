"""The calendar page: the boards' meetings and paper deadlines by month, as an agenda and as a forward plan."""

from .page import VIEWS, CalendarPage

__all__ = ["VIEWS", "CalendarPage"]
