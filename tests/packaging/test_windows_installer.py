"""The Inno Setup script (packaging/windows/bluelight.iss) cannot be compiled here; these tests hold it to what the
issue and the Inno Setup documentation ask: per user without administrator rights, the .bluelight type registered
under HKCU\\Software\\Classes (HKA in non administrative mode) with its icon and open command, a Start menu entry,
an uninstaller that removes what was added, and the build folder that packaging/build.py writes."""

from __future__ import annotations

import re

import pytest

from bluelight_desktop import __version__
from tests.packaging.files import INNO, MIME_TYPE


def sections() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = ""
    for raw in INNO.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            found.setdefault(current, [])
        elif current:
            found[current].append(line)
    return found


def entries(section: str) -> list[dict[str, str]]:
    """Each line of a section as its parameters (Name: value; ...)."""
    parsed = []
    for line in sections()[section]:
        parameters = {}
        for part in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]+)', line):
            parameters[part[0]] = part[1].strip()
        parsed.append(parameters)
    return parsed


def setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections()["Setup"])


def test_installs_per_user_without_administrator_rights() -> None:
    values = setup()
    assert values["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in values  # never an admin install by mistake
    assert values["DefaultDirName"].startswith("{autopf}\\")  # %LOCALAPPDATA%\Programs in non-admin mode
    assert values["ArchitecturesAllowed"] == values["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", values["AppId"])
    text = INNO.read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in text, "the script's default version is the app's"


def test_registers_the_file_type_for_this_user_only() -> None:
    registry = entries("Registry")
    assert registry
    for entry in registry:
        assert entry["Root"] == "HKA", entry  # HKCU in non administrative mode; never HKLM or HKCR
        assert entry["Subkey"].startswith('"Software\\Classes\\'), entry
    by_key = {(e["Subkey"], e.get("ValueName", "")): e for e in registry}
    extension = by_key[('"Software\\Classes\\{#FileExt}"', '""')]
    assert extension["ValueData"] == '"{#ProgId}"'
    content_type = by_key[('"Software\\Classes\\{#FileExt}"', '"Content Type"')]
    assert content_type["ValueData"] == f'"{MIME_TYPE}"'
    assert ('"Software\\Classes\\{#FileExt}\\OpenWithProgids"', '"{#ProgId}"') in by_key
    icon = by_key[('"Software\\Classes\\{#ProgId}\\DefaultIcon"', '""')]
    assert icon["ValueData"] == '"{app}\\bluelight-register.ico,0"'
    command = by_key[('"Software\\Classes\\{#ProgId}\\shell\\open\\command"', '""')]
    assert command["ValueData"] == '"""{app}\\{#AppExe}"" ""%1"""'  # quoted, so paths with spaces open
    text = INNO.read_text(encoding="utf-8")
    assert '#define FileExt ".bluelight"' in text and '#define AppExe "bluelight.exe"' in text
    assert setup()["ChangesAssociations"] == "yes"


def test_the_uninstaller_removes_what_the_installer_registered() -> None:
    registry = entries("Registry")
    owned = [e["Subkey"] for e in registry if "uninsdeletekey" in e.get("Flags", "")]
    for entry in registry:
        flags = entry.get("Flags", "")
        under_owned_key = any(entry["Subkey"].rstrip('"').startswith(key.rstrip('"')) for key in owned)
        assert "uninsdelete" in flags or under_owned_key, entry
    # The extension's key may be shared with another program: only our values go, never the whole key.
    for entry in registry:
        if entry["Subkey"] == '"Software\\Classes\\{#FileExt}"':
            assert "uninsdeletevalue" in entry["Flags"] and "uninsdeletekey" not in entry["Flags"]
    assert setup()["UninstallDisplayIcon"] == "{app}\\{#AppExe}"


def test_start_menu_entry_files_and_the_register_icon() -> None:
    icons = entries("Icons")
    start_menu = [e for e in icons if e["Name"].startswith('"{autoprograms}\\')]
    assert len(start_menu) == 1 and start_menu[0]["Filename"] == '"{app}\\{#AppExe}"'
    desktop = [e for e in icons if e["Name"].startswith('"{autodesktop}\\')]
    assert desktop and desktop[0]["Tasks"] == "desktopicon"  # only when asked for
    files = entries("Files")
    build = next(e for e in files if "dist\\bluelight\\*" in e["Source"])
    assert {"recursesubdirs", "createallsubdirs", "ignoreversion"} <= set(build["Flags"].split())
    assert any("bluelight-register.ico" in e["Source"] for e in files)
    assert any("_internal" in e["Name"] for e in entries("InstallDelete"))


@pytest.mark.parametrize("forbidden", ["HKLM", "HKCR", "{commonpf}", "{commonprograms}", "PrivilegesRequired=admin"])
def test_nothing_machine_wide(forbidden: str) -> None:
    code = "\n".join(line for lines in sections().values() for line in lines)
    assert forbidden not in code
