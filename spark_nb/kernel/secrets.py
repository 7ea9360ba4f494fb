"""Spotting credentials, so that keys, tokens and passwords never reach a prompt.

Two signals: a variable (or dict key, or column) whose NAME says it holds a secret, and
a string VALUE shaped like a credential (a known provider format or a long random-looking
token). :func:`redact_text` replaces what it finds in free text with :data:`REDACTED`.

False positives only hide a value from the model; false negatives leak it, so the rules
lean towards hiding.
"""

from __future__ import annotations

import inspect
import math
import re
import types
from collections import Counter
from typing import Any

__all__ = [
    "REDACTED",
    "contains_secret",
    "looks_secret",
    "looks_secret_name",
    "looks_secret_value",
    "redact_text",
]

REDACTED = "«redacted»"

# Whole values longer than this are summarized (clipped, then redacted) rather than
# withheld outright: a long document that quotes a key is still worth describing.
WHOLE_VALUE_CHARS = 1000
GENERIC_MIN_CHARS = 24

_SECRET_PARTS = frozenset({
    "token", "secret", "secrets", "password", "passwords", "passwd", "pwd", "passphrase",
    "credential", "credentials", "auth", "apikey", "privatekey", "accesskey",
})
_SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key")})

# Name parts: "dbPassword" -> db, password; "APIKey" -> api, key; "api_key" -> api, key.
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

# Provider formats. The look-behinds stop matches inside longer words ("task-…").
_KNOWN = re.compile(
    "|".join([
        r"-----BEGIN[A-Z ]*PRIVATE KEY-----(?:.*?-----END[A-Z ]*PRIVATE KEY-----|.*\Z)",
        # OpenAI / Anthropic style; a digit is required so "sk-learn-notes" is not a key
        r"(?<![A-Za-z0-9])sk-(?:proj-|ant-)?(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{16,}",
        r"(?<![A-Za-z0-9])(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}",
        r"(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{20,}",
        r"(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{20,}",
        r"(?<![A-Za-z0-9])xox[bpas]-[A-Za-z0-9\-]{10,}",
        r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])",
        r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_\-]{35}",
        r"(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}",
        r"(?<![A-Za-z0-9])eyJ[A-Za-z0-9_\-]+\.eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*",
    ]),
    re.DOTALL,
)

# A quoted literal given to a secret-looking name: `API_KEY = "…"`, `password="…"`,
# `{"token": "…"}`, `os.environ["OPENAI_API_KEY"] = "…"`.
_ASSIGNMENT = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P<sep>['\"]?\]?\s*[:=]\s*)"
    r"(?P<quote>['\"])(?P<value>[^'\"\n]+)(?P=quote)"
)

# Candidates for the generic rule: base64/hex/url-safe runs without spaces.
_CANDIDATE = re.compile(r"[A-Za-z0-9+/=_\-.]{%d,}" % GENERIC_MIN_CHARS)
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")


def looks_secret_name(name: str) -> bool:
    """True when a name reads like it holds a secret (``API_KEY``, ``dbPassword``)."""
    parts = [p.lower() for p in _PARTS.findall(str(name))]
    if any(p in _SECRET_PARTS for p in parts):
        return True
    return any(pair in _SECRET_PAIRS for pair in zip(parts, parts[1:]))


def looks_secret_value(value: Any) -> bool:
    """True when a short string (or bytes) value contains something credential-shaped."""
    if isinstance(value, (bytes, bytearray)):
        try:
            value = bytes(value[: WHOLE_VALUE_CHARS + 1]).decode("ascii")
        except UnicodeDecodeError:
            return False
    if not isinstance(value, str) or len(value) > WHOLE_VALUE_CHARS:
        return False
    return contains_secret(value)


def looks_secret(name: str, value: Any) -> bool:
    """Whether a whole variable must be withheld from the prompt.

    Functions, classes and modules are exempt from the name rule: ``get_token`` names
    code, not a credential (their summaries still pass through :func:`redact_text`).
    """
    if looks_secret_value(value):
        return True
    is_code = isinstance(value, (type, types.ModuleType)) or inspect.isroutine(value)
    return not is_code and looks_secret_name(name)


def contains_secret(text: str) -> bool:
    """True when :func:`redact_text` would change ``text``."""
    return redact_text(text) != text


def redact_text(text: str) -> str:
    """Replace credential-shaped substrings of ``text`` with :data:`REDACTED`."""
    text = _KNOWN.sub(REDACTED, text)
    text = _ASSIGNMENT.sub(_redact_assignment, text)
    return _CANDIDATE.sub(_redact_random, text)


def _redact_assignment(match: re.Match) -> str:
    if not looks_secret_name(match["key"]) or match["value"] == REDACTED:
        return match[0]
    return f"{match['key']}{match['sep']}{match['quote']}{REDACTED}{match['quote']}"


def _redact_random(match: re.Match) -> str:
    return REDACTED if _looks_random(match[0]) else match[0]


def _looks_random(token: str) -> bool:
    """A long token that mixes letters and digits often and evenly, like a key does.

    Identifiers, paths, dates and numbers change character class rarely
    ("sales_2023_v2.csv"); random base62/hex keys change it at most positions.
    """
    runs = _ALNUM_RUN.findall(token)
    alnum = "".join(runs)
    if len(alnum) < GENERIC_MIN_CHARS - 4:
        return False
    if not any(c.isdigit() for c in alnum) or not any(c.isalpha() for c in alnum):
        return False
    changes = sum(_changes(a, b) for run in runs for a, b in zip(run, run[1:]))
    # hex draws from 16 symbols, so its entropy tops out at 4 bits
    floor = 3.0 if _HEX.fullmatch(alnum) else 3.5
    return changes >= len(alnum) / 5 and _entropy(alnum) >= floor


def _changes(a: str, b: str) -> bool:
    """A letter/digit switch, or lower->upper (upper->lower is how CamelCase words go)."""
    return a.isdigit() != b.isdigit() or (a.islower() and b.isupper())


def _entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())
