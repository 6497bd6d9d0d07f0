"""Regenerate the Python of every Designer form: `python -m bluelight_desktop.gui.forms.build`.

Each `ui/<name>.ui` becomes `bluelight_desktop/gui/forms/ui_<name>.py`, written by pyside6-uic from the
PySide6 that is installed (the pinned one), so the committed modules match what a fresh checkout would
generate. `generate()` returns the text without writing it; tests/gui/test_forms_fresh.py compares it with
the committed module.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

FORMS_DIR = Path(__file__).resolve().parent
UI_DIR = FORMS_DIR.parents[2] / "ui"

# pyside6-uic is a console script around PySide6.scripts.pyside_tool.uic; calling it through this interpreter
# uses the PySide6 installed beside it, whatever pyside6-uic happens to be first on PATH.
_UIC = "import sys; from PySide6.scripts.pyside_tool import uic; sys.argv[0] = 'pyside6-uic'; uic()"


def ui_files() -> list[Path]:
    return sorted(UI_DIR.glob("*.ui"))


def module_path(ui_path: Path) -> Path:
    """Where a form's module lives: ui/opportunity_form.ui -> gui/forms/ui_opportunity_form.py."""
    return FORMS_DIR / f"ui_{Path(ui_path).stem}.py"


def generate(ui_path: Path | str) -> str:
    """The Python that pyside6-uic generates from a .ui file, exactly as it would write it."""
    ui_path = Path(ui_path)
    with tempfile.TemporaryDirectory(prefix="bluelight-uic-") as temp:
        out = Path(temp) / f"ui_{ui_path.stem}.py"
        result = subprocess.run(
            [sys.executable, "-c", _UIC, str(ui_path), "-o", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"pyside6-uic failed on {ui_path.name}: {result.stderr.strip() or result.stdout}"
            )
        return out.read_text(encoding="utf-8")


def build(ui_paths: list[Path] | None = None) -> list[Path]:
    """Regenerate the modules of the given forms (all of ui/*.ui by default); returns the modules written."""
    written: list[Path] = []
    for ui_path in ui_paths if ui_paths is not None else ui_files():
        target = module_path(ui_path)
        text = generate(ui_path)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] if args else ui_files()
    if not paths:
        print(f"No .ui files in {UI_DIR}")
        return 0
    written = build(paths)
    for path in paths:
        state = "written" if module_path(path) in written else "up to date"
        print(f"{path.name} -> {module_path(path).name}: {state}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
