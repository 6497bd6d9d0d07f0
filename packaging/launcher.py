"""Entry point of the frozen app (PyInstaller runs a script, not `python -m`): the same `main` as the
`bluelight` command, so `bluelight self-test`, `bluelight check ...` and the other subcommands work in the frozen
build too."""

import sys

from bluelight_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
