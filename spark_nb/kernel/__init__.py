"""The IPython extension layer: magics, post-run hooks, and the namespace -> context step.

Nothing is imported here, so that ``import spark_nb.kernel.context`` (pure Python over a
namespace dict) pulls in neither IPython nor pandas.
"""
