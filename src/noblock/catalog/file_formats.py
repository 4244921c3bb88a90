"""Files of third-party formats: arrays, model weights, HDF5 and XML, read and written from disk."""

from __future__ import annotations

from noblock.catalog import CallRule, Library

AREA = "File formats"

_TO_THREAD = "`asyncio.to_thread()`"


def _file_calls(
    module: str, names: str, position: int, keyword: str, replacement: str = _TO_THREAD
) -> list[CallRule]:
    """NB104 rows for functions whose argument at `position` (or `keyword`) is the file: a path or
    a file object, read or written; an in-memory buffer (`io.BytesIO(data)`) touches no disk."""
    return [
        CallRule(f"{module}.{name}", "NB104", replacement, file_argument=(keyword, position))
        for name in names.split()
    ]


# Loading weights reads the whole file, often hundreds of megabytes, then unpickles or copies it.
_NUMPY = Library(
    "numpy",
    AREA,
    "numpy 1.24 - 2.3",
    "`asyncio.to_thread(np.load, path)`; the bytes with `anyio.Path` and `np.load(io.BytesIO(data))`",
    calls=(
        *_file_calls("numpy", "load loadtxt genfromtxt fromfile", 0, "file"),
        *_file_calls("numpy", "save savez savez_compressed savetxt", 0, "file"),
    ),
)

_TORCH = Library(
    "torch",
    AREA,
    "torch 2.0 - 2.9",
    "`asyncio.to_thread(torch.load, path)`",
    calls=(
        *_file_calls("torch", "load", 0, "f"),
        *_file_calls("torch", "save", 1, "f"),
        *_file_calls("torch.jit", "load", 0, "f"),
        *_file_calls("torch.jit", "save", 1, "f"),
    ),
)

_JOBLIB = Library(
    "joblib",
    AREA,
    "joblib 1.2 - 1.5",
    "`asyncio.to_thread(joblib.load, path)`",
    calls=(*_file_calls("joblib", "load", 0, "filename"), *_file_calls("joblib", "dump", 1, "filename")),
)

# `load_file` and `save_file` work on a path; `load` and `save` on bytes in memory.
_SAFETENSORS = Library(
    "safetensors",
    AREA,
    "safetensors 0.4 - 0.6",
    "`asyncio.to_thread(load_file, path)`, or the bytes with `anyio.Path` and `safetensors.torch.load()`",
    calls=tuple(
        rule
        for framework in ("torch", "numpy", "flax", "tensorflow", "paddle", "mlx")
        for rule in (
            CallRule(f"safetensors.{framework}.load_file", "NB104", _TO_THREAD),
            CallRule(f"safetensors.{framework}.save_file", "NB104", _TO_THREAD),
        )
    ),
)

# Opening an HDF5 file reads its superblock; it is usually the head of a `with` block.
_H5PY = Library(
    "h5py",
    AREA,
    "h5py 3.8 - 3.14",
    "`asyncio.to_thread()` around the whole read",
    calls=(CallRule("h5py.File", "NB104", _TO_THREAD),),
)

# lxml also fetches a URL it is given.
_LXML = Library(
    "lxml",
    AREA,
    "lxml 4.9 - 6.0",
    "read the bytes with `anyio.Path`, then parse them with `lxml.etree.fromstring()`",
    calls=tuple(
        _file_calls(
            "lxml.etree",
            "parse",
            0,
            "source",
            "`anyio.Path` for the bytes and `fromstring()` for the parse, or `asyncio.to_thread()`",
        )
    ),
)

LIBRARIES: tuple[Library, ...] = (_NUMPY, _TORCH, _JOBLIB, _SAFETENSORS, _H5PY, _LXML)
