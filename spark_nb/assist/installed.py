"""Whether a module is installed, asked one way everywhere (the import checks, the rules
for missing modules, moved APIs and imports), without importing or running anything."""

from __future__ import annotations

import importlib.machinery
import sys


def spec_of(name: str):
    """The import system's spec for module ``name``, found without running any module.

    ``importlib.util.find_spec("a.b")`` imports ``a`` to learn where ``a.b`` would be;
    here the packages above are located the same way instead, and only the finders on
    ``sys.meta_path`` are asked, with the folders a package would search. None when the
    module is not there (or its parent is not a package).
    """
    loaded = sys.modules.get(name)
    if loaded is not None:
        return getattr(loaded, "__spec__", None) or importlib.machinery.ModuleSpec(name, None)
    parent, _, _ = name.rpartition(".")
    path = None
    if parent:
        path = package_folders(parent)
        if path is None:
            return None
    for finder in list(sys.meta_path):
        find = getattr(finder, "find_spec", None)
        if find is None:
            continue
        try:
            spec = find(name, path, None)
        except Exception:  # noqa: BLE001 - a finder that fails knows nothing
            continue
        if spec is not None:
            return spec
    return None


def package_folders(package: str) -> list[str] | None:
    """The folders package ``package`` imports its submodules from (without importing
    it), or None when it is not there or not a package."""
    loaded = sys.modules.get(package)
    if loaded is not None:
        folders = getattr(loaded, "__path__", None)
    else:
        spec = spec_of(package)
        folders = spec.submodule_search_locations if spec is not None else None
    return list(folders) if folders is not None else None


def is_installed(name: str) -> bool:
    """True when module ``name`` (dotted or not) is imported or could be imported."""
    return spec_of(name) is not None
