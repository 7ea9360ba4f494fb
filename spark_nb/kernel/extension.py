"""``%load_ext spark_nb`` / ``%unload_ext spark_nb``."""

from __future__ import annotations

from spark_nb.kernel.figure_facts import FigureTracker
from spark_nb.kernel.fix_hook import FixHook
from spark_nb.kernel.magics import SparkMagics
from spark_nb.kernel.settings import SparkNB

_state: dict = {}


def load(shell) -> None:
    if id(shell) in _state:
        return  # loaded twice: keep one hook
    settings = SparkNB(parent=shell, config=shell.config)
    hook = FixHook(shell, settings)
    magics = SparkMagics(shell, settings, hook)
    shell.register_magics(magics)
    hook.register()
    magics.figures = FigureTracker(shell, settings)  # %spark chart reads the last figure shown
    magics.figures.register()
    _state[id(shell)] = magics


def unload(shell) -> None:
    magics = _state.pop(id(shell), None)
    if magics is None:
        return
    magics.hook.unregister()
    figures = getattr(magics, "figures", None)
    if figures is not None:
        figures.unregister()
    for kind in ("line", "cell"):
        shell.magics_manager.magics[kind].pop("spark", None)
    shell.magics_manager.registry.pop(type(magics).__name__, None)
