"""The per-user model server (``spark-nb serve``): each model loaded once for every kernel.

Kernels reach it through the ``served`` engine backend (OpenAI-compatible HTTP over a
0600 Unix socket); other tools may use an optional loopback TCP listener with a bearer
token. See docs/engine.md, "The model server".
"""
