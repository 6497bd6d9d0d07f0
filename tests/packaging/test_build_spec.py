"""The PyInstaller spec's choices, checked without building: which Qt modules and files stay out, that what Alembic
loads from db/ at run time is named for the analysis, and that the macOS bundle and the Windows icons are ready.
(The build itself is made and self-tested by .ci/run after the test suite: `python packaging/build.py --self-test`.)
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

import pytest

from bluelight_desktop import __version__
from tests.packaging.files import APP_ID, ICONS, METAINFO, MIME_TYPE, PACKAGING, ROOT, SPEC, spec_namespace


@pytest.fixture(scope="module")
def spec() -> dict:
    return spec_namespace()


def test_qt_modules_the_app_does_not_use_are_excluded_and_those_it_uses_are_not(spec: dict) -> None:
    excluded = set(spec["QT_EXCLUDED"])
    for name in ("QtWebEngineCore", "QtWebEngineWidgets", "QtQml", "QtQuick", "QtMultimedia", "Qt3DCore", "QtCharts"):
        assert f"PySide6.{name}" in excluded
    # Used by the app (QtPdf for the pack preview, QtPrintSupport for printing) or by pyqtgraph's charts
    # (QtOpenGL, QtOpenGLWidgets, QtSvg), so never excluded.
    for name in ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport", "QtPdf", "QtPdfWidgets", "QtOpenGL"):
        assert f"PySide6.{name}" not in excluded
    used = set()
    for path in (ROOT / "bluelight_desktop").rglob("*.py"):
        if "forms" in path.parts and path.name == "build.py":
            continue  # the developers' form compiler, not part of the app
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
                used.add(node.module)
    assert used and not used & excluded, used & excluded


@pytest.mark.parametrize(
    ("dest", "left_out"),
    [
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("PySide6/Qt/lib/libQt6Qml.so.6", True),
        ("PySide6/Qt/lib/libQt6QmlModels.so.6", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", True),
        ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", True),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt6Quick.dll", True),  # Windows wheels keep the Qt DLLs beside the bindings
        ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", True),
        ("PySide6/Qt/translations/qtbase_en.qm", False),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", False),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/qwindows.dll", False),
        ("bluelight_desktop/resources/fonts/DejaVuSans.ttf", False),
        ("libQt6Quick_is_not_ours/x", False),
    ],
)
def test_which_qt_files_the_build_leaves_out(spec: dict, dest: str, left_out: bool) -> None:
    assert spec["unwanted"](dest) is left_out


def test_what_the_migrations_import_is_named_for_the_analysis(spec: dict) -> None:
    names = set(spec["migration_imports"]())
    # db/env.py imports the schema, which the app itself imports only when it creates or upgrades a register.
    assert {"alembic.op", "alembic.context", "bluelight_desktop.storage.schema", "sqlalchemy"} <= names
    for source in [ROOT / "db" / "env.py", *(ROOT / "db" / "versions").glob("*.py")]:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
                assert node.module in names, (source.name, node.module)


def test_resources_and_migrations_go_where_paths_finds_them(spec: dict) -> None:
    datas = spec["folder"]("resources") + spec["folder"]("db")
    targets = {Path(source).relative_to(ROOT).as_posix(): target for source, target in datas}
    assert targets["resources/sample/lancashire.json"] == "bluelight_desktop/resources/sample"
    assert targets["db/env.py"] == "bluelight_desktop/db"
    assert targets["db/versions/0001_initial_register_schema.py"] == "bluelight_desktop/db/versions"
    assert not [source for source in targets if "__pycache__" in source]
    # paths.py looks in sys._MEIPASS/bluelight_desktop/ first in a frozen build.
    paths_source = (ROOT / "bluelight_desktop" / "paths.py").read_text(encoding="utf-8")
    assert 'Path(frozen_root) / "bluelight_desktop" / name' in paths_source


def test_the_frozen_paths_are_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A frozen build's layout (sys._MEIPASS/bluelight_desktop/resources and db) wins over any other."""
    from bluelight_desktop import paths

    for name in ("resources", "db"):
        (tmp_path / "bluelight_desktop" / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "bluelight_desktop" / "resources"
    assert paths.migrations_dir() == tmp_path / "bluelight_desktop" / "db"


def test_the_macos_bundle_declares_the_file_type_and_the_same_id() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert f'bundle_identifier="{APP_ID}"' in text
    assert f"<id>{APP_ID}</id>" in METAINFO.read_text(encoding="utf-8")
    for needed in (
        '"CFBundleDocumentTypes"',
        '"UTExportedTypeDeclarations"',
        '"public.filename-extension": ["bluelight"]',
        f'"public.mime-type": ["{MIME_TYPE}"]',
        '"LSItemContentTypes": ["uk.bluelight.register"]',
        "argv_emulation=MACOS",
    ):
        assert needed in text, needed


def test_the_windows_and_macos_icons_hold_every_size() -> None:
    for name in ("bluelight.ico", "bluelight-register.ico"):
        data = (ICONS / name).read_bytes()
        reserved, kind, count = struct.unpack("<HHH", data[:6])
        assert (reserved, kind) == (0, 1)
        sizes = []
        for number in range(count):
            width, _height, _colours, _zero, _planes, _bits, length, offset = struct.unpack(
                "<BBBBHHII", data[6 + 16 * number : 22 + 16 * number]
            )
            assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
            assert offset + length <= len(data)
            sizes.append(width or 256)
        assert sorted(sizes) == [16, 24, 32, 48, 64, 128, 256], name
    icns = (ICONS / "bluelight.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, offset = [], 8
    while offset < len(icns):
        kind, length = struct.unpack(">4sI", icns[offset : offset + 8])
        assert icns[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        offset += length
    assert offset == len(icns)
    assert {b"icp4", b"icp5", b"ic07", b"ic08", b"ic09", b"ic10"} <= set(kinds)


def test_the_build_script_is_one_command_with_a_self_test() -> None:
    text = (PACKAGING / "build.py").read_text(encoding="utf-8")
    assert '"--self-test"' in text and str(SPEC.name) in text
    assert __version__  # build.py names archives after it
