"""Shared by the reliability tests (issue 9): their sizes, and what counts as a plain message.

Sizes: each has a quick default that runs in the normal suite, and a
larger figure from a pytest option (registered in tests/conftest.py) or an environment variable:

    --crash-trials N        BLUELIGHT_CRASH_TRIALS       SIGKILL trials of the edit stream (test_crash.py)
    --fuzz-registers N      BLUELIGHT_FUZZ_REGISTERS     mutated register files (test_fuzz_registers.py)
    --fuzz-spreadsheets N   BLUELIGHT_FUZZ_SPREADSHEETS  mutated spreadsheets (test_fuzz_spreadsheets.py)
    --fuzz-seed N           BLUELIGHT_FUZZ_SEED          the seed of the mutated corpora
"""

from __future__ import annotations

import os
import re

import pytest

ENVIRONMENT = {
    "crash_trials": "BLUELIGHT_CRASH_TRIALS",
    "fuzz_registers": "BLUELIGHT_FUZZ_REGISTERS",
    "fuzz_spreadsheets": "BLUELIGHT_FUZZ_SPREADSHEETS",
    "fuzz_seed": "BLUELIGHT_FUZZ_SEED",
}


def reliability_size(request: pytest.FixtureRequest, name: str, default: int) -> int:
    """The option `--name` if given, else the environment variable, else `default`."""
    value = request.config.getoption(name, default=None)
    if value is None:
        text = os.environ.get(ENVIRONMENT[name], "").strip()
        value = int(text) if text else default
    return int(value)


NOT_PLAIN = re.compile(
    r"Traceback|sqlite3|\bError:|Exception|\b[A-Z][a-z]+[A-Z]\w*(Error|Exception)\b|\b(Key|Value|Type|Index|"
    r"Attribute|OS|IO|Unicode\w*|Operational|Database|Integrity|Programming)Error\b|\[SQL|sqlalche|Errno|File \""
)


def plain(message: str) -> str | None:
    """Why `message` is not plain words, or None."""
    if not message.strip():
        return "an empty message"
    found = NOT_PLAIN.search(message)
    return f"not plain words ({found.group(0)!r})" if found else None
