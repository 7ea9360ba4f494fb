"""Stream an answer from the local model, then ask for a fix with prompt-lookup drafting.

    python examples/engine_stream.py [MODEL]

MODEL defaults to the default pack (qwen2.5-coder-0.5b); try smollm2-135m, a path to a
.gguf file, or openai:NAME with SPARK_NB_OPENAI_BASE_URL set.
"""

import sys

import spark_nb

engine = spark_nb.get_engine(sys.argv[1] if len(sys.argv) > 1 else None)
print(f"{engine.info.model} on {engine.info.backend} ({engine.info.device})\n")

stream = engine.stream("Show pandas code that counts missing values per column.", max_tokens=150)
for text in stream:
    print(text, end="", flush=True)
first = stream.wait()
print(f"\n\n{first.usage.completion_tokens} tokens at {first.tokens_per_second:.1f} tokens/s\n")

cell = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\nprint(df['A'].sum())\n"
fix = engine.complete(
    f"This cell raises KeyError: 'A'. Return the corrected cell in a code block.\n```python\n{cell}```",
    max_tokens=120,
    draft="prompt-lookup",
)
print(fix.text)
print(f"\ndrafted {fix.usage.drafted_tokens}, accepted {fix.usage.accepted_tokens}, "
      f"{fix.tokens_per_second:.1f} tokens/s")
