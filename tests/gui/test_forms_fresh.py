"""Every Designer form in ui/ has its generated module committed, and the module is what pyside6-uic makes of
the form now. When this fails, run `python -m bluelight_desktop.gui.forms.build` and commit the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QFile, QIODevice

from bluelight_desktop.gui.forms import build

FORMS = build.ui_files()


def test_there_are_forms() -> None:
    assert FORMS, f"no .ui files found in {build.UI_DIR}"


@pytest.mark.parametrize("ui_path", FORMS, ids=[p.name for p in FORMS])
def test_generated_module_is_fresh(ui_path: Path) -> None:
    module = build.module_path(ui_path)
    assert module.exists(), f"{module.name} is missing: run python -m bluelight_desktop.gui.forms.build"
    assert module.read_text(encoding="utf-8") == build.generate(ui_path), (
        f"{module.name} is stale against {ui_path.name}: run python -m bluelight_desktop.gui.forms.build"
    )


@pytest.mark.parametrize("ui_path", FORMS, ids=[p.name for p in FORMS])
def test_form_loads_as_designer_would(qtbot, ui_path: Path) -> None:  # type: ignore[no-untyped-def]
    """QUiLoader reads .ui files with the parser Qt Designer uses: a form it refuses would not open there."""
    from PySide6.QtUiTools import QUiLoader

    file = QFile(str(ui_path))
    assert file.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        loader = QUiLoader()
        widget = loader.load(file)
    finally:
        file.close()
    assert widget is not None, loader.errorString()
    qtbot.addWidget(widget)
    assert loader.errorString() == ""


def test_stale_module_is_detected(tmp_path: Path) -> None:
    """generate() follows the .ui: change the form and the text changes."""
    source = FORMS[0]
    changed = tmp_path / source.name
    changed.write_text(source.read_text(encoding="utf-8").replace("<class>", "<class>Stale", 1), encoding="utf-8")
    assert build.generate(changed) != build.generate(source)
