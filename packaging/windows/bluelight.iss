; Inno Setup 6 script: a per-user installer for Bluelight Desktop on Windows 10 and 11, with no administrator rights.
;
; Build the app first on Windows (python packaging\build.py --self-test writes dist\bluelight\), then compile
; this script with Inno Setup 6.3 or later from the repository root:
;
;     iscc /DAppVersion=0.1.0 packaging\windows\bluelight.iss
;
; which writes dist\bluelight-desktop-0.1.0-windows-x64-setup.exe. IT departments can deploy it silently with
; /VERYSILENT /SUPPRESSMSGBOXES /NORESTART and check the installation with
;     "%LOCALAPPDATA%\Programs\Bluelight Desktop\bluelight-cli.exe" self-test
;
; Checked against the Inno Setup documentation (jrsoftware.org/ishelp):
; - PrivilegesRequired=lowest: Setup never asks for elevation and always runs in non administrative install mode.
; - In that mode the "auto" constants take their "user" form: {autopf} is {userpf} (%LOCALAPPDATA%\Programs),
;   {autoprograms} is {userprograms} (the user's Start menu) and {autodesktop} is {userdesktop}.
; - [Registry]: "Using HKCR is not recommended, use HKA with the Subkey parameter set to Software\Classes instead";
;   HKA is HKCU in non administrative install mode, so the file type goes to HKCU\Software\Classes.
;   Keys are kept at uninstall unless flagged: uninsdeletekey on the keys that are ours alone (the ProgID and
;   Applications\bluelight.exe), uninsdeletevalue on the values we add to .bluelight, which another program may
;   also have registered.
; - ChangesAssociations=yes makes Explorer refresh its associations (and the file icon) at the end of install and
;   uninstall, rather than at the next sign-in.
; - ArchitecturesAllowed and ArchitecturesInstallIn64BitMode=x64compatible: the build is x64; x64compatible also
;   lets it install on Arm64 Windows 11, which runs x64 programs.

#define AppName "Bluelight Desktop"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "bluelight.exe"
#define CliExe "bluelight-cli.exe"
#define ProgId "BluelightDesktop.Register"
#define FileExt ".bluelight"
#define RepoRoot SourcePath + "..\.."

[Setup]
; AppId identifies the app to the uninstaller and to later versions' installers: never change it.
AppId={{F3848EA3-2351-45AD-97A4-D089582BC1AA}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Bluelight Desktop developers
VersionInfoVersion={#AppVersion}
; Per user, no administrator rights: the app goes to %LOCALAPPDATA%\Programs\Bluelight Desktop.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
SetupIconFile={#RepoRoot}\packaging\icons\bluelight.ico
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir={#RepoRoot}\dist
OutputBaseFilename=bluelight-desktop-{#AppVersion}-windows-x64-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: bluelight.exe (the app), bluelight-cli.exe (the commands, self-test among them)
; and _internal\ (Python, Qt and the app's resources and migrations).
Source: "{#RepoRoot}\dist\bluelight\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#RepoRoot}\packaging\icons\bluelight-register.ico"; DestDir: "{app}"; Flags: ignoreversion

[InstallDelete]
; An update replaces the build whole: files a newer build no longer has must not linger beside it.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Run a blue light collaboration programme"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .bluelight file type, for this user: the extension points at our ProgID, which carries the file's own icon
; and the command that opens it in the app.
Root: HKA; Subkey: "Software\Classes\{#FileExt}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#FileExt}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-bluelight-register"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#FileExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Bluelight register"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\bluelight-register.ico,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#FileExt}"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the app's own folder. Registers, backups and preferences live in %LOCALAPPDATA%\BluelightDesktop and are
; left alone, as users expect of an uninstaller.
Type: dirifempty; Name: "{app}"
