#!/bin/sh
# Install the frozen Bluelight Desktop for one user, with no administrator rights:
#
#   sh install.sh              install (or update) into ~/.local
#   sh install.sh --uninstall  remove it again (registers, backups and preferences are left alone)
#
# PREFIX (default ~/.local) chooses another place; BLUELIGHT_BUILD points at the build folder when it is not
# beside this script (app/ in the release archive, dist/bluelight in a checkout after `python packaging/build.py`).
#
# What goes where, under PREFIX:
#   lib/bluelight-desktop/                         the build folder
#   bin/bluelight                                  a link to its executable
#   share/applications/bluelight-desktop.desktop   the menu entry (Exec is the full path, so ~/.local/bin need not
#                                                  be on the PATH of the desktop session)
#   share/metainfo/uk.bluelight.Desktop.metainfo.xml
#   share/mime/packages/bluelight-desktop-mime.xml the .bluelight file type
#   share/icons/hicolor/*/{apps,mimetypes}/        the app's and the file type's icons
# then refreshes the desktop's MIME, menu and icon caches when their tools are there.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-"$HOME/.local"}
APP_ID=bluelight-desktop
MIME_ICON=application-x-bluelight-register
TARGET="$PREFIX/lib/$APP_ID"

find_first() {
    for candidate in "$@"; do
        if [ -e "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

refresh_caches() {
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$PREFIX/share/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$PREFIX/share/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$PREFIX/share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -f -t -q "$PREFIX/share/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$TARGET"
    rm -f "$PREFIX/bin/bluelight" \
        "$PREFIX/share/applications/$APP_ID.desktop" \
        "$PREFIX/share/metainfo/uk.bluelight.Desktop.metainfo.xml" \
        "$PREFIX/share/mime/packages/$APP_ID-mime.xml"
    for icon in "$PREFIX"/share/icons/hicolor/*/apps/"$APP_ID".* "$PREFIX"/share/icons/hicolor/*/mimetypes/"$MIME_ICON".*; do
        [ -e "$icon" ] && rm -f "$icon"
    done
    refresh_caches
    echo "Bluelight Desktop removed from $PREFIX. Your registers and backups are where they were."
    exit 0
elif [ $# -gt 0 ]; then
    echo "usage: sh install.sh [--uninstall]" >&2
    exit 2
fi

BUILD=${BLUELIGHT_BUILD:-$(find_first "$HERE/../app" "$HERE/../../dist/bluelight" || true)}
ICONS=$(find_first "$HERE/../icons/hicolor" || true)
if [ -z "$BUILD" ] || [ ! -x "$BUILD/bluelight" ]; then
    echo "install.sh: no build found (looked for app/ beside linux/, and dist/bluelight in a checkout)." >&2
    echo "Build it first with: python packaging/build.py, or set BLUELIGHT_BUILD to the build folder." >&2
    exit 1
fi
if [ -z "$ICONS" ]; then
    echo "install.sh: the icons folder (icons/hicolor beside linux/) is missing." >&2
    exit 1
fi

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo" \
    "$PREFIX/share/mime/packages"
# A fresh copy beside the old one, then swapped in, so a failed copy never leaves half an app.
rm -rf "$TARGET.new"
cp -R "$BUILD" "$TARGET.new"
rm -rf "$TARGET"
mv "$TARGET.new" "$TARGET"
ln -sf "$TARGET/bluelight" "$PREFIX/bin/bluelight"

sed -e "s|^Exec=bluelight |Exec=\"$TARGET/bluelight\" |" -e "s|^TryExec=bluelight$|TryExec=$TARGET/bluelight|" \
    "$HERE/$APP_ID.desktop" >"$PREFIX/share/applications/$APP_ID.desktop"
cp "$HERE/uk.bluelight.Desktop.metainfo.xml" "$PREFIX/share/metainfo/"
cp "$HERE/$APP_ID-mime.xml" "$PREFIX/share/mime/packages/"
for folder in "$ICONS"/*/; do
    size=$(basename "$folder")
    for kind in apps mimetypes; do
        if [ -d "$folder$kind" ]; then
            mkdir -p "$PREFIX/share/icons/hicolor/$size/$kind"
            cp "$folder$kind"/* "$PREFIX/share/icons/hicolor/$size/$kind/"
        fi
    done
done
refresh_caches

echo "Bluelight Desktop installed in $TARGET."
echo "Start it from your applications menu, or run: $PREFIX/bin/bluelight"
echo "Check the installation with: $PREFIX/bin/bluelight self-test"
