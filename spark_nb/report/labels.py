"""The report's fixed words in English and Japanese, chosen by the notebook's language."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "Executive summary",
        "conclusions": "Conclusions",
        "appendix": "Appendix: code",
        "show_code": "Show the code of this section",
        "figure": "Figure {}",
        "table": "Table",
        "footer": "Written by spark_nb with {model} on {date} · notebook sha256 {sha}",
        "cached": "model answers from the cache",
        "setup": "Setup",
        "part": "Part {}",
        "widget": "An interactive widget output was skipped (widgets do not render in a report).",
        "skipped": "An output of type {} was skipped (not a PNG, JPEG or SVG image).",
        "bad_image": "An image output could not be decoded and was skipped.",
        "missing_attachment": "The attached image {} is missing from the notebook.",
        "error": "This cell raised {}: {}",
        "failed": "Cells that raised an error",
        "no_model": "The model could not write this part ({}); the outputs are shown without a narrative.",
        "no_outputs": "This notebook has no saved outputs; run it first or export with --execute.",
        "grounding": "Numbers in the prose come from the notebook's outputs: {grounded} of {total} "
                     "numbers the model wrote were found there; {dropped} sentence(s) without support were removed.",
        "notes": "Notes",
        "cells": "{} code cell(s)",
        "cell": "cell {}",
    },
    "ja": {
        "summary": "要約",
        "conclusions": "結論",
        "appendix": "付録: コード",
        "show_code": "このセクションのコードを表示",
        "figure": "図 {}",
        "table": "表",
        "footer": "spark_nb が {model} で作成 · {date} · ノートブック sha256 {sha}",
        "cached": "モデルの回答はキャッシュから",
        "setup": "準備",
        "part": "パート {}",
        "widget": "インタラクティブなウィジェットの出力は省略しました（レポートでは表示できません）。",
        "skipped": "{} 形式の出力は省略しました（PNG・JPEG・SVG 以外の画像）。",
        "bad_image": "画像の出力を読み取れなかったため省略しました。",
        "missing_attachment": "添付画像 {} がノートブックにありません。",
        "error": "このセルでエラー {} が発生しました: {}",
        "failed": "エラーが発生したセル",
        "no_model": "モデルがこの部分を書けませんでした（{}）。出力のみを示します。",
        "no_outputs": "このノートブックには保存された出力がありません。先に実行するか --execute を付けてください。",
        "grounding": "本文の数値はノートブックの出力に基づきます: モデルが書いた {total} 個の数値のうち "
                     "{grounded} 個を確認し、根拠のない文 {dropped} 件を削除しました。",
        "notes": "注記",
        "cells": "コードセル {} 個",
        "cell": "セル {}",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The labels for ``lang`` ("en" or "ja")."""
    return LABELS[lang]
