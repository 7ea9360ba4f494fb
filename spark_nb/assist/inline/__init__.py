"""Inline (ghost-text) completions: what is asked of the model, and what of its answer is kept."""
