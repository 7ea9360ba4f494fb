"""Where a panel's ES module is: inside the installed package, or ``js/`` of a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "static"
_CHECKOUT = Path(__file__).resolve().parents[2] / "js"


def es_module(name: str) -> Path:
    """The path of ``js/<name>``; the wheel carries it as ``spark_nb/widgets/static/<name>``."""
    for folder in (_PACKAGED, _CHECKOUT):
        path = folder / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"the panel script {name} is missing from this installation of spark_nb; "
                            "reinstall it with `pip install --force-reinstall spark-nb`")
