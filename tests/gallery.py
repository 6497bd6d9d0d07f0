"""Render every main screen of the sample register to PNG, offscreen: `python tests/gallery.py OUTDIR`.

Look at the pictures after any change to a screen. The README's screenshot comes from here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def render(outdir: Path) -> list[Path]:
    os.environ["BLUELIGHT_HOME"] = tempfile.mkdtemp(prefix="bluelight-gallery-")
    from PySide6.QtWidgets import QApplication, QWidget

    from bluelight_desktop.gui.app import make_application
    from bluelight_desktop.gui.main_window import MainWindow
    from bluelight_desktop.gui.new_register_dialog import NewRegisterDialog
    from bluelight_desktop.gui.opportunity_dialog import OpportunityDialog
    from bluelight_desktop.gui.reference_dialogs import OrganisationsDialog, WorkstreamsDialog

    app = make_application()
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(3):
            app.processEvents()
        path = outdir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    window = MainWindow()
    window.resize(1440, 860)
    shot(window, "01-welcome")
    window.open_sample()
    shot(window, "02-register")
    window.filters.workstream.setCurrentIndex(window.filters.workstream.findText("Response"))
    window.filters.search.setText("control")
    shot(window, "03-register-filtered")
    window.filters.reset()
    assert window.session is not None
    data = window.session.data
    example = next(o for o in data.opportunities.values() if o.title == "Real Time Demand Management")
    dialog = OpportunityDialog(data, example, example.reference, window)
    for number in range(dialog.ui.tabs.count()):
        dialog.ui.tabs.setCurrentIndex(number)
        shot(dialog, f"04-opportunity-tab{number + 1}")
    dialog.close()
    new = OpportunityDialog(data, None, window.session.register.next_reference(), window)
    new.ui.startDateCheck.setChecked(True)
    new.ui.endDateCheck.setChecked(True)
    new.ui.endDateEdit.setDate(new.ui.startDateEdit.date().addDays(-30))
    new.accept()  # refused: no title, end before start; the problems show
    shot(new, "05-opportunity-problems")
    new.close()
    organisations = OrganisationsDialog(window.session, window)
    shot(organisations, "06-organisations")
    organisations.close()
    workstreams = WorkstreamsDialog(window.session, window)
    shot(workstreams, "07-workstreams")
    workstreams.close()
    shot(NewRegisterDialog(window), "08-new-register")
    QApplication.closeAllWindows()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/gallery.py OUTDIR")
    for path in render(Path(sys.argv[1])):
        print(path)
