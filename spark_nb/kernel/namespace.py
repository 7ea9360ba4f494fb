"""The user's variables in the running shell, as the context builder should see them."""

from __future__ import annotations

_HIDDEN = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def user_namespace(shell) -> dict:
    """The user's variables in ``shell``: IPython's own names and private names left out."""
    return {k: v for k, v in shell.user_ns.items() if k not in _HIDDEN and not k.startswith("_")}
