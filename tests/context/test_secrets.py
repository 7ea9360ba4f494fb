"""The redaction rules: what is hidden, under which name, and what ordinary text keeps."""

from __future__ import annotations

import socket
import subprocess
import sys
import types

import pytest

from spark_nb.context import secrets
from spark_nb.context.secrets import (
    contains_secret, looks_secret, looks_secret_name, placeholder, redact_messages, redact_text,
)


@pytest.fixture(autouse=True)
def fresh_memory():
    secrets.forget()
    yield
    secrets.forget()


@pytest.mark.parametrize("text, expected", [
    ("postgresql://analyst:Tr0ub4dor-88@db.internal:5432/sales",
     "postgresql://analyst:<redacted:password>@db.internal:5432/sales"),
    ("mysql+pymysql://etl:Qm7-vR2xLp@10.0.0.5:3306/shop", "mysql+pymysql://etl:<redacted:password>@10.0.0.5:3306/shop"),
    ("redis://:R3d1s-s3cret@cache:6379/0", "redis://:<redacted:password>@cache:6379/0"),
    ("https://h.example.com/x?user=ann&password=Pl4in-Pa55&fmt=csv",
     "https://h.example.com/x?user=ann&password=<redacted:password>&fmt=csv"),
    ("Server=sql;Uid=sa;Pwd=Zx81pWd!q;", "Server=sql;Uid=sa;Pwd=<redacted:Pwd>;"),
    ('{"Authorization": "Bearer 9Xk2mQ7vLp4sR8tW"}', '{"Authorization": "Bearer <redacted:authorization>"}'),
    ("Authorization: Basic YW5hbHlzdDpUcjB1YjRkb3I=", "Authorization: Basic <redacted:authorization>"),
    ('API_KEY = "s3cr3t-Pa55"', 'API_KEY = "<redacted:API_KEY>"'),
    ('password: str = "hunter2x"', 'password: str = "<redacted:password>"'),
    ('os.environ["DB_PASS"] = "pa55w0rd!"', 'os.environ["DB_PASS"] = "<redacted:DB_PASS>"'),
    ('os.environ.setdefault("TOKEN", "t0k-991x")', 'os.environ.setdefault("TOKEN", "<redacted:TOKEN>")'),
    ("connect(host='db', password='s3cr3t!9z')", "connect(host='db', password='<redacted:password>')"),
    ("cfg.secret = 'at7r-s3cret'", "cfg.secret = '<redacted:secret>'"),
    ("auth=('analyst', 'Tup1e-Pa55')", "auth=('analyst', '<redacted:auth>')"),
    ("sync --token cli-t0k-889 --verbose", "sync --token <redacted:token> --verbose"),
    ("source: password: Yaml-Pa55-1", "source: password: <redacted:password>"),
    ("key = 'x7Gh2kPq'", "key = '<redacted:key>'"),
    ("パスワード: Nihon-Pa55", "パスワード: <redacted:パスワード>"),
])
def test_secrets_are_replaced_under_their_names(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize("kind, value", [
    ("jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmFseXN0In0.Zm9vYmFyLWZha2Utc2ln"),
    ("aws_access_key", "AKIAZ7FAKEEXAMPLE4QX"),
    ("github_token", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"),
    ("slack_token", "xoxb-2480135791-4826195730-FakeTokenValue0123"),
    ("google_api_key", "AIzaY40uvSwMFLZDe1f8rESQedUStPKR0CsTy4Q"),
    ("openai_key", "sk-proj-TAwR4y9ojfljoQoaF1LlqsajAIxNKu8iS2G8NPRV"),
    ("stripe_key", "sk_test_dD53X83RZJzzzzgEOzdmenCk"),
    ("huggingface_token", "hf_wb8DwkNhFdnXsiVpzz63FfkCzJr4i0B3Jr"),
])
def test_provider_formats_are_named_by_kind(kind, value):
    assert redact_text(f"using {value} today") == f"using {placeholder(kind)} today"


def test_a_pem_key_is_redacted_across_lines_and_in_a_repr():
    pem = ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2kQmFAKE\n"
           "q8Vh0yUcd7LpXbE2fakeFAKEkeyBODYline02\n-----END RSA PRIVATE KEY-----")
    assert redact_text(f"key:\n{pem}\ndone") == "key:\n<redacted:private_key>\ndone"
    assert "MIIEpQIB" not in redact_text(repr(pem))
    # clipped before its END line: the body still goes
    assert "MIIEpQIB" not in redact_text(pem[:90])


def test_detect_secrets_catches_what_our_patterns_do_not():
    # a quoted high-entropy string under an innocent name: detect-secrets' Base64 plugin
    value = "Zx9Q2vL7mN4pR8sT1wK6yB3cD5fG0hJq"
    assert value not in redact_text(f'blob = "{value}"')
    from spark_nb.context import secrets as redact

    assert any("HighEntropy" in type(p).__name__ for p, _ in redact._load_detectors())
    assert not any(type(p).__name__ == "IPPublicDetector" for p, _ in redact._load_detectors())


@pytest.mark.parametrize("text", [
    "df.groupby('region')['revenue'].sum()", "data/2023/q4/sales_v2_final.parquet",
    "customer_lifetime_value_2023 = 3.5", "https://example.com/data.csv?year=2024&page=2",
    "token = os.environ['GITHUB_TOKEN']", "password = getpass.getpass()",
    "connect(user=u, password=pw)", "df.sort_values(key=len)", "key = 'region'",
    "max_tokens=512, token_count: 40", "if token:\n    return 1",
    'df.rename(columns={"pwd": "password"})', "def login(user, password: str = None): ...",
    "headers = {'Authorization': f'Bearer {token}'}", "Bearer tokens expire after an hour.",
    "The author's passage on authority", "pip install scikit-learn", "sk-learn-tutorial-notes",
    "   region  revenue\n0  east     10.0\n1  west     20.0", "1.2345678901234567e-05",
    "10.0.0.5", "2024-01-01T00:00:00.000", "Qwen2.5-Coder-0.5B-Instruct-GGUF",
    "get_token: function get_token(user) — Fetch a token.",
])
def test_ordinary_text_is_left_alone(text):
    assert redact_text(text) == text


def test_redaction_is_idempotent():
    text = ('db = "postgresql://u:Tr0ub4dor-88@h/db"\nAPI_KEY = "s3cr3t-Pa55"\n'
            "password: <redacted:password>")
    once = redact_text(text)
    assert redact_text(once) == once


def test_a_value_found_under_a_secret_name_is_hidden_when_it_shows_up_bare():
    out = redact_text('db_password = "hunter2x"\nprint(db_password)\n# hunter2x')
    assert "hunter2x" not in out and out.endswith("# <redacted:db_password>")
    # and in a later prompt too
    assert redact_text("ValueError: bad literal 'hunter2x'") == "ValueError: bad literal '<redacted:db_password>'"


def test_ordinary_words_are_never_remembered_as_secrets():
    redact_text('token_col = "session"\nsecret = value')
    assert redact_text("the session value") == "the session value"


def test_names():
    for name in ("API_KEY", "openai_token", "dbPassword", "x-api-key", "db_pass", "AWS_SECRET_ACCESS_KEY",
                 "client_secret", "auth", "user_pw", "パスワード", "Authorization"):
        assert looks_secret_name(name), name
    for name in ("author", "tokens", "max_tokens", "keyboard", "passage", "authority", "pass_rate",
                 "key", "sort_key", "monkey"):
        assert not looks_secret_name(name), name
    # a weak name hides a key-like string, not a word
    assert looks_secret("key", "x7Gh2kPq") and not looks_secret("key", "region")
    assert not looks_secret("get_token", lambda: None)


def test_messages_are_redacted_and_left_unchanged():
    messages = [{"role": "system", "content": "You write code."},
                {"role": "user", "content": [{"type": "text", "text": "use ?token=t0k3n-98XzQw"},
                                             {"type": "image", "image": b"png"}]}]
    out = redact_messages(messages)
    assert out[1]["content"][0]["text"] == "use ?token=<redacted:token>"
    assert out[1]["content"][1] == {"type": "image", "image": b"png"}
    assert messages[1]["content"][0]["text"] == "use ?token=t0k3n-98XzQw"


def test_messages_learn_from_the_namespace_and_the_environment(monkeypatch):
    monkeypatch.setenv("SERVICE_TOKEN", "svc-4921-tok")
    monkeypatch.setenv("HOME_DIR_PWD", "/home/analyst")  # a path under a secret name: left alone
    ns = {"cfg": types.SimpleNamespace(host="db", secret="at7r-s3cret"),
          "settings": {"db": {"password": "n3sted-Pw9"}}, "sales_2023": "plain"}
    out = redact_messages([{"role": "user", "content":
                            "at7r-s3cret n3sted-Pw9 svc-4921-tok sales_2023 /home/analyst"}], ns)
    assert out[0]["content"] == ("<redacted:secret> <redacted:password> <redacted:SERVICE_TOKEN> "
                                 "sales_2023 /home/analyst")


def test_a_secret_learnt_late_in_the_messages_is_hidden_early_too():
    messages = [{"role": "user", "content": "Out: hunter2x"},
                {"role": "user", "content": 'db_password = "hunter2x"'}]
    assert all("hunter2x" not in m["content"] for m in redact_messages(messages))


def test_traceback_text_hides_the_secrets_of_frame_locals():
    from spark_nb.context.tracebacks import describe

    def login(user, password):
        raise PermissionError(f"login refused for {user}:{password}")

    try:
        login("ann", "hunter2x")
    except PermissionError as exc:
        text = describe(exc, "login('ann', pw)", {})
    assert "hunter2x" not in text and "login refused for ann:<redacted:password>" in text


def test_summaries_name_what_they_hide():
    pd = pytest.importorskip("pandas")
    from spark_nb.context.builder import build_context

    frame = pd.DataFrame({"user": ["ann"], "key": ["x7Gh2kPq"], "group_key": ["east"]})
    text = build_context({"users": frame, "headers": {"X-Api-Key": "xk-4410-Qq9z", "Accept": "csv"},
                          "DB_PASSWORD": "hunter2x"}).render()
    assert "x7Gh2kPq" not in text and "<redacted:key>" in text and "east" in text
    assert "'X-Api-Key': <redacted:X-Api-Key>" in text and "'Accept': 'csv'" in text
    assert "DB_PASSWORD: str = <redacted:DB_PASSWORD>" in text


def test_redaction_makes_no_network_call(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the redaction tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert "<redacted:" in redact_text("xoxb-2480135791-4826195730-FakeTokenValue0123 AKIAZ7FAKEEXAMPLE4QX")
    assert contains_secret("sk_test_dD53X83RZJzzzzgEOzdmenCk")


def test_the_redaction_module_is_pure_data_code():
    code = ("import sys, spark_nb.context.secrets as r\nr.redact_text('password=hunter2x')\n"
            "print(sorted(m for m in ('IPython', 'pandas', 'numpy', 'spark_nb.kernel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
