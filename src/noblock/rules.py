"""The rule families: one row per code, with its message template and its documentation."""

from __future__ import annotations

from dataclasses import dataclass

NESTED_LOOP_CODE = "NB110"  # starting an event loop: from a coroutine it raises rather than waits
HELD_LOCK_CODE = "NB112"  # rows for `__enter__`: a `with` block, reported only when it awaits
TERMINAL_CODE = "NB106"  # reading the terminal: no worker thread should wait for it (`READS_THE_TERMINAL`)


@dataclass(frozen=True)
class Rule:
    """A rule family: every blocking call in the catalogue belongs to exactly one (and NB900 judges
    the suppression comments)."""

    code: str
    name: str
    summary: str
    message: str
    why: str
    bad: str
    good: str
    fix: str  # what `--fix` does, which fixes are safe or unsafe, and why
    # Off unless selected by its full code or `ALL`: a prefix such as `NB1` leaves it out.
    default: bool = True


RULES: tuple[Rule, ...] = (
    Rule(
        code="NB100",
        name="user-blocking-call",
        summary="Call declared blocking in the configuration",
        fix=(
            "Safe: offload the call to a thread (`run_in_executor` + `functools.partial`, or "
            "`asyncio.to_thread`). With `prefer-async-twin = true`, a rule that names a `twin` is rewritten "
            "to `await` the twin instead; that fix is unsafe because noblock cannot check that the twin "
            "behaves the same."
        ),
        message="{call} is declared blocking in the configuration; use {replacement}",
        why=(
            "Your configuration lists this call as blocking (`[[tool.noblock.blocking-calls]]`). "
            "Calling it inside an `async def` stops every other task on the event loop until it returns."
        ),
        bad="async def handler():\n    rows = mycompany.db.fetch_all(query)",
        good=("async def handler():\n    rows = await asyncio.to_thread(mycompany.db.fetch_all, query)"),
    ),
    Rule(
        code="NB101",
        name="blocking-sleep",
        summary="`time.sleep` (or a call that sleeps) in an async function",
        fix=(
            "Safe: `time.sleep(x)` becomes `await asyncio.sleep(x)`. The task waits just as long, and other "
            "tasks run meanwhile. A call that sleeps inside (psutil's `cpu_percent(interval=1)`) is "
            "offloaded to a thread."
        ),
        message="{call} sleeps on the event loop; use {replacement}",
        why=(
            "`time.sleep` suspends the whole thread, and with it the event loop: no other task runs "
            "until it returns. `asyncio.sleep` suspends only the current task. Some calls sleep inside: "
            "psutil samples CPU use over the `interval` it is given by sleeping through it."
        ),
        bad="async def poll():\n    time.sleep(1)",
        good="async def poll():\n    await asyncio.sleep(1)",
    ),
    Rule(
        code="NB102",
        name="blocking-http",
        summary="Synchronous HTTP request in an async function",
        fix=(
            "Safe: offload the call to a thread. It is the same call with the same result; only the thread "
            "changes. `httpx.stream` opens a response that is read while its block runs: no fix."
        ),
        message="{call} makes a blocking HTTP request; use {replacement}",
        why=(
            "`requests`, sync `httpx`, `urllib` and `http.client` wait for the network on the calling "
            "thread. One slow server then stalls every request your service is handling."
        ),
        bad="async def fetch(url):\n    return requests.get(url).json()",
        good=(
            "async def fetch(url):\n"
            "    async with httpx.AsyncClient() as client:\n"
            "        return (await client.get(url)).json()"
        ),
    ),
    Rule(
        code="NB103",
        name="blocking-subprocess",
        summary="Blocking process creation or wait in an async function",
        fix=(
            "Safe: offload the call to a thread. Rewriting to `asyncio.create_subprocess_exec` changes the "
            "API (no `check=`, another result type), so it is left to you."
        ),
        message="{call} starts or waits for a process on the event loop; use {replacement}",
        why=(
            "`subprocess`, `os.system`, `os.spawn*` and `os.wait*` block until the child process "
            "starts or exits; so do `multiprocessing`'s `Process.start()` and `join()`, and `Pool()` "
            "and `Manager()`, which start processes. `asyncio.create_subprocess_exec` runs a command "
            "without blocking; Python code goes to a `ProcessPoolExecutor` through "
            "`loop.run_in_executor`."
        ),
        bad="async def build():\n    subprocess.run(['make'], check=True)",
        good=(
            "async def build():\n"
            "    proc = await asyncio.create_subprocess_exec('make')\n"
            "    await proc.wait()"
        ),
    ),
    Rule(
        code="NB104",
        name="blocking-file-io",
        summary="Blocking file I/O in an async function",
        fix=(
            "Safe: offload the call to a thread. No fix for `with open(...)` (the block's reads and writes "
            "would still block: each is a finding of its own, `f.read()` or `json.load(f)`, whose fix takes "
            "it off the loop) or for calls that return lazy iterators (`os.walk`, `os.scandir`, "
            "`Path.iterdir/glob/rglob`): offloading the call alone would still block while iterating."
        ),
        message="{call} does blocking file I/O; use {replacement}",
        why=(
            "Reading, writing, copying and removing files block on the disk (or a network file "
            "system), and so do the reads and writes of a file object `open()` gave back (`f.read()`, "
            "`f.write(data)`), extracting archives (`zipfile`, `tarfile`), `shelve` and `dbm` files, "
            "`json.load` / `pickle.load` on a file and `hashlib.file_digest`. Offload the work to a thread, "
            "or use `anyio.Path` / `aiofiles`."
        ),
        bad="async def load(path):\n    with open(path) as f:\n        return f.read()",
        good="async def load(path):\n    return await anyio.Path(path).read_text()",
    ),
    Rule(
        code="NB105",
        name="blocking-fs-metadata",
        summary="Blocking file-system metadata query in an async function",
        fix=("Safe: offload the call to a thread."),
        message="{call} queries the file system synchronously; use {replacement}",
        why=(
            "`os.path.exists`, `os.stat` and `Path.exists` are system calls that block on the disk, "
            "and on network file systems they can take seconds."
        ),
        bad="async def ready(path):\n    return os.path.exists(path)",
        good="async def ready(path):\n    return await anyio.Path(path).exists()",
    ),
    Rule(
        code="NB106",
        name="blocking-input",
        summary="Reading the terminal in an async function",
        fix=(
            "None: a worker thread blocked on terminal input cannot be cancelled. Read input before the event"
            " loop starts, or in a thread you manage."
        ),
        message="{call} waits for terminal input on the event loop; use {replacement}",
        why=(
            "`input()`, and the prompts of command-line toolkits (`click.confirm`, rich's `Prompt.ask`,"
            " questionary's `ask()`), wait for a human. Nothing else runs on the event loop meanwhile."
        ),
        bad="async def main():\n    name = input('name? ')",
        good="async def main():\n    name = await asyncio.to_thread(input, 'name? ')",
    ),
    Rule(
        code="NB107",
        name="blocking-client",
        summary="Synchronous database or network client in an async function",
        fix=(
            "Safe: offload the call to a thread. Unsafe for `sqlite3` connections and cursors (they refuse "
            "use from another thread unless opened with `check_same_thread=False`) and for the Django and "
            "Peewee ORMs (a worker thread opens its own connection, outside the caller's transaction; use "
            "the async methods such as `aget` and `asave`, or `sync_to_async`; `prefer-async-twin` writes "
            "the Django ones). No fix for calls that return cursors or iterators (MongoDB `find`, boto3 "
            "paginators, `QuerySet.iterator`, Kafka and RabbitMQ consumers), which fetch while iterated."
        ),
        message="{call} uses a synchronous client; use {replacement}",
        why=(
            "Sync database drivers and ORMs (`sqlite3`, `psycopg`, MySQL, `pymongo`, `redis`, SQLAlchemy "
            "sessions, Django querysets, Peewee), vector databases and search engines (Qdrant, Milvus, "
            "Chroma, Pinecone, Weaviate, Elasticsearch), cloud and messaging clients (`boto3`, Google Cloud "
            "Storage, Azure Blob Storage, Kafka, RabbitMQ, SSH, mail, FTP) and raw sockets wait for the "
            "server on the calling thread. Each has an async counterpart, or can be offloaded to a thread."
        ),
        bad=(
            "async def count(db_path):\n"
            "    conn = sqlite3.connect(db_path)\n"
            "    return conn.execute(SQL).fetchone()"
        ),
        good=(
            "async def count(db_path):\n"
            "    async with aiosqlite.connect(db_path) as conn:\n"
            "        return await (await conn.execute(SQL)).fetchone()"
        ),
    ),
    Rule(
        code="NB108",
        name="sync-llm-call",
        summary="Synchronous LLM, agent or vector-store call in an async function",
        fix=(
            "Safe: offload the call to a thread (prefer `offload = 'to_thread'`, which carries the "
            "`contextvars` that LangChain callbacks and tracing rely on). With `prefer-async-twin = true`, "
            "`x.invoke()` becomes `await x.ainvoke()` (likewise `abatch`, `aget_state`, ...) and `for c in "
            "g.stream()` becomes `async for c in g.astream()`; these fixes are unsafe, because a twin can "
            "behave differently (a sync-only checkpointer has no async methods, so `ainvoke` raises). "
            "Iterator methods such as `stream` have no offload fix."
        ),
        message="{call} calls a model or agent synchronously; use {replacement}",
        why=(
            "LangChain / LangGraph runnables, LlamaIndex engines, embeddings, vector stores and the sync "
            "clients of the model providers (OpenAI, Anthropic, LiteLLM, Cohere, Mistral, Gemini, Groq, "
            "Ollama, Hugging Face) wait seconds for a model; local embedding models (sentence-transformers) "
            "compute for as long. Inside an `async def` that stalls every request the server holds. Most "
            "have an async twin (`ainvoke`, `AsyncOpenAI`, `acompletion`, ...); local models are offloaded."
        ),
        bad="async def chat(req):\n    return agent_graph.invoke(initial_state, config)",
        good=("async def chat(req):\n    return await agent_graph.ainvoke(initial_state, config)"),
    ),
    Rule(
        code="NB109",
        name="blocking-sync-primitive",
        summary="Blocking thread synchronisation in an async function",
        fix=(
            "Safe for `Event.wait`, `Barrier.wait`, `Thread.join`, `queue` and `multiprocessing` queue "
            "operations, pool results and `Future.result`: offload to a thread. None for `acquire` on "
            "`Lock`, `RLock`, `Semaphore` and `Condition` (of `threading` or `multiprocessing`), and for"
            " `Condition.wait`: a lock taken in a worker thread belongs to that thread; use an asyncio"
            " primitive, or take and release the lock in one function run in a thread."
        ),
        message="{call} blocks the thread while it waits; use {replacement}",
        why=(
            "`threading` locks, events and conditions, `queue.Queue`, `Thread.join` and "
            "`Future.result` wait for another thread; `multiprocessing`'s queues, locks, events and "
            "pools wait for another process. The event loop cannot run the task that would release "
            "them, so this can deadlock as well as stall."
        ),
        bad="async def work(lock):\n    lock = threading.Lock()\n    lock.acquire()",
        good="async def work():\n    lock = asyncio.Lock()\n    await lock.acquire()",
    ),
    Rule(
        code=NESTED_LOOP_CODE,
        name="nested-event-loop",
        summary="Starting an event loop inside a running one",
        fix=("None: `await` the coroutine instead of starting another event loop."),
        message="{call} cannot run inside a running event loop; use {replacement}",
        why=(
            "`asyncio.run` and `loop.run_until_complete` start an event loop. Inside a coroutine a "
            "loop is already running: the call raises `RuntimeError`, or (with nest_asyncio) blocks."
        ),
        bad="async def main():\n    asyncio.run(other())",
        good="async def main():\n    await other()",
    ),
    Rule(
        code="NB111",
        name="cpu-bound-call",
        summary="CPU-bound work on the event loop (opt-in)",
        fix=(
            "Safe: offload the call to a thread (`run_in_executor` + `functools.partial`, or "
            "`asyncio.to_thread`). Libraries that release the GIL (NumPy, pandas parsers, Pillow, PyTorch, "
            "bcrypt) then run in parallel with the loop; pure-Python work still competes for the GIL, so a "
            "`ProcessPoolExecutor` is the better home for it, which is left to you."
        ),
        message="{call} does CPU-bound work on the event loop; use {replacement}",
        why=(
            "Parsing a large file with pandas, resizing an image, hashing a password or running a model "
            "does no I/O, but it holds the event loop just as long. This family is off by default because "
            "the cost depends on the size of the input: select `NB111` to see every such call."
        ),
        bad="async def thumbnail(data):\n    return Image.open(io.BytesIO(data)).resize((128, 128))",
        good=(
            "async def thumbnail(data):\n"
            "    return await asyncio.to_thread(lambda: Image.open(io.BytesIO(data)).resize((128, 128)))"
        ),
        default=False,
    ),
    Rule(
        code=HELD_LOCK_CODE,
        name="thread-lock-held-across-await",
        summary="A thread lock held across an `await` (or a `yield`)",
        fix=(
            "None: use an `asyncio.Lock` (or `Semaphore`, `Condition`) when only tasks share the lock. "
            "When threads share it too, hold it only around code that does not await: release it "
            "before each `await` and take it again after."
        ),
        message="{call} holds a thread lock across an `await`; use {replacement}",
        why=(
            "A `threading` (or `multiprocessing`) lock belongs to a thread, and every task of the event "
            "loop runs on the same thread. While a coroutine awaits inside `with lock:`, another task "
            "that reaches `with lock:` blocks the thread, and with it the task that would release the "
            "lock: the event loop freezes for good. An `RLock` lets the other task in instead, so it "
            "keeps nothing out. A `with lock:` whose block does not await is not reported: it is held "
            "only briefly, by one task at a time."
        ),
        bad=(
            "_lock = threading.Lock()\n\n"
            "async def refresh(client):\n"
            "    with _lock:\n"
            "        token = await client.fetch_token()"
        ),
        good=(
            "_lock = asyncio.Lock()\n\n"
            "async def refresh(client):\n"
            "    async with _lock:\n"
            "        token = await client.fetch_token()"
        ),
    ),
    Rule(
        code="NB200",
        name="transitive-blocking-call",
        summary="Call to a project function that blocks, one or more calls away",
        message="{call} blocks through the project's own code: {chain}; use {replacement}",
        fix=(
            "Safe: offload the call to a thread, as for a direct blocking call. Better still, make the "
            "helper async or give it an async twin."
        ),
        why=(
            "A plain function of the project that makes a blocking call (or calls one that does, at "
            "any depth) blocks the event loop when a coroutine calls it. The message shows a way "
            "down, with the file and line of each step: the one that runs most often, as far as the "
            "code shows (not through an `except` handler or an `if` when another way is taken on "
            "every call), and of those the shortest."
        ),
        bad=(
            "# app/storage.py\n"
            "def load_profile(user_id):\n"
            "    with open(f'profiles/{user_id}.json') as f:\n"
            "        return json.load(f)\n\n"
            "# app/api.py\n"
            "async def get_profile(user_id):\n"
            "    return load_profile(user_id)"
        ),
        good=("async def get_profile(user_id):\n    return await asyncio.to_thread(load_profile, user_id)"),
    ),
    Rule(
        code="NB900",
        name="unused-noqa",
        summary="A `# noqa` code that silences nothing on its line (opt-in)",
        message="{codes} in `# noqa` {verb} nothing on this line; remove {them}",
        fix=(
            "Safe: the unused codes are removed from the comment, and the `# noqa` directive with them "
            "when none is left; other tools' codes and the rest of the comment stay. A comment changes "
            "no behaviour."
        ),
        why=(
            "A `# noqa: NB102` stays after the call it silenced was fixed or removed, and would silence "
            "the next blocking call written on that line. Judged: noblock codes on lines of code that "
            "runs on the event loop (the body of an `async def`), for the rules the run selects, and "
            "codes that name no noblock rule; a line holding a call the whole-project pass decides "
            "(it may report one there, under any code) is judged after the pass, and NB200 only when "
            "it runs. Not judged: a bare `# noqa`, other tools' codes, rules the run does not select, "
            "and lines of plain functions, where a `# noqa` stops NB200 chains."
        ),
        bad=(
            "async def handler(url):\n"
            "    async with httpx.AsyncClient() as client:\n"
            "        return await client.get(url)  # noqa: NB102"
        ),
        good=(
            "async def handler(url):\n"
            "    async with httpx.AsyncClient() as client:\n"
            "        return await client.get(url)"
        ),
        default=False,
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
DEFAULT_CODES: frozenset[str] = frozenset(rule.code for rule in RULES if rule.default)
ALL_CODES: frozenset[str] = frozenset(RULES_BY_CODE)


def call_message(
    code: str, shown: str, replacement: str, own_message: str | None, no_fix: str | None, chain: str = ""
) -> str:
    """The message of a finding on a call: the rule's (or a user rule's `own_message`), with why it
    has no automatic fix, if it has none; `chain` is the way down, for NB200."""
    if own_message is None:
        message = RULES_BY_CODE[code].message.format(call=shown, replacement=replacement, chain=chain)
    else:
        message = f"{shown}: {own_message}"
    return message if no_fix is None else f"{message} (no automatic fix: {no_fix})"


def resolve_selectors(selectors: list[str], *, opt_in: bool = False) -> set[str]:
    """Expand code prefixes (`NB1`, `NB10`, `ALL`) into codes; raise ValueError on one that matches none.

    `ALL` and a full code select any rule. A shorter prefix selects only the rules that are on by default,
    so that `select = ["NB1"]` does not turn on an opt-in family; with `opt_in=True` (for ignores) a prefix
    covers opt-in rules too.
    """
    codes: set[str] = set()
    for selector in selectors:
        matched = {code for code in RULES_BY_CODE if selector == "ALL" or code.startswith(selector)}
        if not matched:
            raise ValueError(f"unknown rule code or prefix {selector!r}")
        if selector != "ALL" and not opt_in:
            matched = {code for code in matched if code == selector or code in DEFAULT_CODES}
        codes |= matched
    return codes
