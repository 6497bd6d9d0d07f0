"""Sealed registers (storage/sealed.py): AES-256-GCM with a scrypt key and an authenticated header. No Qt.

A wrong passphrase, any changed byte, a file cut short and a file from a newer version are each refused with one
plain sentence. Most tests lower scrypt's cost (`cheap_kdf`) so that sealing a hundred times stays quick; one
test seals at the real cost and reads it back from the header.
"""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path

import pytest

from bluelight_desktop.storage import sealed as sealed_module
from bluelight_desktop.storage.register import RegisterError, check_file
from bluelight_desktop.storage.sealed import (
    HEADER_BYTES,
    MAGIC,
    TAG_BYTES,
    WRONG_OR_CHANGED,
    SealedError,
    is_sealed,
    passphrase_problem,
    read_header,
    seal,
    unseal,
)

PASSPHRASE = "Fulwood control room 2026"
PLAIN = b"SQLite format 3\x00" + bytes(range(256)) * 8


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed_module, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(sealed_module, "LOG2_N_RANGE", (10, 20))


def refused(data: bytes, passphrase: str | None = PASSPHRASE) -> SealedError:
    with pytest.raises(SealedError) as caught:
        unseal(data, passphrase)
    message = str(caught.value)
    assert message and "\n" not in message and "Traceback" not in message
    assert isinstance(caught.value, RegisterError)  # callers that catch RegisterError catch these too
    return caught.value


def test_the_real_cost_is_scrypt_n_2_17_r_8_p_1_and_round_trips() -> None:
    sealed = seal(PLAIN, PASSPHRASE)
    header = read_header(sealed)
    assert (header.version, header.kdf, header.log2_n, header.r, header.p) == (1, 1, 17, 8, 1)
    assert unseal(sealed, PASSPHRASE) == PLAIN


def test_header_layout_is_as_documented(cheap_kdf: None) -> None:
    sealed = seal(PLAIN, PASSPHRASE)
    assert HEADER_BYTES == 57
    assert sealed[:16] == b"BLUELIGHT-SEALED" == MAGIC
    version, kdf, log2_n, r, p = sealed[16:21]
    assert (version, kdf, log2_n, r, p) == (1, 1, 10, 8, 1)
    (length,) = struct.unpack(">Q", sealed[49:57])
    assert length == len(sealed) - HEADER_BYTES == len(PLAIN) + TAG_BYTES
    assert PLAIN[16:64] not in sealed  # encrypted, not merely wrapped


def test_each_seal_has_its_own_salt_and_nonce(cheap_kdf: None) -> None:
    first, second = seal(PLAIN, PASSPHRASE), seal(PLAIN, PASSPHRASE)
    assert first[21:37] != second[21:37] and first[37:49] != second[37:49]
    assert first[HEADER_BYTES:] != second[HEADER_BYTES:]
    assert unseal(first, PASSPHRASE) == unseal(second, PASSPHRASE) == PLAIN


def test_empty_plain_text_round_trips(cheap_kdf: None) -> None:
    assert unseal(seal(b"", PASSPHRASE), PASSPHRASE) == b""


def test_a_wrong_passphrase_is_refused_plainly(cheap_kdf: None) -> None:
    error = refused(seal(PLAIN, PASSPHRASE), "Fulwood control room 2025")
    assert error.kind == "passphrase"
    assert (
        str(error)
        == WRONG_OR_CHANGED
        == ("The passphrase is not right, or the file has been changed since it was sealed.")
    )


def test_the_passphrase_is_compared_as_unicode_nfc(cheap_kdf: None) -> None:
    typed_on_a_mac = unicodedata.normalize("NFD", "Café Brigade")
    typed_on_windows = unicodedata.normalize("NFC", "Café Brigade")
    assert typed_on_a_mac != typed_on_windows
    assert unseal(seal(PLAIN, typed_on_a_mac), typed_on_windows) == PLAIN


def test_no_passphrase_asks_for_one(cheap_kdf: None) -> None:
    error = refused(seal(PLAIN, PASSPHRASE), None)
    assert error.kind == "needs passphrase"
    assert "passphrase" in str(error)
    assert refused(seal(PLAIN, PASSPHRASE), "").kind == "needs passphrase"


def test_sealing_with_an_empty_passphrase_is_refused() -> None:
    with pytest.raises(SealedError, match="cannot be empty"):
        seal(PLAIN, "")


def test_every_flipped_byte_is_refused(cheap_kdf: None) -> None:
    sealed = seal(PLAIN, PASSPHRASE)
    # Every header byte, the first and last ciphertext bytes, a spread between, and every byte of the tag.
    positions = [
        *range(HEADER_BYTES),
        *range(HEADER_BYTES, len(sealed) - TAG_BYTES, 97),
        *range(len(sealed) - TAG_BYTES, len(sealed)),
    ]
    kinds: dict[int, str] = {}
    for position in positions:
        for flip in (0x01, 0x80):
            changed = bytearray(sealed)
            changed[position] ^= flip
            kinds[position] = refused(bytes(changed)).kind
    assert {kinds[i] for i in range(16)} == {"not sealed"}  # the magic: not one of ours at all
    assert kinds[16] == "newer"  # the version byte grew (0x01 ^ 0x80): say so, rather than "changed"
    assert all(kinds[i] in ("passphrase", "incomplete") for i in range(17, HEADER_BYTES))
    assert all(kinds[i] == "passphrase" for i in positions if i >= HEADER_BYTES)


def test_a_file_cut_short_says_it_is_incomplete(cheap_kdf: None) -> None:
    sealed = seal(PLAIN, PASSPHRASE)
    for size in (8, 16, 30, HEADER_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 100, len(sealed) - 1):
        error = refused(sealed[:size])
        assert error.kind == "incomplete", size
        assert "incomplete" in str(error) and "fresh copy" in str(error)


def test_bytes_added_at_the_end_are_a_change(cheap_kdf: None) -> None:
    assert refused(seal(PLAIN, PASSPHRASE) + b"\x00").kind == "passphrase"


def test_a_newer_format_version_says_so(cheap_kdf: None) -> None:
    newer = bytearray(seal(PLAIN, PASSPHRASE))
    newer[16] = 2
    error = refused(bytes(newer))
    assert error.kind == "newer"
    assert "newer version of Bluelight Desktop" in str(error)


def test_a_header_asking_for_gigabytes_of_memory_is_refused_before_any_work(cheap_kdf: None) -> None:
    hostile = bytearray(seal(PLAIN, PASSPHRASE))
    hostile[18] = 30  # N = 2**30: 128 GiB of scrypt memory
    assert refused(bytes(hostile)).kind == "passphrase"
    hostile[18], hostile[19] = 20, 255  # r = 255
    assert refused(bytes(hostile)).kind == "passphrase"


def test_something_else_entirely_is_not_sealed() -> None:
    assert refused(b"SQLite format 3\x00" + bytes(200)).kind == "not sealed"
    assert refused(b"").kind == "incomplete"  # nothing at all: a file cut short before its first byte


def test_is_sealed(cheap_kdf: None, tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "partner.bluelight"
    path.write_bytes(seal(PLAIN, PASSPHRASE))
    assert is_sealed(path)
    assert not is_sealed(sample_path)
    assert not is_sealed(tmp_path / "missing.bluelight")
    assert not is_sealed(tmp_path)


def test_check_file_points_a_sealed_file_to_opening_it_with_its_passphrase(cheap_kdf: None, tmp_path: Path) -> None:
    path = tmp_path / "partner.bluelight"
    path.write_bytes(seal(PLAIN, PASSPHRASE))
    with pytest.raises(RegisterError, match="partner.bluelight is an encrypted register.*passphrase"):
        check_file(path)


def test_passphrase_problem() -> None:
    assert passphrase_problem(None) == "Type a passphrase."
    assert passphrase_problem("") == "Type a passphrase."
    assert "at least 8 characters" in (passphrase_problem("seven77") or "")
    assert passphrase_problem("eight888") is None
