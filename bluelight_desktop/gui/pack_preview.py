"""The meeting pack in the app: the PDF shown with Qt's own PDF view (QtPdf), its bookmarks beside it, with Print
(the system print dialog) and Save as.

The preview reads the very file that was built, so what is printed or saved is what was checked; Save as copies
it atomically (files.write_atomically). A pack built into a temporary folder is removed with the window.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter
from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QTreeView,
    QWidget,
)

from ..files import write_atomically

PRINT_DPI = 300  # pages are rendered for the printer at this resolution at most
ZOOM_STEP = 1.25


class PackPreview(QMainWindow):
    """A window showing the pack at `pdf_path` (opened with `password` when it is encrypted). Owns and removes
    `temporary` (the folder the pack was built in), if given, when it closes."""

    def __init__(
        self,
        pdf_path: Path,
        parent: QWidget | None = None,
        password: str | None = None,
        temporary: tempfile.TemporaryDirectory[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.pdf_path = Path(pdf_path)
        self.password = password
        self._temporary = temporary
        self.setWindowTitle(f"{self.pdf_path.name}: pack preview")
        self.resize(1100, 820)

        self.document = QPdfDocument(self)
        if password:
            self.document.setPassword(password)
        self.load_error = self.document.load(str(self.pdf_path))

        self.view = QPdfView(self)
        self.view.setAccessibleName("Pack pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.bookmark_model = QPdfBookmarkModel(self)
        self.bookmark_model.setDocument(self.document)
        self.bookmarks = QTreeView(self)
        self.bookmarks.setModel(self.bookmark_model)
        self.bookmarks.setHeaderHidden(True)
        self.bookmarks.setAccessibleName("Contents of the pack")
        self.bookmarks.setUniformRowHeights(True)
        self.bookmarks.expandAll()
        self.bookmarks.activated.connect(self.jump_to_bookmark)
        self.bookmarks.clicked.connect(self.jump_to_bookmark)

        splitter = QSplitter(self)
        splitter.addWidget(self.bookmarks)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])
        self.setCentralWidget(splitter)

        self.print_action = self._action("&Print…", QKeySequence.StandardKey.Print, self.print_pack)
        self.save_action = self._action("&Save as…", QKeySequence("Ctrl+Shift+S"), self.save_as)
        self.zoom_in_action = self._action("Zoom &in", QKeySequence.StandardKey.ZoomIn, self.zoom_in)
        self.zoom_out_action = self._action("Zoom &out", QKeySequence.StandardKey.ZoomOut, self.zoom_out)
        self.fit_action = self._action("&Fit width", QKeySequence("Ctrl+0"), self.fit_width)
        self.close_action = self._action("&Close", QKeySequence.StandardKey.Close, self.close)
        self.close_action.setShortcuts([QKeySequence.StandardKey.Close, QKeySequence("Esc")])
        toolbar = QToolBar("Pack", self)
        toolbar.setObjectName("pack-toolbar")
        toolbar.setMovable(False)
        toolbar.setAccessibleName("Pack actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.print_action, self.save_action, None, self.zoom_out_action, self.zoom_in_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        toolbar.addAction(self.fit_action)
        toolbar.addSeparator()
        toolbar.addAction(self.close_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

        self.page_label = QLabel(self)
        self.page_label.setAccessibleName("Page shown")
        self.statusBar().addPermanentWidget(self.page_label)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self._show_page(0)
        if self.load_error != QPdfDocument.Error.None_:
            self.print_action.setEnabled(False)
            self.statusBar().showMessage(f"The pack could not be shown: {self._error_text()}")
        elif password:
            self.statusBar().showMessage("This pack is encrypted (AES-256): it opens only with its password.")

    def _action(self, text: str, keys: QKeySequence | QKeySequence.StandardKey, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _error_text(self) -> str:
        if self.load_error == QPdfDocument.Error.IncorrectPassword:
            return "the password is not the one it was encrypted with."
        return f"{self.pdf_path.name} is not a PDF the app can read ({self.load_error.name})."

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _show_page(self, page: int) -> None:
        total = self.page_count
        self.page_label.setText(f"Page {page + 1} of {total}" if total else "No pages")

    # ---- moving about

    def jump_to_bookmark(self, index: QModelIndex) -> None:
        page = index.data(int(QPdfBookmarkModel.Role.Page))
        if page is None:
            return
        location = index.data(int(QPdfBookmarkModel.Role.Location)) or QPointF()
        self.view.pageNavigator().jump(int(page), location, 0)

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            factor = self._fitted_factor() * (factor / max(self.view.zoomFactor(), 0.01))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(6.0, factor)))

    def _fitted_factor(self) -> float:
        """The zoom that fit-to-width shows now, so zooming starts from what is on screen."""
        size = self.document.pagePointSize(max(0, self.current_page()))
        dpi = self.view.logicalDpiX() or 96
        width = size.width() * dpi / 72 if size.width() else 1.0
        return max(0.25, (self.view.viewport().width() - 2 * self.view.documentMargins().left()) / width)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # ---- printing

    def print_pack(self) -> None:
        printer = self.ask_printer()
        if printer is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            printed = self.print_to(printer)
        finally:
            QApplication.restoreOverrideCursor()
        if printed:
            self.statusBar().showMessage(f"Sent {printed} {'page' if printed == 1 else 'pages'} to the printer.", 8000)
        else:
            self.show_error("The pack was not printed", "The printer could not be started. Check it and try again.")

    def ask_printer(self) -> QPrinter | None:
        """The system print dialog. Tests replace this to print without a dialog."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the pack")
        dialog.setMinMax(1, max(1, self.page_count))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        dialog.deleteLater()
        return printer if accepted else None

    def print_to(self, printer: QPrinter) -> int:
        """Print the pages (the range chosen in the print dialog, else all) on `printer`, each fitted to the
        paper and turned when its orientation differs from the paper's. Returns the pages printed (0 when the
        printer could not start)."""
        total = self.page_count
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, min(last, total)) if first > 0 and last > 0 else range(total)
        painter = QPainter()
        if not pages or not painter.begin(printer):
            return 0
        printed = 0
        try:
            for number, page in enumerate(pages):
                if number:
                    printer.newPage()
                self._paint_page(painter, printer, page)
                printed += 1
        finally:
            painter.end()
        return printed

    def _paint_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        area = painter.viewport()
        points = self.document.pagePointSize(page)
        turn = (points.width() > points.height()) != (area.width() > area.height())
        room_w, room_h = (area.height(), area.width()) if turn else (area.width(), area.height())
        scale = min(room_w / points.width(), room_h / points.height())
        target_w, target_h = points.width() * scale, points.height() * scale
        dpi = min(printer.resolution(), PRINT_DPI)
        image = self.document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if turn:
            painter.translate(area.width(), 0)
            painter.rotate(90)
        x, y = (room_w - target_w) / 2, (room_h - target_h) / 2
        painter.drawImage(QRectF(x, y, target_w, target_h), image)  # scaled while drawn, never in memory
        painter.restore()

    # ---- saving

    def save_as(self) -> Path | None:
        suggestion = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        path = self.ask_save_path(suggestion / self.pdf_path.name)
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            self.save_to(path)
        except OSError as exc:
            self.show_error("The pack was not saved", f"{path.name} could not be written: {exc.strerror or exc}.")
            return None
        self.statusBar().showMessage(f"Saved the pack as {path}.", 8000)
        return path

    def save_to(self, path: Path) -> None:
        """Copy the pack to `path` atomically: a temporary file beside it, flushed, then renamed into place."""
        if Path(path).resolve() == self.pdf_path.resolve():
            return
        write_atomically(Path(path), lambda temp: shutil.copyfile(self.pdf_path, temp))

    def ask_save_path(self, suggestion: Path) -> Path | None:
        """The save dialog. Tests replace this."""
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the pack as", str(suggestion), "PDF documents (*.pdf)")
        return Path(chosen) if chosen else None

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # ---- closing

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.document.close()  # lets go of the file, so its folder can be removed (Windows keeps open files)
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None
        super().closeEvent(event)
