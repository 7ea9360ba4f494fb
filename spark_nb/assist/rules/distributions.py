"""Which distribution on PyPI provides an import name, for the packages notebooks use most.

A ``%pip install`` fix names a distribution only when it is known to provide the module:
from this table, or from the metadata of the distributions installed in this environment
(:func:`importlib.metadata.packages_distributions`). A name that is merely guessed from
the import (``import foo`` -> ``pip install foo``) is never offered: the name on PyPI
may belong to someone else, which is how typosquatted packages get installed.

Keys are import names (a dotted key such as ``google.protobuf`` covers its submodules);
values are distribution names as PyPI spells them.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re

# Import names that differ from the distribution's name.
RENAMED = {
    "sklearn": "scikit-learn", "skimage": "scikit-image", "skopt": "scikit-optimize",
    "scikit_posthocs": "scikit-posthocs", "cv2": "opencv-python", "PIL": "pillow",
    "yaml": "pyyaml", "bs4": "beautifulsoup4", "dateutil": "python-dateutil",
    "dotenv": "python-dotenv", "docx": "python-docx", "pptx": "python-pptx",
    "magic": "python-magic", "community": "python-louvain", "Crypto": "pycryptodome",
    "attr": "attrs", "serial": "pyserial", "OpenSSL": "pyopenssl", "jwt": "pyjwt",
    "zmq": "pyzmq", "fitz": "pymupdf", "Levenshtein": "python-Levenshtein",
    "google.protobuf": "protobuf", "google.cloud.bigquery": "google-cloud-bigquery",
    "google.cloud.storage": "google-cloud-storage", "google.generativeai": "google-generativeai",
    "googleapiclient": "google-api-python-client", "snowflake.connector": "snowflake-connector-python",
    "japanize_matplotlib": "japanize-matplotlib", "MeCab": "mecab-python3",
    "sudachidict_core": "sudachidict-core", "unidic_lite": "unidic-lite",
    "imblearn": "imbalanced-learn", "umap": "umap-learn", "category_encoders": "category-encoders",
    "feature_engine": "feature-engine", "psycopg2": "psycopg2-binary", "MySQLdb": "mysqlclient",
    "Bio": "biopython", "osgeo": "GDAL", "Cython": "cython", "IPython": "ipython",
    "sentence_transformers": "sentence-transformers", "huggingface_hub": "huggingface-hub",
    "pytorch_lightning": "pytorch-lightning", "tensorflow_hub": "tensorflow-hub",
    "hydra": "hydra-core", "ydata_profiling": "ydata-profiling", "pandas_gbq": "pandas-gbq",
    "pandas_datareader": "pandas-datareader", "charset_normalizer": "charset-normalizer",
    "tabula": "tabula-py", "camelot": "camelot-py", "odf": "odfpy",
    "face_recognition": "face-recognition", "pkg_resources": "setuptools",
}

# Import names that are also the distribution's name.
SAME_NAME = (
    # arrays, tables, statistics
    "numpy", "pandas", "scipy", "statsmodels", "polars", "pyarrow", "duckdb", "xarray",
    "dask", "numba", "sympy", "patsy", "pingouin", "linearmodels", "lifelines", "pymc",
    "arviz", "h5py", "tables", "netCDF4", "joblib", "tqdm", "tabulate",
    # plotting
    "matplotlib", "seaborn", "plotly", "altair", "bokeh", "plotnine", "missingno",
    "wordcloud", "folium", "graphviz", "pydot", "networkx", "igraph", "squarify",
    "adjustText", "dash", "streamlit", "gradio",
    # machine learning
    "xgboost", "lightgbm", "catboost", "optuna", "hyperopt", "shap", "lime", "mlxtend",
    "hdbscan", "kmodes", "yellowbrick", "pycaret", "sktime", "tslearn", "statsforecast",
    "prophet", "pmdarima", "featuretools", "mlflow", "wandb",
    # deep learning and models
    "torch", "torchvision", "torchaudio", "lightning", "timm", "tensorflow", "keras",
    "tensorboard", "jax", "flax", "onnx", "onnxruntime", "transformers", "datasets",
    "tokenizers", "accelerate", "peft", "evaluate", "safetensors", "sentencepiece",
    "tiktoken", "openai", "anthropic", "langchain", "ultralytics", "albumentations",
    "gymnasium",
    # text
    "nltk", "spacy", "gensim", "textblob", "jieba", "emoji", "rapidfuzz", "thefuzz",
    "unidecode", "chardet", "fugashi", "janome", "sudachipy", "pykakasi", "jaconv",
    "neologdn", "ginza",
    # images, audio, geodata
    "imageio", "tifffile", "pydicom", "nibabel", "librosa", "soundfile", "pytesseract",
    "easyocr", "geopandas", "shapely", "pyproj", "rasterio", "fiona", "geopy", "cartopy",
    "contextily", "pydeck",
    # files and the web
    "openpyxl", "xlrd", "xlwt", "xlsxwriter", "pyxlsb", "pypdf", "pdfplumber", "lxml",
    "html5lib", "requests", "httpx", "aiohttp", "selenium", "scrapy", "yfinance",
    "boto3", "s3fs", "gcsfs", "fsspec",
    # databases
    "sqlalchemy", "pymysql", "psycopg", "pymongo", "redis", "pyodbc", "oracledb",
    "pandasql",
    # optimisation
    "pulp", "cvxpy", "ortools", "simpy",
    # notebooks
    "ipywidgets", "kaggle",
)

DISTRIBUTIONS: dict[str, str] = {**RENAMED, **{name: name for name in SAME_NAME}}


def provider(module: str) -> tuple[str, str] | None:
    """``(import name, distribution)`` for the package that provides ``module``, or None.

    The table first (the nearest package above ``module`` that it names), then what the
    distributions installed here declare; None when nobody or several are known to.
    """
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        if key in DISTRIBUTIONS:
            return key, DISTRIBUTIONS[key]
    names = installed_distributions().get(parts[0], ())
    if len({_canonical(n) for n in names}) == 1:
        return parts[0], names[0]
    return None


def distribution_for(module: str) -> str | None:
    """The one distribution known to provide ``module``; None when none or several are."""
    found = provider(module)
    return found[1] if found else None


@functools.lru_cache(maxsize=1)
def installed_distributions() -> dict[str, list[str]]:
    """Top-level import name -> the installed distributions that provide it (read once)."""
    try:
        return dict(importlib.metadata.packages_distributions())
    except Exception:  # noqa: BLE001 - a broken metadata folder must not break a rule
        return {}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


_PIP_LINE = re.compile(r"^\s*[%!]\s*(?:pip|python\s+-m\s+pip)\s+install\s+(.+)$", re.M)


def unknown_installs(source: str) -> list[str]:
    """Distributions a cell's ``%pip install`` lines name that no table or metadata knows."""
    known = {_canonical(d) for d in DISTRIBUTIONS.values()}
    known |= {_canonical(d) for names in installed_distributions().values() for d in names}
    found = []
    for line in _PIP_LINE.findall(source):
        for word in line.split():
            if word.startswith("-") or "/" in word or word.startswith("."):
                continue  # an option, a path or a URL: the user's own words, not a guess of ours
            name = re.split(r"[<>=!~\[;@ ]", word, 1)[0]
            if name and _canonical(name) not in known and name not in found:
                found.append(name)
    return found
