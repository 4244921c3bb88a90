"""Files of third-party formats: arrays, model weights, HDF5, XML, PDF, Word, YAML and `.env` files, and
chat attachments, read and written from disk."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Returns, calls

AREA = "File formats"

# A call's `file_argument` is the file it reads or writes, a path or a file object: given an
# in-memory buffer (`io.BytesIO(data)`), it touches no disk. Loading weights reads the whole file,
# often hundreds of megabytes, then unpickles or copies it.
_NUMPY = Library(
    "numpy",
    AREA,
    "numpy 1.24 - 2.3",
    "`asyncio.to_thread(np.load, path)`; the bytes with `anyio.Path` and `np.load(io.BytesIO(data))`",
    calls=(
        *calls(
            "NB104",
            "numpy",
            "load loadtxt genfromtxt fromfile save savez savez_compressed savetxt",
            file_argument=("file", 0),
        ),
    ),
)

_TORCH = Library(
    "torch",
    AREA,
    "torch 2.0 - 2.9",
    "`asyncio.to_thread(torch.load, path)`",
    calls=(
        *calls("NB104", "torch", "load", file_argument=("f", 0)),
        *calls("NB104", "torch", "save", file_argument=("f", 1)),
        *calls("NB104", "torch.jit", "load", file_argument=("f", 0)),
        *calls("NB104", "torch.jit", "save", file_argument=("f", 1)),
    ),
)

_JOBLIB = Library(
    "joblib",
    AREA,
    "joblib 1.2 - 1.5",
    "`asyncio.to_thread(joblib.load, path)`",
    calls=(
        *calls("NB104", "joblib", "load", file_argument=("filename", 0)),
        *calls("NB104", "joblib", "dump", file_argument=("filename", 1)),
    ),
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
            CallRule(f"safetensors.{framework}.load_file", "NB104"),
            CallRule(f"safetensors.{framework}.save_file", "NB104"),
        )
    ),
)

# Opening an HDF5 file reads its superblock; it is usually the head of a `with` block.
_H5PY = Library(
    "h5py",
    AREA,
    "h5py 3.8 - 3.14",
    "`asyncio.to_thread()` around the whole read",
    calls=(CallRule("h5py.File", "NB104"),),
)

# lxml also fetches a URL it is given.
_LXML = Library(
    "lxml",
    AREA,
    "lxml 4.9 - 6.0",
    "read the bytes with `anyio.Path`, then parse them with `lxml.etree.fromstring()`",
    calls=tuple(
        calls(
            "NB104",
            "lxml.etree",
            "parse",
            "`anyio.Path` for the bytes and `fromstring()` for the parse, or `asyncio.to_thread()`",
            file_argument=("source", 0),
        )
    ),
)

# Given a path, the reader reads the whole file and the writer writes one; given a buffer, they
# parse or fill it in memory.
_PYPDF = Library(
    "pypdf",
    AREA,
    "pypdf 3.0 - 7.1",
    "read the bytes with `anyio.Path`, then `PdfReader(io.BytesIO(data))`",
    calls=(
        CallRule("pypdf.PdfReader", "NB104", file_argument=("stream", 0)),
        CallRule("pypdf.PdfWriter.write", "NB104", file_argument=("stream", 0)),
    ),
    returns=(Returns("pypdf.PdfWriter"),),
)

# `Document()` without a path reads the template bundled with the package.
_PYTHON_DOCX = Library(
    "python-docx",
    AREA,
    "python-docx 0.8 - 1.2",
    "`asyncio.to_thread()` around the load or the save",
    calls=(
        CallRule("docx.Document", "NB104", file_argument=("docx", 0)),
        CallRule("docx.document.Document.save", "NB104", file_argument=("path_or_stream", 0)),
    ),
    returns=(Returns("docx.Document", "docx.document.Document"),),
)

# Each call runs poppler's `pdftoppm` or `pdfinfo` and waits for it.
_PDF2IMAGE = Library(
    "pdf2image",
    AREA,
    "pdf2image 1.16 - 1.17",
    "`asyncio.to_thread()` around the conversion, or `asyncio.create_subprocess_exec('pdftoppm', ...)`",
    calls=tuple(
        calls(
            "NB103", "pdf2image", "convert_from_path convert_from_bytes pdfinfo_from_path pdfinfo_from_bytes"
        )
    ),
)

# `load_dotenv()` without a path also looks for the file in every folder up from the caller's.
_PYTHON_DOTENV = Library(
    "python-dotenv",
    AREA,
    "python-dotenv 1.0 - 1.2",
    "load the environment before the event loop starts",
    calls=tuple(calls("NB104", "dotenv", "load_dotenv dotenv_values find_dotenv get_key set_key unset_key")),
)

# Given a stream, the dumps write to it; without one they return the text (`yaml.safe_dump(data)`).
# The loads are not listed: they take the text as often as a file, and a string is all memory.
_PYYAML = Library(
    "PyYAML",
    AREA,
    "PyYAML 6.0",
    "`yaml.safe_dump(data)` to a string, written with `anyio.Path`; or `asyncio.to_thread()`",
    calls=tuple(
        calls(
            "NB104",
            "yaml",
            "dump safe_dump dump_all safe_dump_all",
            only_with=("stream", 1),
            file_argument=("stream", 1),
        )
    ),
)

# An attachment given a path is opened when it is built (`discord.File("report.pdf")`); one given a
# file object is read when the message is sent.
_DISCORD_FILES = Library(
    "discord.py",
    AREA,
    "discord.py 2.7",
    "`discord.File(io.BytesIO(data), filename=...)` with the bytes read by `anyio.Path`",
    calls=(CallRule("discord.File", "NB104", file_argument=("fp", 0)),),
)

LIBRARIES: tuple[Library, ...] = (
    _NUMPY,
    _TORCH,
    _JOBLIB,
    _SAFETENSORS,
    _H5PY,
    _LXML,
    _PYPDF,
    _PYTHON_DOCX,
    _PDF2IMAGE,
    _PYTHON_DOTENV,
    _PYYAML,
    _DISCORD_FILES,
)
