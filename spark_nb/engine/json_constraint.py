"""JSON-schema constrained decoding for backends without a grammar sampler (MLX).

llguidance compiles the schema into a matcher over the model's tokenizer; before each
sampled token the matcher says which tokens may come next, and the rest are masked.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from spark_nb._extras import require
from spark_nb.errors import OptionsError


class JsonConstraint:
    """Masks logits so that the output is JSON matching ``schema``."""

    def __init__(self, lltokenizer: Any, schema: Mapping[str, Any], vocab_size: int) -> None:
        llg = require("llguidance", "mlx", "JSON-schema output on MLX")
        import numpy as np

        try:
            grammar = llg.LLMatcher.grammar_from_json_schema(json.dumps(schema))
            self.matcher = llg.LLMatcher(lltokenizer, grammar, log_level=0)
        except (ValueError, TypeError) as exc:
            raise OptionsError(f"json_schema cannot be turned into a grammar: {exc}") from exc
        if self.matcher.is_error():
            raise OptionsError(f"json_schema cannot be used: {self.matcher.get_error()}")
        from llguidance.numpy import allocate_token_bitmask, fill_next_token_bitmask

        self._np = np
        self._fill = fill_next_token_bitmask
        self._bitmask = allocate_token_bitmask(1, lltokenizer.vocab_size)
        self._vocab_size = vocab_size

    def allowed(self):
        """A boolean numpy mask over the model's vocabulary."""
        np = self._np
        self._fill(self.matcher, self._bitmask, 0)
        bits = np.unpackbits(self._bitmask[0].view(np.uint8), bitorder="little")
        mask = np.zeros(self._vocab_size, dtype=bool)
        n = min(self._vocab_size, bits.size)
        mask[:n] = bits[:n].astype(bool)
        return mask

    def consume(self, token: int) -> None:
        self.matcher.consume_token(token)

    @property
    def finished(self) -> bool:
        return self.matcher.is_stopped()
