"""Secrets never reach a prompt: a corpus of credential shapes through every path.

Each shape puts a fake (but realistic-looking) credential somewhere a notebook puts
one: a variable, a dict key, a keyword argument, an attribute, an environment variable,
a connection string, a header, a key file. The paths are driven end to end and every
request is captured at the engine interface (``stream()`` for the tasks, ``complete()``
for the report): %%spark (variables, DataFrame rows, recent cells and their outputs),
its repair prompts, the error hook and ``diagnose`` (cell source, traceback text, frame
locals, exception message), ``%spark chart`` / ``analyze_figure`` (labels, titles, the
vision image) and ``export_report`` (code, outputs, Markdown). No captured message may
hold a secret, and ordinary data (column names, numbers, a URL without credentials)
must still be there.
"""

from __future__ import annotations

import re

import json
import os
import types
from dataclasses import dataclass

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("IPython")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from spark_nb.context import secrets as redact  # noqa: E402
from tests.assist.test_generate import ScriptedEngine, block  # noqa: E402

DATA_URL = "https://example.com/data/sales.csv?year=2024&page=2"  # no credentials: must stay


@dataclass(frozen=True)
class Shape:
    """One credential as a notebook holds it.

    ``setup`` defines ``var``; ``expr`` evaluates to what a cell would print;
    ``inline`` is how the credential reads in free text (a title, a log line);
    ``secret`` is what must never reach a prompt (any piece of it that is distinctive).
    """

    id: str
    var: str
    setup: str
    expr: str
    inline: str
    secret: str


def _s(id, var, value, secret, inline=None, expr=None):
    return Shape(id, var, f"{var} = {value!r}", expr or var, inline or str(value), secret)


PEM = ("-----BEGIN RSA PRIVATE KEY-----\n"
       "MIIEpQIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2kQmEFAKEFAKEfakeKeyBodyLine01\n"
       "q8Vh0yUcd7LpXbE2fakeFAKEkeyBODYline02ZkR4nS7tWmQ9xJ3yH6vB1cD8eF2g\n"
       "-----END RSA PRIVATE KEY-----")
OPENSSH = ("-----BEGIN OPENSSH PRIVATE KEY-----\n"
           "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQFAKEFAKEsshKeyBody0001\n"
           "-----END OPENSSH PRIVATE KEY-----")
AZURE_KEY = "vUN61LEphAU08/OHXCWwi+oGwodM+qTdF7LYQoRd6CpbxTmIiseAVKI5nM/J/MLaMc490Wa9zTozhH5buwf9Bw=="
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbmFseXN0Iiwicm9sZSI6ImFkbWluIn0."
       "Zm9vYmFyLWZha2Utc2lnbmF0dXJlLTEyMzQ1Njc4OTA")

SHAPES = [
    # DSNs with a password
    _s("dsn_postgres", "db_url", "postgresql://analyst:Tr0ub4dor-88@db.internal:5432/sales", "Tr0ub4dor-88"),
    _s("dsn_mysql", "engine_url", "mysql+pymysql://etl:Qm7-vR2xLp@10.0.0.5:3306/shop", "Qm7-vR2xLp"),
    _s("dsn_mongodb_srv", "mongo_uri",
       "mongodb+srv://app:Mng0Pa55w0rd9@cluster0.ab12c.mongodb.net/test?retryWrites=true", "Mng0Pa55w0rd9"),
    _s("dsn_redis", "cache_url", "redis://:R3d1s-s3cret-77@cache.internal:6379/0", "R3d1s-s3cret-77"),
    # headers
    _s("header_bearer", "headers", {"Authorization": "Bearer 9Xk2mQ7vLp4sR8tW", "Accept": "text/csv"},
       "9Xk2mQ7vLp4sR8tW", inline="Authorization: Bearer 9Xk2mQ7vLp4sR8tW"),
    _s("header_basic", "auth_line", "Authorization: Basic YW5hbHlzdDpUcjB1YjRkb3I=", "YW5hbHlzdDpUcjB1YjRkb3I="),
    _s("bearer_in_log", "last_log", "POST /ingest 401 (sent Bearer 4f9KqL2mZx8Vt7Rb)", "4f9KqL2mZx8Vt7Rb"),
    _s("header_api_key", "request_headers", {"X-Api-Key": "xk-4410-Qq9z", "User-Agent": "etl/1.0"},
       "xk-4410-Qq9z", inline="X-Api-Key: xk-4410-Qq9z"),
    # unquoted name=value inside strings
    _s("query_password", "export_url", "https://api.example.com/v2/export?user=ann&password=Pl4in-Pa55&fmt=csv",
       "Pl4in-Pa55"),
    _s("query_token", "hook_url", "https://hooks.example.com/ingest?token=t0k3n-98XzQw&src=nb", "t0k3n-98XzQw"),
    _s("odbc_pwd", "conn_str", "Driver={ODBC Driver 18};Server=sql.internal;Uid=sa;Pwd=Zx81pWd!q;", "Zx81pWd!q"),
    _s("azure_account_key", "storage_conn",
       f"DefaultEndpointsProtocol=https;AccountName=salesacct;AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net",
       AZURE_KEY[:40]),
    _s("yaml_password", "config_text", "database:\n  host: db.internal\n  password: Yaml-Pa55-1\n", "Yaml-Pa55-1",
       inline="password: Yaml-Pa55-1"),
    _s("cli_token", "command", "sync --token cli-t0k-889 --verbose", "cli-t0k-889"),
    # token formats
    _s("jwt", "session", JWT, "Zm9vYmFyLWZha2Utc2lnbmF0dXJl"),
    _s("pem_rsa", "key_text", PEM, "MIIEpQIBAAKCAQEA3Tz2mr7SZiAM"),
    _s("pem_openssh", "deploy_material", OPENSSH, "b3BlbnNzaC1rZXktdjEAAAAABG5v"),
    _s("aws_access_key_id", "aws_id", "AKIAZ7FAKEEXAMPLE4QX", "AKIAZ7FAKEEXAMPLE4QX"),
    _s("aws_secret_key", "aws_secret_access_key", "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",
       "hvMdgaKjIg8xNbe3nNyjOq9wMxEhh2FDEEtfjgVv",
       inline="aws_secret_access_key = hvMdgaKjIg8xNbe3nNyjOq9wMxEhh2FDEEtfjgVv"),
    _s("github_classic", "gh", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", "u8jzPde0IgxLd6GncfBA"),
    _s("github_fine_grained", "gh_pat",
       "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",
       "KLzdocJ2isAjIhKtJ0Rl"),
    _s("slack_bot", "slack", "xoxb-2480135791-4826195730-FakeTokenValue0123", "FakeTokenValue0123"),
    _s("slack_webhook", "webhook", "https://hooks.slack.com/services/T0FAKE123/B0FAKE456/Xy7Fake9Webhook0Path",
       "Xy7Fake9Webhook0Path"),
    _s("google_api_key", "maps", "AIzaY40uvSwMFLZDe1f8rESQedUStPKR0CsTy4Q", "Y40uvSwMFLZDe1f8rESQ"),
    _s("openai_key", "client_cfg", "sk-proj-TAwR4y9ojfljoQoaF1LlqsajAIxNKu8iS2G8NPRV", "TAwR4y9ojfljoQoaF1Ll"),
    _s("stripe_test_key", "billing", "sk_test_dD53X83RZJzzzzgEOzdmenCk", "dD53X83RZJzzzzgEOzdmenCk"),
    _s("huggingface", "hub", "hf_wb8DwkNhFdnXsiVpzz63FfkCzJr4i0B3Jr", "wb8DwkNhFdnXsiVpzz63"),
    _s("sendgrid", "mailer", "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",
       "vnEN5N1aE6PwZPf1Qh6y"),
    # short values known only by their names
    _s("var_password", "db_password", "hunter2x", "hunter2x", inline="db_password: hunter2x"),
    _s("var_weak_key", "key", "x7Gh2kPq", "x7Gh2kPq", inline="key=x7Gh2kPq"),
    _s("var_japanese", "パスワード", "Nihon-Pa55", "Nihon-Pa55", inline="パスワード: Nihon-Pa55"),
    Shape("dict_key", "creds_cfg", "creds_cfg = {'user': 'ann', 'api_key': 'k3y-77xQ'}", "creds_cfg['api_key']",
          "api_key: k3y-77xQ", "k3y-77xQ"),
    Shape("kwarg", "conn_args", "conn_args = dict(host='db.internal', password='s3cr3t!9z')",
          "conn_args['password']", "connect(host='db.internal', password='s3cr3t!9z')", "s3cr3t!9z"),
    Shape("attribute", "cfg", "import types\ncfg = types.SimpleNamespace(host='db', secret='at7r-s3cret')",
          "cfg.secret", "cfg.secret = at7r-s3cret", "at7r-s3cret"),
    Shape("environment", "env_token",
          "import os\nos.environ['SERVICE_TOKEN'] = 'svc-4921-tok'\nenv_token = os.environ['SERVICE_TOKEN']",
          "env_token", "SERVICE_TOKEN=svc-4921-tok", "svc-4921-tok"),
    Shape("basic_auth_tuple", "auth", "auth = ('analyst', 'Tup1e-Pa55')", "auth",
          "requests.get(url, auth=('analyst', 'Tup1e-Pa55'))", "Tup1e-Pa55"),
    _s("hex_secret", "session_hex", "3f9a7c2e8b1d4f6a0c5e9b2d7a4f1c8e", "3f9a7c2e8b1d4f6a0c5e9b2d7a4f1c8e",
       inline="session_secret = '3f9a7c2e8b1d4f6a0c5e9b2d7a4f1c8e'"),
]
IDS = [s.id for s in SHAPES]


def test_the_corpus_is_large_and_distinct():
    assert len(SHAPES) >= 30
    assert len(set(IDS)) == len(IDS) and len({s.secret for s in SHAPES}) == len(SHAPES)


def captured(calls) -> str:
    """Every message of every request an engine received, as one text."""
    texts = []
    for call in calls:
        messages = call[0] if isinstance(call, tuple) else call
        for m in messages:
            content = m["content"]
            if isinstance(content, str):
                texts.append(content)
            else:
                texts.extend(p.get("text", "") for p in content if isinstance(p, dict))
    return "\n".join(texts)


def assert_clean(text: str, shape: Shape) -> None:
    assert text, "nothing was captured: the path did not reach the engine"
    assert shape.secret not in text, f"{shape.id} leaked:\n{text}"
    assert "<redacted:" in text, f"{shape.id}: nothing was redacted, so the secret never got in?"


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    """Each test proves its path alone: nothing remembered from another test."""
    redact.forget()
    monkeypatch.delenv("SERVICE_TOKEN", raising=False)
    yield
    redact.forget()
    os.environ.pop("SERVICE_TOKEN", None)


def _value(shape: Shape):
    ns: dict = {}
    exec(shape.setup + f"\n__out__ = {shape.expr}", ns)
    return ns["__out__"]


def _printed(shape: Shape) -> str:
    return str(_value(shape))


# --- %%spark: variables, recent cells and their outputs -----------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_spark_prompt_holds_no_secret(ip, scripted, shape):
    ip.user_ns["data_url"] = DATA_URL
    ip.run_cell(shape.setup, store_history=True)
    ip.run_cell(f"print({shape.expr})", store_history=True)
    ip.run_cell(shape.expr, store_history=True)  # its repr becomes Out[n]
    engine = scripted(block("print(len(sales))"))
    ip.run_cell_magic("spark", "--no-check", "print how many rows sales has")
    text = captured(engine.calls)
    assert_clean(text, shape)
    # ordinary data still reaches the model
    for word in ("sales", "region", "revenue", "20.0", DATA_URL):
        assert word in text, word
    assert shape.var in text  # the secret's name is kept: the model can use the variable


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_dataframe_rows_hold_no_secret(ip, scripted, shape):
    ip.run_cell(shape.setup, store_history=False)
    ip.user_ns["events"] = pd.DataFrame({"region": ["east", "west", "north"],
                                         "revenue": [10.5, 20.25, 7.0],
                                         "note": [_printed(shape)[:200], "ok", "retry"]})
    engine = scripted(block("print(events['revenue'].sum())"))
    ip.run_cell_magic("spark", "--no-check", "sum the revenue of events")
    text = captured(engine.calls)
    assert_clean(text, shape)
    assert "20.25" in text and "retry" in text and "note (" in text


def test_secret_columns_are_hidden_but_the_table_stays(ip, scripted):
    ip.user_ns["users"] = pd.DataFrame({"user": ["ann", "bob"], "password": ["Hunt3r-99", "Sw0rd-fi5h"],
                                        "api_key": ["k1-Xq9Lm2", "k2-Pz8Wn4"], "visits": [12, 7]})
    engine = scripted(block("print(users['visits'].sum())"))
    ip.run_cell_magic("spark", "--no-check", "total visits of users")
    text = captured(engine.calls)
    for secret in ("Hunt3r-99", "Sw0rd-fi5h", "k1-Xq9Lm2", "k2-Pz8Wn4"):
        assert secret not in text
    assert "<redacted:password>" in text and "<redacted:api_key>" in text
    assert "ann" in text and "visits" in text and "12" in text


# --- %%spark repairs: the model's code and the checks' messages -----------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_repair_prompt_holds_no_secret_the_model_echoed(ip, scripted, shape):
    # the model's first answer carries the credential and fails the name check, so the
    # repair round shows the model its own code
    leaked = json.dumps(shape.inline, ensure_ascii=False)
    engine = scripted(block(f"note = {leaked}\nprint(undefined_total)"), block("print(len(sales))"))
    ip.run_cell_magic("spark", "", "print how many rows sales has")
    assert len(engine.calls) == 2, "no repair round happened"
    assert_clean(captured(engine.calls[1:]), shape)
    assert "undefined_total" in captured(engine.calls[1:])  # the problem itself still goes back


def test_repair_prompt_holds_no_secret_a_dry_run_quoted(ip, scripted):
    # the model's code reads a secret variable; the dry run's error message quotes it
    ip.user_ns["db_password"] = "hunter2x"
    engine = scripted(block("pin = int(db_password)"), block("pin = 0"), block("pin = 1"))
    ip.run_cell_magic("spark", "", "turn the password into a number pin")
    later = captured(engine.calls[1:])
    assert "invalid literal" in later or "ValueError" in later
    assert "hunter2x" not in captured(engine.calls) and "<redacted:db_password>" in later


# --- the error hook and diagnose ----------------------------------------------------


@pytest.fixture
def hook(ip, monkeypatch, tmp_path):
    monkeypatch.setenv("SPARK_NB_CACHE_DIR", str(tmp_path))
    h = ip.magics_manager.registry["SparkMagics"].hook
    ip.run_line_magic("spark", "auto explain")
    yield h
    h.wait(30)
    ip.user_ns.pop("__vsc_ipynb_file__", None)


def _failing_cell(shape: Shape) -> str:
    return (f"{shape.setup}\n"
            "def send(payload, region='east'):\n"
            "    raise ConnectionError(f'upstream refused {payload} for {region}')\n"
            f"send({shape.expr})\n")


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_error_hook_prompt_holds_no_secret(ip, hook, scripted, shape, tmp_path):
    # the saved notebook holds the secret too (the rules read its cells)
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(_failing_cell(shape))])
    path = tmp_path / "analysis.ipynb"
    nbformat.write(nb, path)
    ip.user_ns["__vsc_ipynb_file__"] = str(path)
    engine = scripted("The upstream service refused the request; check the endpoint.")
    ip.run_cell(_failing_cell(shape), store_history=True)
    assert hook.wait(30)
    d = hook.last.diagnosis
    assert d is not None and d.error_type == "ConnectionError"
    text = captured(engine.calls)
    assert_clean(text, shape)
    assert "ConnectionError" in text and "upstream refused" in text and "send(" in text
    assert shape.secret not in captured([d.messages])


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_diagnose_from_traceback_text_holds_no_secret(shape):
    from spark_nb.assist.diagnose import diagnose

    source = _failing_cell(shape)
    tb = (f"Traceback (most recent call last):\n  File \"<cell>\", line 4, in <module>\n"
          f"ConnectionError: upstream refused {shape.inline} for east")
    engine = ScriptedEngine("The service refused the request.")
    diagnose(source, tb, {}, engine=engine, offer_fixes=False, dry_run="off",
             history=[source], notebook_cells=[source])
    text = captured(engine.calls)
    assert_clean(text, shape)
    assert "for east" in text


def test_a_fix_whose_check_quotes_a_secret_is_repaired_without_it(ip, scripted, tmp_path, monkeypatch):
    from spark_nb.assist.diagnose import diagnose

    ns = {"db_password": "hunter2x", "sales": ip.user_ns["sales"]}
    try:
        exec("pin = int(db_pasword)", dict(ns))
    except NameError as exc:
        error = exc
    engine = ScriptedEngine("Typo.\n```python\npin = int(db_password)\n```",
                            "Still wrong.\n```python\npin = 0\n```")
    diagnose("pin = int(db_pasword)", error, ns, engine=engine, use_model=True, dry_run="sandbox")
    assert len(engine.calls) == 2  # the first fix failed its dry run: a repair was asked
    assert "hunter2x" not in captured(engine.calls)


# --- charts -------------------------------------------------------------------------


def _figure(shape: Shape):
    fig, ax = plt.subplots()
    ax.bar(["east", "west"], [10.0, 20.0])
    ax.set_title(f"Revenue (source: {shape.inline})"[:300])
    ax.set_xlabel("region")
    ax.set_ylabel("revenue")
    return fig


@pytest.fixture
def no_figures():
    plt.close("all")
    yield
    plt.close("all")


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_chart_prompt_holds_no_secret(shape, no_figures):
    from spark_nb.assist.charts import analyze_figure

    engine = ScriptedEngine("West is highest at 20.", "West is highest at 20.", "West is 20.", "East is 10.")
    analyze_figure(_figure(shape), f"which region is highest? ({shape.inline})", engine=engine)
    text = captured(engine.calls)
    assert_clean(text, shape)
    assert "east" in text and "west" in text and "20" in text


def test_chart_magic_prompt_holds_no_secret(ip, scripted, no_figures):
    shape = next(s for s in SHAPES if s.id == "query_token")
    engine = scripted("West is highest at 20.")
    ip.run_cell("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                "ax.bar(['east', 'west'], [10.0, 20.0])\n"
                f"ax.set_title({shape.inline!r})\n")
    ip.run_line_magic("spark", "chart which region is highest?")
    assert_clean(captured(engine.calls), shape)


class _VisionEngine:
    """An OpenAI-compatible engine that records what it is sent, images included."""

    def __init__(self) -> None:
        self.info = types.SimpleNamespace(backend="openai")
        self.calls: list = []
        self.images = 0

    def stream(self, messages, **options):
        self.calls.append((list(messages), options))
        self.images += sum(1 for m in messages if isinstance(m["content"], list)
                           for p in m["content"] if p.get("type") == "image")
        return ScriptedEngine("West is highest at 20.").stream(messages)


@pytest.mark.parametrize("shape", [s for s in SHAPES if s.id in (
    "dsn_postgres", "query_token", "jwt", "aws_access_key_id", "var_password", "openai_key")],
    ids=lambda s: s.id)
def test_vision_never_sends_an_image_showing_a_secret(shape, monkeypatch, no_figures):
    from spark_nb.assist.charts import analyze_figure

    vision = _VisionEngine()
    monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: vision)
    result = analyze_figure(_figure(shape), vision=True, vision_model="openai:vision-test")
    assert vision.images == 0 and not result.vision
    assert "looks like a secret" in result.note
    assert_clean(captured(vision.calls), shape)


def test_vision_still_sends_an_ordinary_figure(monkeypatch, no_figures):
    from spark_nb.assist.charts import analyze_figure

    vision = _VisionEngine()
    monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: vision)
    fig, ax = plt.subplots()
    ax.bar(["east", "west"], [10.0, 20.0])
    ax.set_title(f"Revenue 2024 ({DATA_URL})")
    result = analyze_figure(fig, vision=True, vision_model="openai:vision-test")
    assert vision.images == 1 and result.vision


# --- reports ------------------------------------------------------------------------


def _notebook(tmp_path, shapes):
    nbformat = pytest.importorskip("nbformat")
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    cells = [new_markdown_cell("# Sales review"),
             new_code_cell("sales = load(DATA_URL)\nsales.groupby('region')['revenue'].sum()",
                           outputs=[new_output("execute_result", data={"text/plain": (
                               "region\neast    15.0\nwest    20.0\nName: revenue, dtype: float64")},
                               execution_count=1)])]
    for shape in shapes:
        printed = _printed(shape)
        cells += [new_markdown_cell(f"## Step {shape.id}\nWe connect with `{shape.inline}` first."),
                  new_code_cell(f"{shape.setup}\nprint({shape.expr})\nprint(12.5)", outputs=[
                      new_output("stream", name="stdout", text=f"{printed}\n12.5\n"),
                      new_output("execute_result", data={"text/plain": repr(_value(shape))},
                                 execution_count=2)])]
    path = tmp_path / "review.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_report_prompts_hold_no_secret(tmp_path):
    from spark_nb.report import export_report
    from tests.report.conftest import CountingEngine

    engine = CountingEngine()
    export_report(_notebook(tmp_path, SHAPES), to="md", output=tmp_path / "out.md", engine=engine,
                  use_cache=False, cache_dir=tmp_path / "cache", progress=False)
    by_section = {}
    for call in engine.calls:
        user = call[-1]["content"]
        for shape in SHAPES:
            if f"Step {shape.id}" in user:
                by_section[shape.id] = user
    assert set(by_section) == set(IDS), "a section did not reach the model"
    for shape in SHAPES:
        assert_clean(by_section[shape.id], shape)
    everything = captured(engine.calls)
    leaked = [s.id for s in SHAPES if s.secret in everything]
    assert leaked == []
    # ordinary data still reaches the model: the Series as its claims ("…, at 15."), the print as text
    assert re.search(r"\b15(\.0)?\b", everything) and "east" in everything and "12.5" in everything


def test_report_over_a_cached_notebook_writes_no_secret_into_the_cache_key_inputs(tmp_path):
    from spark_nb.report import export_report
    from tests.report.conftest import CountingEngine

    shapes = SHAPES[:5]
    engine = CountingEngine()
    path = _notebook(tmp_path, shapes)
    for _ in range(2):
        export_report(path, to="md", output=tmp_path / "out.md", engine=engine,
                      cache_dir=tmp_path / "cache", progress=False)
    # the second export is served from the cache, which was keyed on redacted prompts
    assert all(s.secret not in captured(engine.calls) for s in shapes)
    cached = "".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert all(s.secret not in cached for s in shapes)
