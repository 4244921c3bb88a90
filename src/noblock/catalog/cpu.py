"""CPU-bound work (NB111, opt-in): data frames, images, password hashing, compression, model inference."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Returns, calls

AREA = "CPU-bound work (NB111, opt-in)"
_TO_THREAD = "`asyncio.to_thread()` (or a process pool for pure-Python work)"
_PYTHON = "Python 3.9 - 3.14"

_PANDAS_READERS = (
    "read_csv read_table read_fwf read_excel read_json read_parquet read_feather read_orc read_pickle "
    "read_hdf "
    "read_html read_xml read_stata read_sas read_spss read_sql read_sql_query read_sql_table"
)
_PANDAS_WRITERS = (
    "to_csv to_excel to_json to_parquet to_feather to_orc to_pickle to_hdf to_html to_xml to_sql"
)
_PANDAS = Library(
    "pandas",
    AREA,
    "pandas 1.5 - 3.1",
    "`asyncio.to_thread(pd.read_csv, ...)`; pandas' parsers release the GIL for most of the work",
    calls=(
        *calls("NB111", "pandas", _PANDAS_READERS, _TO_THREAD),
        *calls("NB111", "pandas.DataFrame", _PANDAS_WRITERS, _TO_THREAD),
    ),
    returns=(
        *[Returns(f"pandas.{reader}", "pandas.DataFrame") for reader in _PANDAS_READERS.split()],
        Returns("pandas.DataFrame"),
    ),
)

# `json.loads` and `pickle.loads` are not listed: on real code nearly every parse is a request body or a
# tool-call argument, microseconds of work, and reporting each would bury the calls that matter. Reading
# JSON or pickles from a file is NB104 (`json.load`, `pickle.load`).
_IMAGE_WORK = "resize thumbnail convert rotate transpose transform filter quantize reduce save load"
_PILLOW = Library(
    "pillow",
    AREA,
    "Pillow 9.x - 13.0",
    "`asyncio.to_thread()` around decoding, resizing and encoding; Pillow releases the GIL while it works",
    calls=(
        # `Image.open` reads and decodes the header; pixel work happens in the methods.
        *calls("NB111", "PIL.Image", "open", _TO_THREAD),
        *calls("NB111", "PIL.Image.Image", _IMAGE_WORK, _TO_THREAD),
    ),
    returns=(
        Returns("PIL.Image.open", "PIL.Image.Image"),
        Returns("PIL.Image.new", "PIL.Image.Image"),
        *[
            Returns(f"PIL.Image.Image.{name}", "PIL.Image.Image")
            for name in _IMAGE_WORK.split()
            if name != "save"
        ],
        Returns("PIL.Image.Image.copy", "PIL.Image.Image"),
        Returns("PIL.Image.Image.crop", "PIL.Image.Image"),
    ),
)

# Password hashes are slow on purpose: bcrypt at cost 12 takes about 0.25 s, argon2's defaults about 50 ms.
_PASSWORDS = Library(
    "password hashing",
    AREA,
    "bcrypt 4.x - 5.0, passlib 1.7, argon2-cffi 21 - 25, Python 3.9 - 3.14 (hashlib)",
    "`asyncio.to_thread(bcrypt.checkpw, ...)`: the hashing libraries release the GIL",
    calls=(
        *calls("NB111", "bcrypt", "hashpw checkpw kdf", _TO_THREAD),
        *calls("NB111", "hashlib", "pbkdf2_hmac scrypt", _TO_THREAD),
        *calls("NB111", "passlib.context.CryptContext", "hash verify verify_and_update", _TO_THREAD),
        *calls("NB111", "argon2.PasswordHasher", "hash verify", _TO_THREAD),
    ),
    returns=(
        Returns("passlib.context.CryptContext"),
        Returns("argon2.PasswordHasher"),
        Returns("argon2.PasswordHasher.from_parameters", "argon2.PasswordHasher"),
    ),
)

_COMPRESSION = Library(
    "compression",
    AREA,
    _PYTHON,
    "`asyncio.to_thread(zlib.compress, data)` for large payloads; zlib, bz2 and lzma release the GIL",
    calls=tuple(
        rule
        for module in ("zlib", "gzip", "bz2", "lzma")
        for rule in calls("NB111", module, "compress decompress", _TO_THREAD)
    ),
)

_MODEL_INFERENCE = Library(
    "model inference",
    AREA,
    "transformers 4.x - 5.24, scikit-learn 1.x - 1.9, sentence-transformers 2.x - 6.2",
    "`asyncio.to_thread()`, or an inference server the loop can await",
    calls=(
        # Loading weights reads (or downloads) hundreds of megabytes and builds the model.
        CallRule("transformers.pipeline", "NB111", _TO_THREAD),
        CallRule("transformers.**.from_pretrained", "NB111", _TO_THREAD),
        CallRule("transformers.**.generate", "NB111", _TO_THREAD),
        # A pipeline object is called to run it: `pipe(text)`.
        CallRule("transformers.Pipeline", "NB111", _TO_THREAD),
        *calls(
            "NB111", "sentence_transformers", "SentenceTransformer CrossEncoder SparseEncoder", _TO_THREAD
        ),
        *[
            CallRule(f"sklearn.**.[A-Z]*.{name}", "NB111", _TO_THREAD)
            for name in (
                "fit",
                "fit_transform",
                "fit_predict",
                "predict",
                "predict_proba",
                "transform",
                "score",
            )
        ],
    ),
    returns=(
        Returns("transformers.pipeline", "transformers.Pipeline"),
        Returns("transformers.**.from_pretrained", "transformers.PreTrainedModel"),
        Returns("sklearn.**.[A-Z]*"),
    ),
)

LIBRARIES: tuple[Library, ...] = (
    _PANDAS,
    _PILLOW,
    _PASSWORDS,
    _COMPRESSION,
    _MODEL_INFERENCE,
)
