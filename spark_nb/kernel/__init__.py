"""The IPython extension layer: magics, the pre/post-run-cell hooks, settings, text views.

Only what needs IPython lives here; turning a namespace into prompt context is
:mod:`spark_nb.context`.
"""
