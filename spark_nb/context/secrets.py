"""Secrets out of prompts: find credentials in text and values, replace them with
``<redacted:NAME>``.

Pure data code (no IPython, pandas or numpy imports), so every task can call it right
where its messages go to the engine: :func:`redact_messages` is that one call. The
context builder uses the same functions, where a secret's variable name is known, and
:func:`remember_namespace` / :func:`remember_frames` tell the redaction which values the
user's namespace and a traceback's frames hold under secret names, so that a value
printed bare later (``print(password)``) is hidden too.

Three signals, combined:

* a NAME that says it holds a secret (``API_KEY``, ``dbPassword``, ``x-api-key``, ``pwd``)
  given a value: variables, dict keys, keyword arguments, attributes, environment
  variables, ``name=value`` in URLs, connection strings and logs;
* a VALUE shaped like a credential: our patterns (DSNs with a password, Authorization
  headers, JWTs, PEM private keys, provider token formats) and the detectors of the
  ``detect-secrets`` package, run on each line (no baseline, no verification, so no
  network);
* a value already KNOWN to be secret: one found under a secret name (in the namespace,
  the environment, a frame's locals, an assignment seen in an earlier prompt) is
  replaced wherever it shows up again, even bare (``print(password)`` -> ``hunter2``).

False positives only hide a value from the model; false negatives leak it, so the rules
lean towards hiding. Replacements never hide ordinary data on purpose: column names,
numbers, paths and URLs without credentials stay as they are.
"""

from __future__ import annotations

import inspect
import math
import os
import re
import sys
import threading
import types
from collections import Counter, OrderedDict
from typing import Any, Iterable, Mapping

__all__ = [
    "REDACTED",
    "contains_secret",
    "forget",
    "is_placeholder",
    "looks_secret",
    "looks_secret_item",
    "looks_secret_name",
    "looks_secret_value",
    "placeholder",
    "redact_messages",
    "remember_frames",
    "redact_text",
    "remember",
    "remember_namespace",
    "secret_values",
]

REDACTED = "<redacted:"  # every placeholder starts with this
WHOLE_VALUE_CHARS = 1000  # longer strings are described (redacted), not withheld whole
GENERIC_MIN_CHARS = 24
KNOWN_MIN_CHARS = 6  # shorter known values are too likely to be ordinary text elsewhere
MAX_KNOWN = 4096
SCAN_ITEMS = 200  # items of one mapping looked at for secret-named keys
SCAN_ROWS = 20  # values of a secret-named column remembered
DETECTOR_LINE_CHARS = 2000  # longer lines are scanned in overlapping windows

_PLACEHOLDER = re.compile(r"<redacted:[\w.\-]*>")


def placeholder(name: Any) -> str:
    """``<redacted:NAME>`` for a variable, key or kind name (cleaned to safe characters)."""
    clean = re.sub(r"[^\w.\-]+", "_", str(name)).strip("_.-")[:48]
    return f"<redacted:{clean or 'secret'}>"


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(text.strip()))


# --- names ---------------------------------------------------------------------------

# A name part that always marks a secret, wherever it stands in the name.
_STRONG_PARTS = frozenset({
    "token", "secret", "secrets", "password", "passwords", "passwd", "pwd", "passphrase",
    "credential", "credentials", "cred", "creds", "auth", "oauth", "apikey", "apitoken",
    "privatekey", "accesskey", "secretkey", "bearer", "jwt", "xsrf", "csrf", "authorization",
    "cookie",
})
# Two parts that together mark a secret: api_key, PRIVATE_KEY, accessKey.
_STRONG_PAIRS = frozenset({
    ("api", "key"), ("api", "keys"), ("private", "key"), ("access", "key"),
    ("signing", "key"), ("encryption", "key"), ("master", "key"), ("account", "key"),
    ("app", "key"), ("consumer", "key"), ("session", "key"), ("ssh", "key"),
    ("license", "key"), ("deploy", "key"), ("client", "key"), ("service", "key"),
})
# Parts that mark a secret when they end the name: db_pass, PASS, user_pw (not pass_rate).
_STRONG_LAST = frozenset({"pass", "pw"})
# Weak: `key`, `stripe_key`. A key is often a column or a sort key, so a value under a
# weak name is a secret only when it does not read like a word or an identifier.
_WEAK_LAST = frozenset({"key"})
_JAPANESE = ("パスワード", "暗証番号", "トークン", "シークレット", "秘密鍵", "アクセスキー",
             "APIキー", "認証情報", "資格情報")
# Password-like names: numbers under them are secrets too (token_count=512 is not).
_PASSWORDISH = frozenset({"password", "passwords", "passwd", "pwd", "passphrase", "pass",
                          "pw", "pin", "secret", "secrets"})

# Name parts: "dbPassword" -> db, password; "APIKey" -> api, key; "x-api-key" -> x, api, key.
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _parts(name: str) -> list[str]:
    return [p.lower() for p in _PARTS.findall(str(name))]


def _strength(name: Any) -> str:
    """"strong", "weak" or "" for a variable, key or header name."""
    if not isinstance(name, str) or not name or len(name) > 80:
        return ""
    if not name.isascii():
        if any(word in name for word in _JAPANESE):
            return "strong"
    parts = _parts(name)
    if not parts:
        return ""
    if any(p in _STRONG_PARTS for p in parts):
        return "strong"
    if any(pair in _STRONG_PAIRS for pair in zip(parts, parts[1:])):
        return "strong"
    if parts[-1] in _STRONG_LAST:
        return "strong"
    return "weak" if parts[-1] in _WEAK_LAST else ""


def looks_secret_name(name: Any) -> bool:
    """True when a name says it holds a secret whatever its value (``API_KEY``, ``dbPassword``)."""
    return _strength(name) == "strong"


def _passwordish(name: str) -> bool:
    parts = _parts(name)
    return any(p in _PASSWORDISH for p in parts) or "パスワード" in name or "暗証番号" in name


# --- values --------------------------------------------------------------------------

_WORD = re.compile(r"(?:[A-Z]?[a-z]+|[A-Z]+(?![a-z]))+|[0-9]+|[^\x00-\x7f]+")
_SEPARATORS = re.compile(r"[\s_\-./:,()]+")


def _wordish(value: str) -> bool:
    """Reads like words, an identifier or a number ("region", "revenue_2023", "Q4 sales"),
    not like a key ("x7Gh2kPq", "hunter2", "a1b2c3")."""
    parts = [p for p in _SEPARATORS.split(value) if p]
    if not parts:
        return True
    if not all(_WORD.fullmatch(p) for p in parts):
        return False
    letters = [p for p in parts if p.isalpha()]
    # a long run of letters switching case at random is no word ("aBcDeFgHiJkL…")
    return not any(len(p) >= 16 and sum(a.islower() != b.islower() for a, b in zip(p, p[1:])) >= 6
                   for p in letters)


def _is_code(value: Any) -> bool:
    return isinstance(value, (type, types.ModuleType)) or inspect.isroutine(value)


def _as_text(value: Any) -> str | None:
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value[: WHOLE_VALUE_CHARS + 1]).decode("utf-8")
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def looks_secret_value(value: Any) -> bool:
    """True when a short string (or bytes) value contains something credential-shaped."""
    text = _as_text(value)
    if text is None or len(text) > WHOLE_VALUE_CHARS:
        return False
    return contains_secret(text)


def looks_secret_item(name: Any, value: Any) -> bool:
    """Whether ``value`` under ``name`` (a variable, key, column, attribute) is a secret.

    Strong names hide any value but code; weak names (``key``) hide strings that do not
    read like words; any name hides a credential-shaped string.
    """
    if _is_code(value):
        return False
    strength = _strength(name)
    if strength == "strong":
        return True
    text = _as_text(value)
    if strength == "weak" and text is not None and _weak_secret(text):
        return True
    return looks_secret_value(value)


def looks_secret(name: str, value: Any) -> bool:
    """Whether a whole variable must be withheld from the prompt.

    Functions, classes and modules are exempt from the name rule: ``get_token`` names
    code, not a credential (their summaries still pass through :func:`redact_text`).
    """
    return looks_secret_item(name, value)


def _named_secret(name: Any, text: str) -> bool:
    """The name rule alone (no patterns): a string under a strong name, or a key-like
    string under a weak one."""
    strength = _strength(name)
    return bool(text.strip()) and (strength == "strong" or strength == "weak" and _weak_secret(text))


def _weak_secret(text: str) -> bool:
    text = text.strip()
    return 5 <= len(text) <= 200 and not any(c.isspace() for c in text) and not _wordish(text)


def _registrable(value: str) -> bool:
    """A value worth replacing wherever it appears: long enough and not ordinary text
    (a word, an identifier, a number, a date)."""
    value = value.strip()
    if len(value) < KNOWN_MIN_CHARS or REDACTED in value or "\n" in value:
        return False
    letters, digits = any(c.isalpha() for c in value), any(c.isdigit() for c in value)
    if not letters:
        return False  # 2024-01-01, 1,250.00
    if digits and not re.fullmatch(r"[A-Za-z]+[_\-. ]?\d{1,4}", value):  # not "sales_2023", "Q4 2024"
        return True
    return not _wordish(value) or len(value) >= 16 and " " not in value


# --- what is known to be secret ------------------------------------------------------

_lock = threading.Lock()
_known: "OrderedDict[str, str]" = OrderedDict()  # value -> name, oldest first


def remember(value: Any, name: str = "secret") -> None:
    """Treat ``value`` as secret from now on, in every prompt of this process."""
    text = _as_text(value)
    if text is None:
        return
    text = text.strip()
    if not _registrable(text):
        return
    with _lock:
        _known.pop(text, None)
        _known[text] = name
        while len(_known) > MAX_KNOWN:
            _known.popitem(last=False)


def forget() -> None:
    """Forget every remembered value (tests)."""
    with _lock:
        _known.clear()


def remember_namespace(namespace: Mapping[str, Any] | None) -> None:
    """Remember the secret values a namespace holds (see :func:`secret_values`)."""
    for value, name in secret_values(namespace).items():
        remember(value, name)


def secret_values(namespace: Mapping[str, Any] | None) -> dict[str, str]:
    """value -> name for the secrets in ``namespace``: strings under secret names, and
    one level down, in dicts (``os.environ`` copies, configs), in objects' attributes,
    in lists of records and in the first rows of a DataFrame's secret-named columns."""
    out: dict[str, str] = {}
    if not namespace:
        return out
    try:
        items = list(namespace.items())
    except Exception:  # noqa: BLE001 - an odd mapping must not stop a prompt
        return out
    for name, value in items:
        if not isinstance(name, str) or name.startswith("__") or _is_code(value):
            continue
        try:
            _collect(name, value, out, depth=0)
        except Exception:  # noqa: BLE001 - a user's object may raise on any read
            continue
    return out


def _collect(name: str, value: Any, out: dict[str, str], depth: int) -> None:
    text = _as_text(value)
    if text is not None:
        if _named_secret(name, text):
            out.setdefault(text.strip(), name)
        return
    if depth >= 2 or isinstance(value, (int, float, complex, bool)) or value is None:
        return
    if isinstance(value, Mapping) or type(value).__name__ in ("_Environ",):
        for i, (key, item) in enumerate(value.items()):
            if i >= SCAN_ITEMS:
                break
            if isinstance(key, str):
                _collect(key, item, out, depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for item in value[:SCAN_ROWS]:
            if isinstance(item, Mapping) or hasattr(item, "__dict__") and not _is_code(item):
                _collect(name, item, out, depth + 1)
        return
    cls = type(value)
    if cls.__name__ == "DataFrame" and str(getattr(cls, "__module__", "")).startswith("pandas"):
        for column in list(value.columns[:SCAN_ITEMS]):
            if isinstance(column, str) and _strength(column):
                for item in value[column].iloc[:SCAN_ROWS].tolist():
                    _collect(column, item, out, depth + 1)
        return
    attrs = getattr(value, "__dict__", None)
    if isinstance(attrs, dict) and not isinstance(value, types.ModuleType):
        for i, (key, item) in enumerate(attrs.items()):
            if i >= SCAN_ITEMS:
                break
            if isinstance(key, str) and not key.startswith("__"):
                _collect(key, item, out, depth + 1)


_ENV_IGNORED = frozenset({"PWD", "OLDPWD"})  # the shell's working directories
_env_cache: tuple[int, dict[str, str]] = (0, {})


def _environment_values() -> dict[str, str]:
    """The values of this process's secret-named environment variables (paths left out:
    ``SSH_AUTH_SOCK`` names a socket, ``PWD`` the working directory)."""
    global _env_cache
    items = frozenset(os.environ.items())
    key = hash(items)
    if _env_cache[0] == key:
        return _env_cache[1]
    out = {}
    for name, value in items:
        value = value.strip()
        if (not value or name in _ENV_IGNORED or value[0] in "/~." or re.match(r"[A-Za-z]:\\", value)):
            continue
        if _named_secret(name, value):
            out[value] = name
    _env_cache = (key, out)
    return out


def _main_values() -> dict[str, str]:
    """The secrets among the main module's globals: in a notebook, the user's namespace."""
    main = sys.modules.get("__main__")
    ns = getattr(main, "__dict__", None)
    return secret_values(ns) if isinstance(ns, dict) else {}


# --- patterns ------------------------------------------------------------------------

_PEM = re.compile(
    r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
    r"(?:(?:(?!-----END)[\s\S]){0,20000}?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
    r"|(?:[A-Za-z0-9+/=\s:,\-]|\\[nr])*)"
)
_JWT = re.compile(r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*")

# Provider formats: (kind, pattern). The look-behinds stop matches inside longer words.
_B = r"(?<![A-Za-z0-9_\-])"
_PROVIDERS = [(kind, re.compile(pattern)) for kind, pattern in [
    ("anthropic_key", _B + r"sk-ant-[A-Za-z0-9_\-]{20,}"),
    # a digit is required so that "sk-learn-notes" is not a key
    ("openai_key", _B + r"sk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{16,}"),
    ("stripe_key", _B + r"(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"),
    ("stripe_webhook_secret", _B + r"whsec_[A-Za-z0-9]{24,}"),
    ("github_token", _B + r"gh[pousr]_[A-Za-z0-9]{20,}"),
    ("github_token", _B + r"github_pat_[A-Za-z0-9_]{20,}"),
    ("gitlab_token", _B + r"glpat-[A-Za-z0-9_\-]{20,}"),
    ("slack_token", _B + r"xox[abposre]-[A-Za-z0-9\-]{10,}"),
    ("slack_webhook", r"(?<=hooks\.slack\.com/services/)T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+"),
    ("aws_access_key", _B + r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}(?![0-9A-Z])"),
    ("google_api_key", _B + r"AIza[0-9A-Za-z_\-]{35}"),
    ("google_oauth_token", _B + r"ya29\.[0-9A-Za-z_\-]{20,}"),
    ("google_client_secret", _B + r"GOCSPX-[A-Za-z0-9_\-]{20,}"),
    ("huggingface_token", _B + r"hf_[A-Za-z0-9]{30,}"),
    ("sendgrid_key", _B + r"SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}"),
    ("npm_token", _B + r"npm_[A-Za-z0-9]{36}"),
    ("pypi_token", _B + r"pypi-AgE[A-Za-z0-9_\-]{40,}"),
    ("digitalocean_token", _B + r"do[por]_v1_[a-f0-9]{64}"),
    ("shopify_token", _B + r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    ("twilio_key", _B + r"SK[0-9a-fA-F]{32}(?![0-9a-fA-F])"),
    ("telegram_token", _B + r"[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}"),
]]

# scheme://user:password@host (also redis://:password@host). RFC 3986 allows neither
# "/", "?", "#" nor "@" unescaped in the userinfo.
_DSN = re.compile(
    r"(?P<pre>(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,30}://[^\s:/?#@'\"<>]*:)"
    r"(?P<value>[^\s@/?#'\"<>]+)(?=@)"
)
_AUTH_HEADER = re.compile(
    r"(?P<pre>(?i:\b(?:proxy-)?authorization\b)['\"]?\s*[:=]\s*['\"]?"
    r"(?P<scheme>(?i:bearer|basic|token|digest|negotiate|apikey|api-key|key|sso-key|hmac|otp)\s+)?)"
    r"(?P<value>[^\s'\",;)}\]<{][^\s'\",;)}\]]*)"
)
_BEARER = re.compile(r"(?P<pre>\b(?i:bearer)\s+)(?P<value>[A-Za-z0-9\-._~+/]{8,}=*)")
_BASIC = re.compile(r"(?P<pre>\bBasic\s+)(?P<value>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])")

_NAME = r"[^\W\d][\w\-]*"
# A quoted literal given to a name: `API_KEY = "…"`, `password="…"`, `{"token": "…"}`,
# `os.environ["OPENAI_API_KEY"] = "…"`, `password: str = "…"`, `cfg.secret = '…'`.
_QUOTED = re.compile(
    r"(?P<key>" + _NAME + r")(?P<sep>['\"]?\]?\s*(?::\s*[A-Za-z_][\w.\[\], ]{0,40}?\s*=|:=|=>|[:=：＝])\s*)"
    r"(?P<quote>['\"])(?P<value>(?:\\.|(?!(?P=quote))[^\\\n])*)(?P=quote)"
)
# ("TOKEN", "…"): os.environ.setdefault, putenv, header tuples, records.
_PAIR = re.compile(
    r"(?P<q1>['\"])(?P<key>" + _NAME + r")(?P=q1)(?P<sep>\s*,\s*)"
    r"(?P<quote>['\"])(?P<value>(?:\\.|(?!(?P=quote))[^\\\n])*)(?P=quote)"
)
# An unquoted value: `password=hunter2` in a URL's query string, `Pwd=…;` in an ODBC
# string, `DB_PASSWORD=…` in an environment dump, `password: …` in YAML or a log line,
# `--token …` on a command line.
_UNQUOTED = re.compile(
    r"(?P<key>(?<![\w\-.])(?:--?)?[^\W\d][\w\-.]*)"
    r"(?P<sep>[ \t]*(?::(?![:=/])|=(?!=)|：|＝)[ \t]*)"
    r"(?P<value>[^\s'\"&;,<>(){}\[\]|`]+)"
)
_FLAG = re.compile(r"(?P<key>(?<![\w\-])--[A-Za-z][\w\-]*)(?P<sep>[ \t]+)(?P<value>[^\s'\"&;,<>(){}\[\]|`-][^\s'\"&;,<>(){}\[\]|`]*)")
# `auth=("analyst", "…")`, `credentials: ["…"]`: the quoted items after a secret name.
_TUPLE = re.compile(
    r"(?P<key>" + _NAME + r")(?P<sep>['\"]?\]?[ \t]*[:=][ \t]*)(?P<body>[(\[][^()\[\]\n]{0,300}[)\]])"
)
_LITERAL = re.compile(r"(?P<quote>['\"])(?P<value>(?:\\.|(?!(?P=quote))[^\\\n])*)(?P=quote)")
# Names that are code, not a password: `password = None`, `token: str`, `auth=self.auth`.
_REFERENCE_WORDS = frozenset({
    "None", "True", "False", "null", "none", "true", "false", "str", "bytes", "int", "float",
    "bool", "dict", "list", "Any", "Optional", "SecretStr", "SecretBytes", "lambda", "self",
    "cls", "not", "and", "or", "in", "is", "if", "else", "await", "yield", "os", "getpass",
    "input", "required", "optional", "string", "object", "undefined", "nil", "N/A", "n/a",
    # the kinds a variable summary names: `get_token: function get_token(user)`
    "function", "class", "DataFrame", "Series", "ndarray", "tuple", "set", "module", "type",
})
_AUTH_SCHEMES = frozenset({"bearer", "basic", "token", "digest", "negotiate", "apikey", "hmac"})
_IDENT = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")

# Candidates for the generic rule: base64/hex/url-safe runs without spaces.
_CANDIDATE = re.compile(r"[A-Za-z0-9+/=_\-.]{%d,}" % GENERIC_MIN_CHARS)
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")


def _skip_value(value: str) -> bool:
    """Values no rule should replace: empty, a placeholder, a template, a mask."""
    v = value.strip()
    if not v or REDACTED in v or set(v) <= set("*•xX#?._-"):
        return True
    return (v[0] == "{" and v[-1] == "}") or (v[:2] == "${" and v[-1] == "}") or (
        v[0] == "<" and v[-1] == ">") or (v[:2] == "%(" and v.endswith(")s")) or v.startswith("{{")


def _value_is_secret(key: str, value: str, after: str = "", names: frozenset = frozenset(),
                     quoted: bool = True) -> bool:
    strength = _strength(key.lstrip("-"))
    if not strength or _skip_value(value):
        return False
    if _wordish(value) and _strength(value):
        return False  # {"pwd": "password"} renames a column; the value is a name
    if not quoted and _reference(value, after, names):
        return False
    if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", value.strip()):
        return _passwordish(key)  # token_count: 512 is a number, password=123456 a secret
    return strength == "strong" or _weak_secret(value)


def _reference(value: str, after: str, names: frozenset) -> bool:
    """An unquoted value that is code: a call, an attribute, a subscript, a known name."""
    if value in _REFERENCE_WORDS or value.lower() in _AUTH_SCHEMES:
        return True
    if not _IDENT.fullmatch(value):
        return False
    if after[:1] in ("(", "[") or "." in value or value in names:
        return True
    return _strength(value) != ""  # password=pw, api_key=API_KEY, key=key


class _Redactor:
    """One pass over one text: the rules in order, recording what each replaced."""

    def __init__(self, known: Mapping[str, str], names: frozenset) -> None:
        self.known = known
        self.names = names
        self.found: dict[str, str] = {}  # value -> name, to remember

    def run(self, text: str) -> str:
        detected = _detector_values(text)
        text = _sub(_PEM, lambda m: placeholder("private_key"), text)
        text = _sub(_JWT, lambda m: placeholder("jwt"), text)
        for kind, pattern in _PROVIDERS:
            text = _sub(pattern, lambda m, kind=kind: placeholder(kind), text)
        text = _sub(_DSN, lambda m: m["pre"] + self._hide("password", m["value"], remember_it=True), text)
        text = _sub(_AUTH_HEADER, self._auth, text)
        text = _sub(_BEARER, self._bearer, text)
        text = _sub(_BASIC, lambda m: m["pre"] + placeholder("basic_auth"), text)
        text = _sub(_QUOTED, self._quoted, text)
        text = _sub(_PAIR, self._quoted, text)
        text = _sub(_TUPLE, self._tuple, text)
        text = _sub(_UNQUOTED, self._unquoted, text, rescan=True)
        text = _sub(_FLAG, self._unquoted, text, rescan=True)
        # a value found above is hidden wherever else it occurs, if it is no ordinary word
        text = _replace_known(text, {**self.known, **{v: n for v, n in self.found.items() if _registrable(v)}})
        text = _replace_known(text, detected)
        return _sub(_CANDIDATE, lambda m: placeholder("secret") if _looks_random(m[0]) else m[0], text)

    def _hide(self, name: str, value: str, remember_it: bool = False) -> str:
        if remember_it:
            self.found.setdefault(value.strip(), name)
        return placeholder(name)

    def _auth(self, m: re.Match) -> str:
        value = m["value"]
        if _skip_value(value) or not m["scheme"] and len(value) < 16 and _wordish(value):
            return m[0]
        return m["pre"] + self._hide("authorization", value, remember_it=True)

    def _bearer(self, m: re.Match) -> str:
        if _wordish(m["value"]) and len(m["value"]) < 24:
            return m[0]
        return m["pre"] + self._hide("bearer_token", m["value"], remember_it=True)

    def _quoted(self, m: re.Match) -> str:
        key, value = m["key"], m["value"]
        if not _value_is_secret(key, value):
            return m[0]
        start = m[0][: m.start("value") - m.start()]
        end = m[0][m.end("value") - m.start():]
        return start + self._hide(key, value, remember_it=True) + end

    def _tuple(self, m: re.Match) -> str:
        if _strength(m["key"]) != "strong":
            return m[0]
        literals = [x for x in _LITERAL.finditer(m["body"]) if not _skip_value(x["value"])]
        hidden = literals[1:] if len(literals) >= 2 else literals  # (user, password)
        body, last = [], 0
        for x in hidden:
            body.append(m["body"][last:x.start("value")] + self._hide(m["key"], x["value"], True))
            last = x.end("value")
        return m["key"] + m["sep"] + "".join(body) + m["body"][last:]

    def _unquoted(self, m: re.Match) -> str | None:
        """The replacement, or None to look again from the value on: it may start a
        pair of its own (`url: https://h/?token=…`, `source: password: …`)."""
        key, value = m["key"], m["value"]
        after = m.string[m.end():m.end() + 1]
        if not _value_is_secret(key.rsplit(".", 1)[-1], value, after, self.names, quoted=False):
            return None
        return m["key"] + m["sep"] + self._hide(key.lstrip("-"), value, remember_it=_registrable(value))


def _sub(pattern: re.Pattern, repl, text: str, rescan: bool = False) -> str:
    """``pattern.sub`` on the parts of ``text`` outside placeholders.

    With ``rescan``, ``repl`` may return None for "no match here": the search then goes
    on from the match's ``value`` group rather than after the whole match."""
    sub = (lambda part: _rescanning_sub(pattern, repl, part)) if rescan else (
        lambda part: pattern.sub(repl, part))
    if REDACTED not in text:
        return sub(text)
    pieces, last = [], 0
    for m in _PLACEHOLDER.finditer(text):
        pieces.append(sub(text[last:m.start()]))
        pieces.append(m[0])
        last = m.end()
    pieces.append(sub(text[last:]))
    return "".join(pieces)


def _rescanning_sub(pattern: re.Pattern, repl, text: str) -> str:
    out, pos, copied = [], 0, 0
    while (m := pattern.search(text, pos)) is not None:
        new = repl(m)
        if new is None:
            pos = max(m.start("value"), m.start() + 1)
            continue
        out.append(text[copied:m.start()])
        out.append(new)
        pos = copied = m.end()
    out.append(text[copied:])
    return "".join(out)


def _replace_known(text: str, known: Mapping[str, str]) -> str:
    values = [v for v in known if v and v in text]
    if not values:
        return text
    values.sort(key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(v) for v in values))
    return _sub(pattern, lambda m: placeholder(known[m[0]]), text)


# --- detect-secrets ------------------------------------------------------------------

_DETECTOR_KINDS = {
    "AWS Access Key": "aws_secret", "Basic Auth Credentials": "password",
    "Base64 High Entropy String": "secret", "Hex High Entropy String": "secret",
    "JSON Web Token": "jwt", "Private Key": "private_key", "Secret Keyword": "secret",
    "GitHub Token": "github_token", "Slack Token": "slack_token", "Stripe Access Key": "stripe_key",
    "OpenAI Token": "openai_key",
}
_detectors: list | None = None
_detectors_lock = threading.Lock()


def _load_detectors() -> list:
    """detect-secrets' plugins, without the public-IP one (an address is no credential)."""
    global _detectors
    with _detectors_lock:
        if _detectors is None:
            try:
                from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
                from detect_secrets.filters import heuristic
            except ImportError:  # the package is a dependency; without it our rules still run
                _detectors = []
                return _detectors
            plugins = []
            for cls in get_mapping_from_secret_type_to_class().values():
                if cls.__name__ == "IPPublicDetector":
                    continue
                try:
                    plugins.append(cls())
                except TypeError:
                    continue
            _detectors = [(plugin, heuristic) for plugin in plugins]
    return _detectors


def _detector_values(text: str) -> dict[str, str]:
    """value -> kind for what detect-secrets finds in ``text``, line by line.

    Only the plugins' string analysis is used: no baseline, no settings, no verification
    (verification would send the candidate to the provider over the network).
    """
    out: dict[str, str] = {}
    detectors = _load_detectors()
    if not detectors or not text.strip():
        return out
    for line in _lines(text):
        for plugin, heuristic in detectors:
            try:
                found = list(plugin.analyze_string(line))
            except Exception:  # noqa: BLE001 - a detector's failure must not stop a prompt
                continue
            for value in found:
                if not isinstance(value, str) or not value.strip():
                    continue
                if not _keep_detected(plugin, heuristic, value, line):
                    continue
                out.setdefault(value, _DETECTOR_KINDS.get(plugin.secret_type,
                                                          _slug(plugin.secret_type)))
    return out


def _keep_detected(plugin: Any, heuristic: Any, value: str, line: str) -> bool:
    name = type(plugin).__name__
    if REDACTED in value or heuristic.is_templated_secret(value) or heuristic.is_sequential_string(value):
        return False
    if heuristic.is_potential_uuid(value) or heuristic.is_likely_id_string(value, line, plugin):
        return False
    if "HighEntropy" in name:
        if plugin.calculate_shannon_entropy(value) <= plugin.entropy_limit:
            return False
    if name == "KeywordDetector":
        # the value is replaced wherever it occurs: an ordinary word must not be
        return _registrable(value) and not heuristic.is_indirect_reference(line)
    if name == "PrivateKeyDetector":
        return False  # it returns the BEGIN line; our PEM rule takes the whole block
    return len(value) >= 8


def _lines(text: str) -> Iterable[str]:
    for line in text.splitlines():
        if len(line) <= DETECTOR_LINE_CHARS:
            yield line
            continue
        step = DETECTOR_LINE_CHARS - 200
        for start in range(0, len(line), step):
            yield line[start:start + DETECTOR_LINE_CHARS]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "secret"


# --- the generic rule ----------------------------------------------------------------


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


# --- the entry points ----------------------------------------------------------------


def _known_now(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every value known to be secret now: remembered (already vetted by
    :func:`remember`), in the environment, and ``extra``."""
    fresh = {**_environment_values(), **(extra or {})}
    with _lock:
        known = dict(_known)
    known.update((v, n) for v, n in fresh.items() if _registrable(v))
    return known


def redact_text(text: str, *, known: Mapping[str, str] | None = None,
                names: Iterable[str] = ()) -> str:
    """``text`` with every secret found replaced by ``<redacted:NAME>``.

    ``known`` maps values already known to be secret to their names (they are replaced
    wherever they occur); ``names`` are variable names in scope, so that ``password=pw``
    reads as code when ``pw`` is one of them. Values found under secret names are
    remembered for later prompts (see :func:`remember`). Idempotent: placeholders are
    left as they are.
    """
    if not isinstance(text, str) or not text:
        return text
    redactor = _Redactor(_known_now(known), frozenset(names))
    out = redactor.run(text)
    for value, name in redactor.found.items():
        remember(value, name)
    return out


def contains_secret(text: str) -> bool:
    """True when :func:`redact_text` would change ``text`` (nothing is remembered)."""
    if not isinstance(text, str) or not text:
        return False
    return _Redactor(_known_now(), frozenset()).run(text) != text


def redact_messages(messages: list[dict], namespace: Mapping[str, Any] | None = None) -> list[dict]:
    """Chat messages with every secret redacted: the last step before the engine.

    Text content is redacted (a list of parts: each text part; images pass as they
    are, see :mod:`spark_nb.assist.charts.vision`). Secrets are looked for in the text
    itself, among the values of ``namespace`` (and of the main module, which in a
    notebook is the user's namespace) and the environment, and among the values
    remembered from earlier prompts. A value found under a secret name in one message
    is replaced in every message. Returns new message dicts; ``messages`` is unchanged.
    """
    known = {**_main_values(), **secret_values(namespace)}
    names = frozenset(k for k in (namespace or {}) if isinstance(k, str))
    for value, name in known.items():
        remember(value, name)
    out = [_redact_message(m, known, names) for m in messages]
    # a secret learnt in a later message (an assignment) may sit bare in an earlier one
    again = _known_now(known)
    return [_redact_message(m, again, names) for m in out]


def _redact_message(message: Any, known: Mapping[str, str], names: frozenset) -> Any:
    if not isinstance(message, dict):
        return message
    content = message.get("content")
    if isinstance(content, str):
        return {**message, "content": redact_text(content, known=known, names=names)}
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                part = {**part, "text": redact_text(part["text"], known=known, names=names)}
            elif isinstance(part, str):
                part = redact_text(part, known=known, names=names)
            parts.append(part)
        return {**message, "content": parts}
    return message


MAX_FRAMES = 50


def remember_frames(exc: BaseException) -> None:
    """Remember the secrets held by the locals of every frame ``exc`` passed through
    (its causes and contexts too): an exception message often quotes an argument
    (``login refused for ann:hunter2``) that a frame holds under a secret name."""
    seen: set[int] = set()
    frames = 0
    while exc is not None and id(exc) not in seen and frames < MAX_FRAMES:
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None and frames < MAX_FRAMES:
            frames += 1
            try:
                remember_namespace(tb.tb_frame.f_locals)
            except Exception:  # noqa: BLE001 - a frame's locals may be odd; never raise
                pass
            tb = tb.tb_next
        exc = exc.__cause__ or exc.__context__
