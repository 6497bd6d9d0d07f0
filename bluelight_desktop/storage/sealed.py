"""Sealed registers: a register file encrypted and authenticated with a passphrase, for sending to a partner.

A sealed file keeps the `.bluelight` extension; its first bytes tell it apart from a plain register (SQLite's
own header). It is AES-256-GCM (the `cryptography` package's AESGCM) with a key derived from the passphrase by
scrypt. Everything before the ciphertext is a fixed header, passed to AES-GCM as associated data, so a changed
header byte fails authentication exactly as a changed ciphertext byte does.

Header (57 bytes, integers big-endian)::

    offset  size  field
         0    16  magic, the ASCII bytes b"BLUELIGHT-SEALED"
        16     1  format version: 1
        17     1  key derivation: 1 = scrypt
        18     1  scrypt cost, as log2 of N (17 here: N = 131,072)
        19     1  scrypt block size r (8)
        20     1  scrypt parallelism p (1)
        21    16  salt, random for every file
        37    12  AES-GCM nonce, random for every file
        49     8  length in bytes of what follows (the ciphertext and its 16-byte tag)
        57     -  ciphertext of the plain register file, then the 16-byte GCM tag

The key is scrypt(passphrase, salt, N, r, p, 32 bytes); the passphrase is normalised to Unicode NFC and encoded
as UTF-8 first, so the same words typed on Windows and on a Mac give the same key. scrypt at N = 2**17, r = 8,
p = 1 (OWASP's recommendation) takes about 0.35 s and 128 MiB here, once per seal and once per unseal; a file
asking for more than LIMITS allow (a changed or hostile header could ask for gigabytes) is refused unread.

The length field lets a file cut short in transit be told apart from a changed one: a short file says it is
incomplete; a wrong passphrase and a changed byte cannot be told apart (that is what authentication means) and
get one message. A format version above ours says the file came from a newer version of the app.

The whole file is held in memory to seal or unseal it (AESGCM is one-shot): about twice the register's size at the
peak, once for the plain bytes and once for the sealed. Registers are small (10,000 opportunities with their
history is ~60 MB), so that is fine; AESGCM takes at most 2 GiB, and files over a few hundred MB would be better
streamed (the Cipher GCM interface), taking care never to use plain text before its tag is checked.

No Qt.
"""

from __future__ import annotations

import os
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .register import SEALED_MAGIC, RegisterError

MAGIC = SEALED_MAGIC  # b"BLUELIGHT-SEALED": check_file knows it too, to point a sealed file to the right door
FORMAT_VERSION = 1
KDF_SCRYPT = 1
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
_HEADER = struct.Struct(">16sBBBBB16s12sQ")
HEADER_BYTES = _HEADER.size  # 57

# Scrypt cost for new files. Tests lower it (and the accepted range) to keep many seals quick.
SCRYPT_LOG2_N = 17
SCRYPT_R = 8
SCRYPT_P = 1
# What a file may ask for when it is opened: enough for a stronger future default, not enough to exhaust memory.
LOG2_N_RANGE = (15, 20)
R_RANGE = (8, 16)
P_RANGE = (1, 4)
MAX_KDF_MEMORY = 1 << 30  # scrypt needs 128 * N * r bytes
MAX_PLAIN_BYTES = (1 << 31) - 1 - TAG_BYTES  # AESGCM's limit
MIN_PASSPHRASE = 8

WRONG_OR_CHANGED = "The passphrase is not right, or the file has been changed since it was sealed."


class SealedError(RegisterError):
    """A sealed file that cannot be opened (or a passphrase that cannot be used), in plain words.

    `kind` says which, for a caller that acts on it: "passphrase" (wrong passphrase or a changed file),
    "needs passphrase", "incomplete" (cut short), "newer" (sealed by a newer version), "damaged" (a header this
    version cannot read), "not sealed", "too large", "weak passphrase"."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class SealedHeader:
    version: int
    kdf: int
    log2_n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    length: int

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC, self.version, self.kdf, self.log2_n, self.r, self.p, self.salt, self.nonce, self.length
        )


def passphrase_problem(passphrase: str | None) -> str | None:
    """Why a passphrase cannot seal a file (None when it can). Opening never applies this: only sealing does."""
    if not passphrase:
        return "Type a passphrase."
    if len(passphrase) < MIN_PASSPHRASE:
        return f"The passphrase must be at least {MIN_PASSPHRASE} characters long: a short one can be guessed."
    return None


def _passphrase_bytes(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, header: SealedHeader) -> bytes:
    kdf = Scrypt(salt=header.salt, length=32, n=1 << header.log2_n, r=header.r, p=header.p)
    return kdf.derive(_passphrase_bytes(passphrase))


def seal_parts(plain: bytes | memoryview, passphrase: str) -> tuple[bytes, bytes]:
    """`seal` in its two parts, the header and the ciphertext with its tag, for a caller that writes them to a
    file one after the other rather than joining them in memory (a copy of the whole file)."""
    if not passphrase:
        raise SealedError("A sealed file needs a passphrase; it cannot be empty.", "weak passphrase")
    if len(plain) > MAX_PLAIN_BYTES:
        raise SealedError("The register is too large to encrypt (over 2 GB).", "too large")
    header = SealedHeader(
        version=FORMAT_VERSION,
        kdf=KDF_SCRYPT,
        log2_n=SCRYPT_LOG2_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        salt=os.urandom(SALT_BYTES),
        nonce=os.urandom(NONCE_BYTES),
        length=len(plain) + TAG_BYTES,
    )
    key = _derive(passphrase, header)
    packed = header.pack()
    return packed, AESGCM(key).encrypt(header.nonce, plain, packed)


def seal(plain: bytes | memoryview, passphrase: str) -> bytes:
    """Encrypt and authenticate `plain` (a register file's bytes) with `passphrase`. Each call uses a new salt
    and nonce, so sealing the same bytes twice gives different files."""
    header, ciphertext = seal_parts(plain, passphrase)
    return header + ciphertext


def read_header(sealed: bytes | memoryview) -> SealedHeader:
    """The header of a sealed file, checked: raises SealedError when it is not one this version can open."""
    if bytes(sealed[: len(MAGIC)]) != MAGIC:
        if MAGIC.startswith(bytes(sealed[: len(MAGIC)])) and len(sealed) < len(MAGIC):
            raise SealedError(_incomplete(), "incomplete")
        raise SealedError("The file is not an encrypted Bluelight register.", "not sealed")
    if len(sealed) < HEADER_BYTES:
        raise SealedError(_incomplete(), "incomplete")
    _magic, version, kdf, log2_n, r, p, salt, nonce, length = _HEADER.unpack_from(sealed)
    if version > FORMAT_VERSION:
        raise SealedError(
            "The file was encrypted by a newer version of Bluelight Desktop. Install the latest version to open it.",
            "newer",
        )
    header = SealedHeader(version, kdf, log2_n, r, p, salt, nonce, length)
    within = (
        version == FORMAT_VERSION
        and kdf == KDF_SCRYPT
        and LOG2_N_RANGE[0] <= log2_n <= LOG2_N_RANGE[1]
        and R_RANGE[0] <= r <= R_RANGE[1]
        and P_RANGE[0] <= p <= P_RANGE[1]
        and 128 * (1 << log2_n) * r <= MAX_KDF_MEMORY
        and TAG_BYTES <= length <= MAX_PLAIN_BYTES + TAG_BYTES
    )
    if not within:
        # A byte of the header changed: say it as a changed file, which is what it most likely is.
        raise SealedError(WRONG_OR_CHANGED, "passphrase")
    if len(sealed) - HEADER_BYTES < length:
        raise SealedError(_incomplete(), "incomplete")
    if len(sealed) - HEADER_BYTES > length:
        raise SealedError(WRONG_OR_CHANGED, "passphrase")  # bytes added after the end
    return header


def _open(sealed: bytes | memoryview, header: SealedHeader, key: bytes) -> bytes:
    view = memoryview(sealed)  # slices of a view are not copies of a file that may be large
    try:
        return AESGCM(key).decrypt(header.nonce, view[HEADER_BYTES:], view[:HEADER_BYTES])
    except InvalidTag:
        raise SealedError(WRONG_OR_CHANGED, "passphrase") from None


def unseal(sealed: bytes | memoryview, passphrase: str | None) -> bytes:
    """The plain bytes sealed in `sealed`. Raises SealedError, with one plain sentence, for a wrong passphrase
    or a changed file, a file cut short, one from a newer version, or one that is not sealed at all."""
    header = read_header(sealed)
    if not passphrase:
        raise SealedError("The file is encrypted: type the passphrase the sender gave you.", "needs passphrase")
    return _open(sealed, header, _derive(passphrase, header))


def is_sealed(path: Path) -> bool:
    """Whether the file at `path` starts like a sealed register (False for anything unreadable)."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _incomplete() -> str:
    return (
        "The file is incomplete: it ends early, perhaps cut short while it was copied or downloaded. Ask the "
        "sender for a fresh copy."
    )
