"""Short prompts for a small model: the outputs are given, the model states what they show."""

from __future__ import annotations

SYSTEM = {
    "en": ("You are a data analyst writing a report. Use only facts and numbers that appear "
           "in the outputs given. Copy numbers exactly. Plain sentences: no code, no lists, "
           "no headings."),
    "ja": ("あなたはレポートを書くデータアナリストです。与えられた出力にある事実と数値だけを使い、"
           "数値はそのまま書き写してください。コード・箇条書き・見出しは使わず、日本語の文で書いてください。"),
}
SECTION_ASK = {
    "en": "In 2 or 3 sentences, say what the outputs show about the data (not what the code does).",
    "ja": "出力からデータについて何が分かるかを日本語で2〜3文で書いてください（コードの説明は不要）。",
}
RETRY = {
    "en": "These numbers are not in the outputs: {}. Rewrite it using only numbers from the outputs.",
    "ja": "次の数値は出力にありません: {}。出力にある数値だけを使って書き直してください。",
}
SUMMARY_ASK = {
    "summary": {
        "en": "Write the executive summary of this report: 2 or 3 sentences with the main results.",
        "ja": "このレポートの要約を日本語で2〜3文で書いてください。主な結果を入れてください。",
    },
    "conclusions": {
        "en": "Write the conclusions of this report: 2 sentences on what the analysis shows "
              "overall, then one next step.",
        "ja": "このレポートの結論を日本語で2文で書いてください。分析全体から言えることと、次に行うべきことを1つ。",
    },
}
WORDS = {
    "en": {"section": "Section", "notes": "Notes", "code": "Code", "outputs": "Outputs",
           "none": "(no output)", "title": "Report", "findings": "Findings by section"},
    "ja": {"section": "セクション", "notes": "メモ", "code": "コード", "outputs": "出力",
           "none": "（出力なし）", "title": "レポート", "findings": "セクションごとの結果"},
}
CODE_CHARS, NOTES_CHARS, OUTPUT_CHARS = 900, 400, 1500
# Said only when a notebook uses spark_nb's magics: a small model reads "spark" as Apache Spark.
SPARK_NB = {"en": "spark_nb is a local AI assistant inside Jupyter (not Apache Spark).",
            "ja": "spark_nb は Jupyter 内のローカル AI アシスタントです（Apache Spark ではありません）。"}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit("\n", 1)[0] + "\n…"


def instructions() -> list[str]:
    """Every instruction text, so answers that merely repeat one can be recognised."""
    asks = [SECTION_ASK, RETRY, SUMMARY_ASK["summary"], SUMMARY_ASK["conclusions"]]
    return [text for table in asks for text in table.values()]


def code_for_model(cells: list[str]) -> str:
    """The cells' code, with spark_nb's magics said in words (a small model reads
    "%%spark" as Apache Spark)."""
    out = []
    for code in cells:
        first, _, rest = code.strip().partition("\n")
        if first.startswith("%%spark"):
            code = f"# asked the local AI assistant spark_nb: {rest.strip()}"
        elif first.startswith("%spark") or first.startswith("%load_ext"):
            code = f"# spark_nb assistant command: {first}"
        out.append(code)
    return "\n\n".join(out)


def section_messages(heading: str, notes: str, code: str, outputs: str, lang: str) -> list[dict]:
    """The one request per section: heading, the author's notes, code, outputs."""
    w = WORDS[lang]
    user = (f"{w['section']}: {heading}\n"
            + (f"{w['notes']}: {_cut(notes.strip(), NOTES_CHARS)}\n" if notes.strip() else "")
            + f"{w['code']}:\n```python\n{_cut(code.strip(), CODE_CHARS)}\n```\n"
            + f"{w['outputs']}:\n{_cut(outputs.strip(), OUTPUT_CHARS) or w['none']}\n\n"
            + SECTION_ASK[lang])
    return [{"role": "system", "content": _system(lang, user)}, {"role": "user", "content": user}]


def _system(lang: str, user: str) -> str:
    return f"{SYSTEM[lang]} {SPARK_NB[lang]}" if "spark" in user.lower() else SYSTEM[lang]


def retry_messages(messages: list[dict], answer: str, missing: list[str], lang: str) -> list[dict]:
    """Ask once more, naming the numbers that had no support."""
    return messages + [{"role": "assistant", "content": answer},
                       {"role": "user", "content": RETRY[lang].format(", ".join(missing))}]


def summary_messages(title: str, findings: list[tuple[str, str]], lang: str,
                     kind: str = "summary") -> list[dict]:
    """The request for the executive summary (``kind="summary"``) or the conclusions."""
    w = WORDS[lang]
    lines = "\n".join(f"- {h}: {_cut(t, 400)}" for h, t in findings if t.strip())
    # the ask comes first: put last, a small model tends to repeat it instead of answering
    user = f"{SUMMARY_ASK[kind][lang]}\n\n{w['title']}: {title}\n{w['findings']}:\n{lines or w['none']}"
    return [{"role": "system", "content": _system(lang, user)}, {"role": "user", "content": user}]
