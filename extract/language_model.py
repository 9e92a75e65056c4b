"""The language detector's model, kept uncompressed on disk so a process maps it instead of unpacking it.

py3langid ships its model LZMA-compressed (data/model.npz.xz; its tables take ~70 MB unpacked): every process that
detects a language unpacked it (~0.7 s of CPU on the project's VM) and then derived the ranker's
tables from it (~0.15 s), before its first page: a one-file run, a forkserver, each test process. Here
the tables (transform/extractors/language.py `RankerTables`) are written once as plain .npy files in the
user's cache folder and read back memory-mapped (~0.01 s): the same arrays, bit for bit, so the same
languages; forked workers share their pages.

The folder's name carries everything the tables depend on — py3langid's version, the model file's size
and modification time, and the ranker's derivation (`RANKER_TABLES_FORMAT`) — so a new model or new
derivation gets a new folder. It is written into a temporary folder and renamed into place (two
processes at once: one rename wins, the other's copy is removed). A folder that cannot be read back
whole (a file missing, truncated or of the wrong shape) is set aside and built again; a cache that
cannot be written (a read-only home) only costs the unpacking, as before.

    PRESSROOM_CACHE_DIR=/tmp/cache pressroom run --source data/samples   # another cache folder
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from transform.extractors.language import (
    RANKER_TABLES_FORMAT,
    RankerTables,
    _identifier,
    install_ranker_tables,
    ranker_tables,
)

META = "tables.json"


def cache_root() -> Path:
    """The user's cache folder for pressroom: $PRESSROOM_CACHE_DIR, else $XDG_CACHE_HOME/pressroom, else
    ~/.cache/pressroom (/root/.cache/pressroom for root)."""
    chosen = os.environ.get("PRESSROOM_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pressroom"


def model_key() -> str:
    """What the kept tables depend on, as a folder name: 'langid-0.4.0-21474836-1733400000-f1'.

    py3langid's version, its model file's size and modification time (in whole seconds), and the
    ranker's derivation format.
    """
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    model = Path(MODEL_FILE)
    if not model.is_absolute():
        model = Path(MODEL_DIR) / model
    stat = model.stat()
    try:
        release = version("py3langid")
    except PackageNotFoundError:
        release = "unknown"
    return f"langid-{release}-{stat.st_size}-{int(stat.st_mtime)}-f{RANKER_TABLES_FORMAT}"


def write_tables(tables: RankerTables, folder: Path) -> None:
    """Write the tables into `folder` (made): one .npy per array, and tables.json with the rest and each
    array's dtype and shape."""
    folder.mkdir(parents=True)
    arrays = {}
    for name in RankerTables.ARRAYS:
        array = np.ascontiguousarray(getattr(tables, name))
        np.save(folder / f"{name}.npy", array, allow_pickle=False)
        arrays[name] = {"dtype": array.dtype.str, "shape": list(array.shape)}
    meta = {"classes": list(tables.classes), "alias_pairs": [list(p) for p in tables.alias_pairs],
            "depth": tables.depth, "arrays": arrays}
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")


def read_tables(folder: Path) -> RankerTables:
    """The tables written by `write_tables`, each array memory-mapped read-only.

    Raises ValueError (or OSError) naming the folder when a file is missing or not what tables.json says.
    """
    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    arrays = {}
    for name in RankerTables.ARRAYS:
        array = np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
        want = meta["arrays"][name]
        if array.dtype.str != want["dtype"] or list(array.shape) != want["shape"]:
            raise ValueError(f"{folder}: {name}.npy is {array.dtype.str} {list(array.shape)}, "
                             f"tables.json says {want['dtype']} {want['shape']}")
        arrays[name] = array
    return RankerTables(**arrays, classes=tuple(meta["classes"]),
                        alias_pairs=tuple((int(a), int(b)) for a, b in meta["alias_pairs"]),
                        depth=int(meta["depth"]))


def kept_tables(root: Path | None = None) -> RankerTables:
    """The ranker's tables: read from the cache folder, else built from py3langid's model and kept there.

    kept_tables() -> RankerTables(...) (first call of a machine: ~1 s and a ~70 MB folder written; later:
    ~0.01 s). Never raises for the cache itself: an unreadable folder is built again, an unwritable root
    leaves the tables in memory only.
    """
    root = root or cache_root()
    folder = root / model_key()
    if folder.is_dir():
        try:
            return read_tables(folder)
        except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
            _set_aside(folder)
    tables = ranker_tables(_identifier())
    try:
        root.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=root))
    except OSError:
        return tables
    try:
        write_tables(tables, building / "tables")
        os.replace(building / "tables", folder)  # another process's folder in place: ours is dropped
    except OSError:
        pass
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return tables


def _set_aside(folder: Path) -> None:
    """Move a damaged tables folder out of the way (removed), so it is built again."""
    aside = folder.with_name(f".{folder.name}-damaged-{os.getpid()}")
    try:
        os.replace(folder, aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def install() -> None:
    """Make this process's language detection rank with the kept tables (transform/extractors/language.py
    `install_ranker_tables`); a no-op once they are installed or a language has been detected."""
    install_ranker_tables(kept_tables)
