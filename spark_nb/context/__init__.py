"""The live data the model is grounded in: a namespace, recent cells and a traceback ->
prompt text, with secrets withheld.

Pure data code: no IPython, widgets or nbformat, and nothing from ``assist`` (which uses
it). Modules: builder.py (rank, summarise and trim the kernel's variables to a token
budget), summaries.py (one variable -> a line or a small table), secrets.py (credentials
found and replaced by ``<redacted:NAME>``), tracebacks.py (a traceback with the values on
the failing line, for the model). Importing this package imports none of them.
"""
