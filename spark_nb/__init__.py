"""spark_nb: a local, private AI pair-analyst inside Jupyter.

The public names live here; everything else is private and may change.
"""

from spark_nb.engine import Engine, get_engine, models
from spark_nb.errors import SparkError

__all__ = ["Engine", "SparkError", "get_engine", "models", "__version__"]
__version__ = "0.1.0"
