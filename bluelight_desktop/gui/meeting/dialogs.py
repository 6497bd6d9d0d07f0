"""The meeting page's dialogs: an agenda item with its paper, a decision, an action.

Each dialog is a form that checks itself on OK and stays open, saying plainly what is missing, until it can be
saved; the page then turns what it returns into the domain's Edit. They are opened with `open()` (window-modal,
not blocking), so tests fill them in and press OK as a user would.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core import governance
from ...core.formatting import format_date
from ...core.model import (
    PAPER_HEADINGS,
    Action,
    AgendaItem,
    Decision,
    Meeting,
    Opportunity,
    Outcome,
    Purpose,
    RegisterData,
    Stage,
)
from ..checked_dialog import CheckedDialog

__all__ = ["ActionDialog", "AgendaItemDialog", "DecisionDialog", "UK_DATE_FORMAT", "opportunity_label"]

UK_DATE_FORMAT = "d MMM yyyy"  # 21 Nov 2026, as format_date writes it everywhere else in the app
NONE_CHOICE = "None"
LEAVE_STAGE = "Leave the stage as it is"
NO_DATE = "No date"

# Mnemonics for the paper's headings, none shared with the item's own fields (Title, Purpose, Presenter,
# Minutes, Opportunity).
_HEADING_LABELS = {
    "executive_summary": "Executive &summary",
    "decision_required": "&Decision required",
    "background": "&Background",
    "proposal": "Propos&al",
    "business_risk": "Business &risk",
    "environmental_impact": "Sustainabilit&y or environmental impact",
    "equality_diversity": "E&quality and diversity implications",
    "hr_implications": "&HR implications",
    "financial_implications": "&Financial implications",
    "background_papers": "Bac&kground papers",
}
_TALL_HEADINGS = {"executive_summary", "background", "proposal"}


def opportunity_label(opportunity: Opportunity) -> str:
    return f"{opportunity.reference} {opportunity.title}".strip()


def _date_to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _qdate_to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _text_edit(accessible_name: str, lines: int, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(accessible_name)
    edit.setTabChangesFocus(True)  # Tab moves on to the next field, as in every other form
    if placeholder:
        edit.setPlaceholderText(placeholder)
    metrics = edit.fontMetrics()
    edit.setFixedHeight(metrics.lineSpacing() * lines + 26)  # frame, padding and the document's margin
    return edit


def _combo(accessible_name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    return combo


def fill_opportunities(combo: QComboBox, data: RegisterData, selected: str | None) -> None:
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.addItem(NONE_CHOICE, None)
    for opportunity in sorted(data.opportunities.values(), key=lambda o: (o.reference, o.title)):
        combo.addItem(opportunity_label(opportunity), opportunity.id)
        combo.setItemData(combo.count() - 1, opportunity_label(opportunity), Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(0, combo.findData(selected)) if selected else 0)


def fill_agenda_items(combo: QComboBox, data: RegisterData, meeting_id: str, selected: str | None) -> None:
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.addItem(NONE_CHOICE, None)
    for item in governance.agenda_of(data, meeting_id):
        combo.addItem(f"{item.position}. {item.title}", item.id)
    combo.setCurrentIndex(max(0, combo.findData(selected)) if selected else 0)


class _FormDialog(CheckedDialog):
    """OK checks the form: it stays open listing the problems until there are none."""

    noun = "record"

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("problems")
        self.problems_label.setAccessibleName("Problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("OK")
        self.ok_button.setAccessibleName(f"Save the {self.noun}")
        self.ok_button.setDefault(True)
        self.cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)


# --------------------------------------------------------------------------------------------- agenda item


class AgendaItemDialog(_FormDialog):
    """An agenda item and its paper under the committee report headings. Choosing an opportunity fills the
    headings still blank (and the title and presenter, if blank) from what the register knows about it."""

    noun = "agenda item"

    def __init__(
        self, data: RegisterData, meeting: Meeting, item: AgendaItem | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Edit agenda item" if item is not None else "Add agenda item", parent)
        self.setObjectName("agendaItemDialog")
        self.data = data
        self.meeting = meeting
        self.original = copy.deepcopy(item) if item is not None else None
        self._prefilled: dict[str, str] = {}  # field name -> the text this dialog filled in
        start = item or AgendaItem(meeting_id=meeting.id, title="")

        self.title_edit = QLineEdit(start.title)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("What the board will see on the agenda")
        self.title_edit.textChanged.connect(self.recheck)
        self.purpose_combo = _combo("Purpose")
        self.purpose_combo.setMinimumContentsLength(12)
        for purpose in Purpose:
            self.purpose_combo.addItem(purpose.label, purpose)
        self.purpose_combo.setCurrentIndex(self.purpose_combo.findData(start.purpose))
        self.purpose_combo.setToolTip("Decision: the board is asked to decide. Discussion or information: it is not.")
        self.presenter_edit = QLineEdit(start.presenter)
        self.presenter_edit.setAccessibleName("Presenter")
        self.presenter_edit.setPlaceholderText("Who presents the item")
        names = sorted(
            {m.name for m in data.board_members.values()}
            | {o.lead_officer for o in data.opportunities.values() if o.lead_officer},
            key=str.casefold,
        )
        completer = QCompleter(names, self.presenter_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.presenter_edit.setCompleter(completer)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setAccessibleName("Minutes allowed")
        self.minutes_spin.setRange(1, 600)
        self.minutes_spin.setSuffix(" minutes")
        self.minutes_spin.setValue(start.minutes)
        self.opportunity_combo = _combo("Linked opportunity")
        fill_opportunities(self.opportunity_combo, data, start.opportunity_id)
        self.opportunity_combo.setToolTip("Optional. Choosing one fills the paper's blank headings from the register")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._row(form, "&Title:", self.title_edit)
        self._row(form, "&Purpose:", self.purpose_combo)
        self._row(form, "Pr&esenter:", self.presenter_edit)
        self._row(form, "&Minutes allowed:", self.minutes_spin)
        self._row(form, "Linked &opportunity:", self.opportunity_combo)

        paper_title = QLabel("Paper")
        paper_title.setObjectName("sectionTitle")
        paper_note = QLabel(
            "Under the committee report headings. Headings left blank print as they are; choose an opportunity "
            "above to start from what the register holds."
        )
        paper_note.setObjectName("sectionHint")
        paper_note.setWordWrap(True)

        self.paper_edits: dict[str, QPlainTextEdit] = {}
        paper = QWidget()
        paper.setObjectName("paperForm")
        paper_form = QVBoxLayout(paper)
        paper_form.setContentsMargins(4, 4, 12, 4)
        paper_form.setSpacing(2)
        for name, heading in PAPER_HEADINGS:
            edit = _text_edit(heading, 5 if name in _TALL_HEADINGS else 3, "Not written yet")
            edit.setObjectName(f"paper_{name}")
            edit.setPlainText(getattr(start, name))
            label = QLabel(_HEADING_LABELS[name])
            label.setBuddy(edit)
            label.setStyleSheet("font-weight: 600; padding-top: 6px;")
            paper_form.addWidget(label)
            paper_form.addWidget(edit)
            self.paper_edits[name] = edit
        paper_form.addStretch(1)
        self.paper_scroll = QScrollArea()
        self.paper_scroll.setObjectName("paperScroll")
        self.paper_scroll.setAccessibleName("Paper headings")
        self.paper_scroll.setWidgetResizable(True)
        self.paper_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.paper_scroll.setWidget(paper)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(paper_title)
        layout.addWidget(paper_note)
        layout.addWidget(self.paper_scroll, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.button_box)

        self.opportunity_combo.currentIndexChanged.connect(lambda _i: self.prefill())
        self.purpose_combo.currentIndexChanged.connect(lambda _i: self.prefill())
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 136)
        self.resize(self.minimumWidth(), 800)

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    def opportunity(self) -> Opportunity | None:
        return self.data.opportunities.get(self.opportunity_combo.currentData() or "")

    def prefill(self) -> None:
        """Fill the blank headings (and a blank title and presenter) from the chosen opportunity. Nothing the
        author wrote is replaced; text this dialog filled in from an earlier choice, untouched since, follows
        the new choice (so stepping through the list leaves no trace of the opportunities passed over)."""
        opportunity = self.opportunity()
        wanted: dict[str, str] = {}
        if opportunity is not None:
            purpose = Purpose(self.purpose_combo.currentData())
            wanted = dict(governance.paper_from_opportunity(self.data, opportunity, purpose))
            wanted["title"] = opportunity.title
            wanted["presenter"] = opportunity.lead_officer
        for name in ("title", "presenter", *self.paper_edits):
            current = self._field_text(name)
            if current.strip() and current != self._prefilled.get(name):
                continue  # the author's own words
            text = wanted.get(name, "")
            self._set_field_text(name, text)
            if text:
                self._prefilled[name] = text
            else:
                self._prefilled.pop(name, None)

    def _field_text(self, name: str) -> str:
        if name == "title":
            return self.title_edit.text()
        if name == "presenter":
            return self.presenter_edit.text()
        return self.paper_edits[name].toPlainText()

    def _set_field_text(self, name: str, text: str) -> None:
        if name == "title":
            self.title_edit.setText(text)
        elif name == "presenter":
            self.presenter_edit.setText(text)
        else:
            self.paper_edits[name].setPlainText(text)

    def item(self) -> AgendaItem:
        """The item as the form stands (same id as the one edited, or a new one)."""
        base = self.original or AgendaItem(meeting_id=self.meeting.id, title="")
        paper = {name: edit.toPlainText().strip() for name, edit in self.paper_edits.items()}
        return replace(
            base,
            title=self.title_edit.text().strip(),
            purpose=Purpose(self.purpose_combo.currentData()),
            presenter=self.presenter_edit.text().strip(),
            minutes=self.minutes_spin.value(),
            opportunity_id=self.opportunity_combo.currentData(),
            **paper,
        )

    def problems(self) -> list[str]:
        return [] if self.title_edit.text().strip() else ["Give the item a title."]


# ------------------------------------------------------------------------------------------------ decision


class DecisionDialog(_FormDialog):
    """A decision of the board: its outcome and words, and what it was about. A decision on an opportunity can
    move it to a stage: the usual one for the outcome is offered (approved moves an idea, scoping or business
    case to Approved; rejected parks it), never forced.

    Given a recorded `decision`, the dialog corrects it: every field starts as recorded, and changing the
    outcome leaves the stage as the user chose it (the offer is for new decisions; a stage already set is a
    fact the dialog must not quietly undo). Leaving the stage as it is never moves the opportunity back."""

    noun = "decision"

    def __init__(
        self,
        data: RegisterData,
        meeting: Meeting,
        agenda_item_id: str | None = None,
        parent: QWidget | None = None,
        decision: Decision | None = None,
    ) -> None:
        super().__init__("Edit decision" if decision is not None else "Record decision", parent)
        self.setObjectName("decisionDialog")
        self.data = data
        self.meeting = meeting
        self.original = copy.deepcopy(decision) if decision is not None else None

        self.outcome_combo = _combo("Outcome")
        self.outcome_combo.setMinimumContentsLength(22)
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.label, outcome)
        self.item_combo = _combo("Agenda item")
        fill_agenda_items(self.item_combo, data, meeting.id, decision.agenda_item_id if decision else None)
        self.opportunity_combo = _combo("Opportunity")
        fill_opportunities(self.opportunity_combo, data, decision.opportunity_id if decision else None)
        self.stage_combo = _combo("Move the opportunity to stage")
        self.stage_combo.setMinimumContentsLength(22)
        self.stage_combo.addItem(LEAVE_STAGE, None)
        for stage in Stage:
            self.stage_combo.addItem(stage.label, stage)
        self.stage_combo.setToolTip("The stage the decision moves the opportunity to; recorded in its history")
        self.stage_note = QLabel()
        self.stage_note.setObjectName("sectionHint")
        self.stage_note.setAccessibleName("Current stage")
        self.stage_note.setWordWrap(True)
        # As wide as the fields, and no narrower than two lines' worth: the form sizes its rows from the narrowest.
        self.stage_note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.stage_note.setMinimumWidth(self.stage_note.fontMetrics().averageCharWidth() * 68)
        self.stage_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text_edit = _text_edit("Decision", 5, "The decision as it will read in the minutes")
        if decision is not None:
            self.outcome_combo.setCurrentIndex(max(0, self.outcome_combo.findData(decision.outcome)))
            self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(decision.stage_set)))
            self.text_edit.setPlainText(decision.text)
        self.text_edit.textChanged.connect(self.recheck)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for text, field in (
            ("&Outcome:", self.outcome_combo),
            ("&Agenda item:", self.item_combo),
            ("O&pportunity:", self.opportunity_combo),
            ("&Move the opportunity to stage:", self.stage_combo),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.stage_note)
        text_label = QLabel("&Decision:")
        text_label.setBuddy(self.text_edit)
        form.addRow(text_label, self.text_edit)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems_label)
        layout.addStretch(1)
        layout.addWidget(self.button_box)

        self.item_combo.currentIndexChanged.connect(lambda _i: self._on_item_chosen())
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self._on_outcome_chosen())
        self.opportunity_combo.currentIndexChanged.connect(lambda _i: self.suggest_stage())
        self.stage_combo.currentIndexChanged.connect(lambda _i: self._show_stage_note())
        if decision is not None:
            self._show_stage_note()
        else:
            if agenda_item_id:
                self.item_combo.setCurrentIndex(max(0, self.item_combo.findData(agenda_item_id)))
            self.suggest_stage()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 112)

    @property
    def editing(self) -> bool:
        return self.original is not None

    def opportunity(self) -> Opportunity | None:
        return self.data.opportunities.get(self.opportunity_combo.currentData() or "")

    # Qt hands enum members back as plain strings: turn them back into members.
    def outcome(self) -> Outcome:
        return Outcome(self.outcome_combo.currentData())

    def stage(self) -> Stage | None:
        value = self.stage_combo.currentData()
        return Stage(value) if value else None

    def _on_item_chosen(self) -> None:
        item = self.data.agenda_items.get(self.item_combo.currentData() or "")
        if item is not None and item.opportunity_id:
            self.opportunity_combo.setCurrentIndex(max(0, self.opportunity_combo.findData(item.opportunity_id)))

    def _on_outcome_chosen(self) -> None:
        if self.editing:
            self._show_stage_note()
        else:
            self.suggest_stage()

    def suggest_stage(self) -> None:
        """Offer the stage the outcome usually leads to for the chosen opportunity (when correcting a decision,
        the stage it recorded, for the opportunity it was about)."""
        opportunity = self.opportunity()
        self.stage_combo.setEnabled(opportunity is not None)
        if opportunity is None:
            self.stage_combo.setCurrentIndex(0)
        elif self.original is not None and opportunity.id == self.original.opportunity_id:
            self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(self.original.stage_set)))
        else:
            stage = governance.stage_after_outcome(self.outcome().value, opportunity.stage)
            self.stage_combo.setCurrentIndex(self.stage_combo.findData(stage) if stage is not None else 0)
        self._show_stage_note()

    def _show_stage_note(self) -> None:
        opportunity = self.opportunity()
        self.stage_combo.setEnabled(opportunity is not None)
        if opportunity is None:
            self.stage_note.setText("Choose an opportunity to move it to a stage.")
            return
        text = f"{opportunity.reference} is now at the {opportunity.stage.label.lower()} stage."
        original = self.original
        if original is not None and original.stage_set is not None and original.opportunity_id == opportunity.id:
            text += (
                f" This decision moved it to {original.stage_set.label.lower()}: leaving the stage as it is "
                "does not move it back."
            )
        self.stage_note.setText(text)

    def decision(self) -> Decision:
        """The decision as the form stands (same id as the one corrected, or a new one)."""
        opportunity = self.opportunity()
        base = self.original or Decision(meeting_id=self.meeting.id, outcome=Outcome.NOTED, text="")
        return replace(
            base,
            outcome=self.outcome(),
            text=self.text_edit.toPlainText().strip(),
            agenda_item_id=self.item_combo.currentData(),
            opportunity_id=opportunity.id if opportunity else None,
            stage_set=self.stage() if opportunity else None,
        )

    def problems(self) -> list[str]:
        if not self.text_edit.toPlainText().strip():
            return ["Write the decision as it will read in the minutes."]
        return []


# -------------------------------------------------------------------------------------------------- action


class ActionDialog(_FormDialog):
    """An action from the meeting: what, who and by when (today or later). Given a recorded `action`, the dialog
    corrects it: its due date may stay in the past (an overdue action keeps its date), but a date changed to
    one in the past is refused; an action with no due date keeps none unless a date is chosen."""

    noun = "action"

    def __init__(
        self,
        data: RegisterData,
        meeting: Meeting,
        today: date,
        agenda_item_id: str | None = None,
        parent: QWidget | None = None,
        action: Action | None = None,
    ) -> None:
        super().__init__("Edit action" if action is not None else "Add action", parent)
        self.setObjectName("actionDialog")
        self.data = data
        self.meeting = meeting
        self.today = today
        self.original = copy.deepcopy(action) if action is not None else None

        self.description_edit = _text_edit("Action", 3, "What is to be done")
        if action is not None:
            self.description_edit.setPlainText(action.description)
        self.description_edit.textChanged.connect(self.recheck)
        self.owner_combo = QComboBox()
        self.owner_combo.setEditable(True)
        self.owner_combo.setAccessibleName("Owner")
        self.owner_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.owner_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        names = {a.name for a in governance.attendance_of(data, meeting.id)}
        names |= {m.name for m in governance.board_members_of(data, meeting.board_id)}
        names |= set(governance.action_owners(data))
        self.owner_combo.addItems(sorted(names, key=str.casefold))
        self.owner_combo.setCurrentIndex(-1)
        self.owner_combo.setEditText(action.owner if action is not None else "")
        line = self.owner_combo.lineEdit()
        line.setPlaceholderText("Who will do it")
        line.setAccessibleName("Owner")
        line.textChanged.connect(self.recheck)
        self.owner_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner_combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.due_edit = QDateEdit()
        self.due_edit.setAccessibleName("Due date")
        self.due_edit.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        self.due_edit.setDisplayFormat(UK_DATE_FORMAT)
        self.due_edit.setCalendarPopup(True)
        if action is not None and action.due is None:
            # No date yet: the day before today stands for "No date", so one step up is today.
            self.due_edit.setMinimumDate(_date_to_qdate(today - timedelta(days=1)))
            self.due_edit.setSpecialValueText(NO_DATE)
            self.due_edit.setDate(self.due_edit.minimumDate())
        elif action is not None and action.due is not None:
            self.due_edit.setDate(_date_to_qdate(action.due))
        else:
            self.due_edit.setDate(_date_to_qdate(max(today, meeting.date) + timedelta(days=28)))
        self.due_edit.dateChanged.connect(lambda _d: self.recheck())
        self.due_edit.setToolTip(
            "An overdue action keeps its date; a new date must be today or later"
            if action is not None
            else "Today or later; the actions log shows it as overdue once it has passed"
        )
        self.item_combo = _combo("Agenda item")
        fill_agenda_items(
            self.item_combo, data, meeting.id, action.agenda_item_id if action is not None else agenda_item_id
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for text, field in (
            ("&Action:", self.description_edit),
            ("O&wner:", self.owner_combo),
            ("D&ue date:", self.due_edit),
            ("Agenda &item:", self.item_combo),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems_label)
        layout.addStretch(1)
        layout.addWidget(self.button_box)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)

    def due(self) -> date | None:
        """The due date shown, or None for an action that had none and still has none."""
        if self.due_edit.specialValueText() and self.due_edit.date() == self.due_edit.minimumDate():
            return None
        return _qdate_to_date(self.due_edit.date())

    def set_due(self, day: date) -> None:
        self.due_edit.setDate(_date_to_qdate(day))

    def action(self) -> Action:
        """The action as the form stands (same id, status and meeting as the one corrected, or a new one)."""
        item = self.data.agenda_items.get(self.item_combo.currentData() or "")
        base = self.original or Action(meeting_id=self.meeting.id, description="")
        if self.original is not None and (item.id if item else None) == self.original.agenda_item_id:
            opportunity_id = self.original.opportunity_id  # the same item: what the action is about stays
        else:
            opportunity_id = item.opportunity_id if item else None
        return replace(
            base,
            description=self.description_edit.toPlainText().strip(),
            owner=self.owner_combo.currentText().strip(),
            due=self.due(),
            agenda_item_id=item.id if item else None,
            opportunity_id=opportunity_id,
        )

    def problems(self) -> list[str]:
        return governance.action_problems(self.action(), self.today, self.original)


def describe_due(day: date | None) -> str:
    return format_date(day) if day else NO_DATE
