"""The user guide (docs/user-guide.md) stays true to the app: it lists every keyboard shortcut the app defines, its
pictures and links lead somewhere, and the folders it names are the ones paths.py uses on each system."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfWriter

from bluelight_desktop import paths
from tests.packaging.files import ROOT

GUIDE = ROOT / "docs" / "user-guide.md"
# Qt's portable names for keys, as the guide spells them for people.
SPOKEN = {"Ins": "Insert", "Del": "Delete", "Return": "Enter", "PgUp": "Page Up", "PgDown": "Page Down"}


def section(title: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def spoken(sequence: str) -> str:
    return "+".join(SPOKEN.get(part, part) for part in re.split(r"(?<=.)\+", sequence))


def listed(keys: str, text: str) -> bool:
    return re.search(rf"(?<![\w+]){re.escape(keys)}(?![\w+])", text) is not None


def shortcuts_of(widget) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction, QKeySequence

    found: dict[str, set[str]] = {}
    for action in widget.findChildren(QAction):
        for sequence in action.shortcuts():
            keys = spoken(sequence.toString(QKeySequence.SequenceFormat.PortableText))
            found.setdefault(keys, set()).add(action.text().replace("&", ""))
    return found


def test_the_guide_lists_every_shortcut_of_the_main_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from bluelight_desktop.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.today = lambda: date(2026, 11, 21)
    window.show()
    window.open_sample()
    for number in range(window.views.count()):  # every tab, so pages built on first use add their actions
        window.views.setCurrentIndex(number)
    shortcuts = shortcuts_of(window)
    assert {"Ctrl+N", "Ctrl+2", "Ctrl+P", "F1", "Insert", "Delete", "Enter"} <= set(shortcuts)
    table = section("Keyboard shortcuts")
    missing = {keys: actions for keys, actions in shortcuts.items() if not listed(keys, table)}
    assert not missing, (
        f"The app has shortcuts the user guide does not list: {missing}. Add a row for each to the table under "
        "'Keyboard shortcuts' in docs/user-guide.md (and say what the feature does where the guide describes it)."
    )


def test_the_guide_lists_the_pack_previews_shortcuts(qtbot, tmp_path: Path) -> None:
    from bluelight_desktop.gui.pack_preview import PackPreview

    pdf = tmp_path / "pack.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with pdf.open("wb") as handle:
        writer.write(handle)
    preview = PackPreview(pdf)
    qtbot.addWidget(preview)
    shortcuts = shortcuts_of(preview)
    assert {"Ctrl+P", "Ctrl+0", "Esc"} <= set(shortcuts)
    table = section("Keyboard shortcuts")
    missing = {keys: actions for keys, actions in shortcuts.items() if not listed(keys, table)}
    assert not missing, (
        f"The app has shortcuts the user guide does not list: {missing}. Add a row for each to the table under "
        "'Keyboard shortcuts' in docs/user-guide.md (and say what the feature does where the guide describes it)."
    )


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_pictures_and_links_lead_somewhere() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text)
    assert len(pictures) >= 6
    for picture in pictures:
        path = GUIDE.parent / picture
        assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
    for link in re.findall(r"\]\(#([^)]+)\)", text):
        assert link in anchors, link
    for relative in re.findall(r"`((?:packaging|docs)/[\w./-]+\.\w+)`", text):
        assert (ROOT / relative).is_file(), relative


def test_the_folders_it_names_are_the_apps(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix

    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    home = str(Path.home())
    table = section("Where files and backups live")
    name = paths.APP_DIR_NAME
    linux, mac = Unix(name, appauthor=False), MacOS(name, appauthor=False)
    for folder in (linux.user_data_dir, linux.user_config_dir, mac.user_data_dir, mac.user_config_dir):
        assert f"`{folder.replace(home, '~', 1)}`" in table, folder
    # platformdirs on Windows: the local (not roaming) AppData, no author folder, for data and config alike.
    assert f"`%LOCALAPPDATA%\\{name}`" in table
    assert "`backups` inside that folder" in table and paths.backup_dir().name == "backups"
    assert "BLUELIGHT_HOME" in table and "`data`" in table and "`config`" in table
