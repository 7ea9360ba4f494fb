"""The ghost-text prompt: fill-in-the-middle for the models trained for it, the live
names first, the cells above fitted whole, secrets withheld."""

from __future__ import annotations

import pytest

from spark_nb.assist.inline import prompt as ip
from spark_nb.assist.inline.prompt import fim_style, inline_prompt

SALES = 'sales: DataFrame, 3 rows x 3 columns\n  region object, revenue float64, month int64'


@pytest.mark.parametrize("model, style", [
    ("qwen2.5-coder-0.5b", "qwen"), ("Qwen2.5-Coder-1.5B-Instruct-Q4_K_M.gguf", "qwen"),
    ("mlx-community/Qwen3-Coder-30B-A3B-Instruct-4bit", "qwen"), ("smollm2-135m", None),
])
def test_models_trained_for_the_middle_get_it(model, style):
    assert fim_style(model) == style


def test_fill_in_the_middle_puts_the_cursor_between_the_markers():
    p = inline_prompt('sales["re', '\nprint(sales)', names=[SALES], style="qwen")
    assert p.fim and p.text.startswith("<|fim_prefix|>")
    assert p.text.endswith('sales["re<|fim_suffix|>\nprint(sales)<|fim_middle|>')
    assert "# sales: DataFrame" in p.text and "#   region object, revenue float64" in p.text
    assert "\n" in p.stop and "<|endoftext|>" in p.stop


def test_without_a_style_the_text_before_the_cursor_is_continued():
    p = inline_prompt("x = ", "\nprint(x)", cells_before=["import numpy as np"])
    assert not p.fim and p.text == "import numpy as np\n\nx = " and "print" not in p.text


def test_the_parts_that_change_least_come_first_so_keystrokes_share_a_prefix():
    one = inline_prompt('sales["r', "", cells_before=["a = 1"], names=[SALES], style="qwen").text
    two = inline_prompt('sales["re', "", cells_before=["a = 1"], names=[SALES], style="qwen").text
    shared = next(i for i, (x, y) in enumerate(zip(one, two)) if x != y)
    assert one[:shared].endswith('a = 1\n\nsales["r')


def test_older_cells_and_later_names_give_way_whole_to_the_budget():
    cells = [f"step_{i} = {'x' * 400}" for i in range(20)]
    p = inline_prompt("", cells_before=cells, names=[f"v{i}: int = {i}" * 20 for i in range(50)])
    assert "step_19" in p.text and "step_0 " not in p.text
    assert all(f"step_{i} = " + "x" * 400 in p.text for i in range(20) if f"step_{i} " in p.text)
    names_part = p.text.split("\n\n")[0]
    assert len(names_part) <= ip.NAMES_CHARS and names_part.startswith(ip.HEADER)
    assert len(p.text) <= ip.NAMES_CHARS + ip.CELLS_CHARS + 10


def test_secrets_in_cells_names_and_the_cell_itself_are_withheld():
    key = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
    p = inline_prompt(f'token = "{key}"\nx = ', f'\n# {key}', cells_before=[f'api_key = "{key}"'],
                      names=[f"api_key: str = '{key}'"], style="qwen")
    assert key not in p.text and "<redacted:" in p.text


def test_an_unknown_style_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="known: qwen"):
        inline_prompt("x", style="starcoder")
