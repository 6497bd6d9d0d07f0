"""Render the icons the installers need from the SVGs: `python packaging/icons/make_icons.py`.

Sources: the app icon resources/icons/bluelight.svg (the one the running app shows) and the register file's icon
packaging/icons/application-x-bluelight-register.svg. Written beside this script, and committed:

  hicolor/SIZExSIZE/apps/bluelight-desktop.png                  16, 24, 32, 48, 64, 128, 256, 512
  hicolor/SIZExSIZE/mimetypes/application-x-bluelight-register.png
  hicolor/scalable/apps/bluelight-desktop.svg                   (a copy of the app icon)
  hicolor/scalable/mimetypes/application-x-bluelight-register.svg
  bluelight.ico           Windows: the app (16 to 256, PNG entries)
  bluelight-register.ico  Windows: .bluelight files
  bluelight.icns          macOS: the .app and its .bluelight files (16 to 1024, PNG entries)

Rendered with Qt's SVG renderer offscreen, so no other tool is needed. Run it again after changing an SVG
(tests/packaging checks that the copies match their sources and that every size is there).
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
APP_SVG = ROOT / "resources" / "icons" / "bluelight.svg"
MIME_SVG = HERE / "application-x-bluelight-register.svg"
APP_NAME = "bluelight-desktop"
MIME_NAME = "application-x-bluelight-register"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, by pixel size (Apple's "icp4"... and "ic07"...; @2x types share sizes).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def render(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent square of `size` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG that Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (read by Windows Vista and later)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        png = images[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns of PNG elements."""
    body = b"".join(struct.pack(">4sI", kind, 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES)
    return struct.pack(">4sI", b"icns", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    hicolor = HERE / "hicolor"
    for kind, svg, name in (("apps", APP_SVG, APP_NAME), ("mimetypes", MIME_SVG, MIME_NAME)):
        scalable = hicolor / "scalable" / kind
        scalable.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg, scalable / f"{name}.svg")
        for size in SIZES:
            folder = hicolor / f"{size}x{size}" / kind
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.png").write_bytes(render(svg, size))
    app_images = {size: render(APP_SVG, size) for size in {*ICO_SIZES, *(s for _k, s in ICNS_TYPES)}}
    (HERE / "bluelight.ico").write_bytes(ico({size: app_images[size] for size in ICO_SIZES}))
    (HERE / "bluelight-register.ico").write_bytes(ico({size: render(MIME_SVG, size) for size in ICO_SIZES}))
    (HERE / "bluelight.icns").write_bytes(icns(app_images))
    print(f"Wrote the icons under {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
