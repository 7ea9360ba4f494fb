"""The tasks: generate, check, repair, diagnose, fix, chart facts, narrate.

Prompts, loops and checks. Everything here takes plain data — source strings, namespace
dicts, context snapshots, figures — and never imports IPython, widgets or nbformat, so
it can be tested and reused outside a notebook. Heavy dependencies (pandas,
matplotlib) are imported inside the functions that need them.
"""
