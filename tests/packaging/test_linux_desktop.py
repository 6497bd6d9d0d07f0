"""Linux desktop integration: the .desktop file, the AppStream metadata and the .bluelight MIME type are valid
(checked with desktop-file-validate and appstreamcli when they are installed, as .ci/run installs them), agree with
each other and with the app, and install.sh puts them in place for one user and takes them away again."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bluelight_desktop import APP_NAME, __version__
from bluelight_desktop.storage.export import export_register
from bluelight_desktop.storage.register import APPLICATION_ID, Register
from bluelight_desktop.storage.sealed import MAGIC as SEALED_MAGIC
from tests.packaging.files import (
    APP_ID,
    DESKTOP_FILE,
    ICON_SIZES,
    ICONS,
    INSTALL_SH,
    METAINFO,
    MIME_TYPE,
    MIME_XML,
    ROOT,
    desktop_entry,
)

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install {TOOL_PACKAGES[name]})")
    return path


TOOL_PACKAGES = {
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "update-mime-database": "shared-mime-info",
    "sh": "dash",
}


def test_the_desktop_file_is_valid() -> None:
    result = subprocess.run([tool("desktop-file-validate"), str(DESKTOP_FILE)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_the_appstream_metadata_is_valid() -> None:
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation was successful" in result.stdout


def test_the_desktop_file_opens_registers_in_the_app() -> None:
    entry = desktop_entry()
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "bluelight %f"  # the gui-script the wheel installs, and the frozen executable's name
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert entry["Categories"] == "Office;ProjectManagement;"
    assert entry["Icon"] == "bluelight-desktop"
    assert entry["Terminal"] == "false"


def test_the_metainfo_agrees_with_the_desktop_file_the_mime_type_and_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.find("launchable[@type='desktop-id']").text == DESKTOP_FILE.name
    assert root.findtext("provides/mediatype") == MIME_TYPE
    assert root.findtext("provides/binary") == "bluelight"
    assert root.find("content_rating").get("type").startswith("oars-")
    releases = [release.get("version") for release in root.iter("release")]
    assert releases[0] == __version__, "the newest release in the metainfo is the app's version"
    screenshots = [image.text for image in root.iter("image")]
    assert screenshots
    for url in screenshots:  # each one is in the repository, at the size the metadata says
        local = ROOT / "docs" / "screenshots" / url.rsplit("/", 1)[1]
        assert local.is_file(), url
        image = next(i for i in root.iter("image") if i.text == url)
        assert png_size(local) == (int(image.get("width")), int(image.get("height"))), local.name
    assert root.find("screenshots/screenshot[@type='default']") is not None


def test_the_mime_type_is_found_by_extension_and_by_content() -> None:
    root = ET.parse(MIME_XML).getroot()
    [mime] = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.bluelight"]
    assert mime.find(f"{MIME_NS}icon").get("name") == MIME_TYPE.replace("/", "-")
    assert mime.findtext(f"{MIME_NS}comment") == "Bluelight register"


def magic_matches(data: bytes) -> bool:
    """Our MIME type's <magic> rules applied to `data`, as shared-mime-info applies them: any top-level match,
    each needing one of its nested matches when it has any. Only the match types the file uses."""

    def value_of(match: ET.Element) -> bytes:
        kind, value = match.get("type"), match.get("value")
        if kind == "string":
            return value.encode("latin-1").decode("unicode_escape").encode("latin-1")
        if kind == "big32":
            return struct.pack(">I", int(value, 0))
        raise AssertionError(f"unexpected match type {kind}")

    def holds(match: ET.Element) -> bool:
        offset, expected = int(match.get("offset")), value_of(match)
        if data[offset : offset + len(expected)] != expected:
            return False
        nested = match.findall(f"{MIME_NS}match")
        return not nested or any(holds(child) for child in nested)

    magic = ET.parse(MIME_XML).getroot().find(f"{MIME_NS}mime-type/{MIME_NS}magic")
    return any(holds(match) for match in magic.findall(f"{MIME_NS}match"))


def test_the_magic_knows_a_register_and_a_sealed_copy_but_not_other_sqlite(sample_path: Path, tmp_path: Path) -> None:
    assert magic_matches(sample_path.read_bytes()[:100])
    with sqlite3.connect(sample_path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    sealed = tmp_path / "for partner.bluelight"
    with Register(sample_path, read_only=True) as register:
        export_register(register, sealed, passphrase="a long enough passphrase")
    assert sealed.read_bytes().startswith(SEALED_MAGIC)
    assert magic_matches(sealed.read_bytes()[:100])
    plain = tmp_path / "other.sqlite"
    with sqlite3.connect(plain) as db:
        db.execute("CREATE TABLE t (x)")
    assert not magic_matches(plain.read_bytes()[:100])


def test_update_mime_database_accepts_the_type(tmp_path: Path) -> None:
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages)
    result = subprocess.run(
        [tool("update-mime-database"), "-V", str(tmp_path / "mime")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr and "Warning" not in result.stderr, result.stderr
    assert f"{MIME_TYPE}:*.bluelight" in (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    assert MIME_TYPE.encode() in (tmp_path / "mime" / "magic").read_bytes()
    icons = (tmp_path / "mime" / "icons").read_text(encoding="utf-8").splitlines()
    assert f"{MIME_TYPE}:application-x-bluelight-register" in icons


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_icon_size_is_there_square_and_of_its_size() -> None:
    for kind, name in (("apps", "bluelight-desktop"), ("mimetypes", MIME_TYPE.replace("/", "-"))):
        for size in ICON_SIZES:
            assert png_size(ICONS / "hicolor" / f"{size}x{size}" / kind / f"{name}.png") == (size, size)
        assert (ICONS / "hicolor" / "scalable" / kind / f"{name}.svg").is_file()
    # The scalable app icon is the one the running app shows.
    assert (ICONS / "hicolor" / "scalable" / "apps" / "bluelight-desktop.svg").read_bytes() == (
        ROOT / "resources" / "icons" / "bluelight.svg"
    ).read_bytes()
    assert (ICONS / "hicolor" / "scalable" / "mimetypes" / f"{MIME_TYPE.replace('/', '-')}.svg").read_bytes() == (
        ICONS / f"{MIME_TYPE.replace('/', '-')}.svg"
    ).read_bytes()


def test_install_sh_installs_for_one_user_and_uninstalls(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    executable = build / "bluelight"
    executable.write_text('#!/bin/sh\necho frozen bluelight "$@"\n', encoding="utf-8")
    executable.chmod(0o755)
    (build / "_internal").mkdir()
    prefix = tmp_path / "prefix with space"
    env = dict(os.environ, PREFIX=str(prefix), BLUELIGHT_BUILD=str(build), HOME=str(tmp_path / "home"))
    result = subprocess.run([tool("sh"), str(INSTALL_SH)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "bluelight self-test" in result.stdout

    target = prefix / "lib" / "bluelight-desktop"
    assert (target / "_internal").is_dir()
    link = prefix / "bin" / "bluelight"
    assert link.is_symlink() and link.resolve() == (target / "bluelight").resolve()
    assert subprocess.run([str(link), "self-test"], capture_output=True, text=True).stdout == (
        "frozen bluelight self-test\n"
    )
    installed = prefix / "share" / "applications" / DESKTOP_FILE.name
    entry = desktop_entry(installed)
    assert entry["Exec"] == f'"{target / "bluelight"}" %f'
    assert entry["MimeType"] == f"{MIME_TYPE};"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    assert (prefix / "share" / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    assert (prefix / "share" / "mime" / "packages" / MIME_XML.name).read_bytes() == MIME_XML.read_bytes()
    for size in ICON_SIZES:
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "bluelight-desktop.png").is_file()
        mime_icon = prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes"
        assert (mime_icon / "application-x-bluelight-register.png").is_file()
    if shutil.which("update-mime-database"):  # the user's MIME database now knows .bluelight
        assert f"{MIME_TYPE}:*.bluelight" in (prefix / "share" / "mime" / "globs2").read_text(encoding="utf-8")

    # Installing again (an update) replaces the app whole.
    (target / "left over from an old version").write_text("x", encoding="utf-8")
    assert subprocess.run([tool("sh"), str(INSTALL_SH)], capture_output=True, env=env).returncode == 0
    assert not (target / "left over from an old version").exists()

    result = subprocess.run([tool("sh"), str(INSTALL_SH), "--uninstall"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    left = [p for p in prefix.rglob("*") if "bluelight" in p.name.casefold()]
    assert left == [], left
    if (prefix / "share" / "mime" / "globs2").exists():
        assert MIME_TYPE not in (prefix / "share" / "mime" / "globs2").read_text(encoding="utf-8")
    assert not (tmp_path / "home").exists()  # nothing written outside PREFIX


def test_install_sh_without_a_build_says_how_to_make_one(tmp_path: Path) -> None:
    env = dict(os.environ, PREFIX=str(tmp_path / "prefix"), BLUELIGHT_BUILD=str(tmp_path / "nothing here"))
    result = subprocess.run([tool("sh"), str(INSTALL_SH)], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "python packaging/build.py" in result.stderr
    assert not (tmp_path / "prefix").exists()
