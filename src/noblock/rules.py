"""The rule families: one row per code, with its message template and its documentation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A rule family: every blocking call in the catalogue belongs to exactly one."""

    code: str
    name: str
    summary: str
    message: str
    why: str
    bad: str
    good: str


RULES: tuple[Rule, ...] = (
    Rule(
        code="NB100",
        name="user-blocking-call",
        summary="Call declared blocking in the configuration",
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
        summary="`time.sleep` in an async function",
        message="{call} sleeps on the event loop; use {replacement}",
        why=(
            "`time.sleep` suspends the whole thread, and with it the event loop: no other task runs "
            "until it returns. `asyncio.sleep` suspends only the current task."
        ),
        bad="async def poll():\n    time.sleep(1)",
        good="async def poll():\n    await asyncio.sleep(1)",
    ),
    Rule(
        code="NB102",
        name="blocking-http",
        summary="Synchronous HTTP request in an async function",
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
        message="{call} starts or waits for a process on the event loop; use {replacement}",
        why=(
            "`subprocess`, `os.system`, `os.spawn*` and `os.wait*` block until the child process "
            "starts or exits. `asyncio.create_subprocess_exec` runs it without blocking."
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
        message="{call} does blocking file I/O; use {replacement}",
        why=(
            "Reading, writing, copying and removing files block on the disk (or a network file "
            "system). Offload the work to a thread, or use `anyio.Path` / `aiofiles`."
        ),
        bad="async def load(path):\n    with open(path) as f:\n        return f.read()",
        good="async def load(path):\n    return await anyio.Path(path).read_text()",
    ),
    Rule(
        code="NB105",
        name="blocking-fs-metadata",
        summary="Blocking file-system metadata query in an async function",
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
        message="{call} waits for terminal input on the event loop; use {replacement}",
        why="`input()` waits for a human. Nothing else runs on the event loop meanwhile.",
        bad="async def main():\n    name = input('name? ')",
        good="async def main():\n    name = await asyncio.to_thread(input, 'name? ')",
    ),
    Rule(
        code="NB107",
        name="blocking-client",
        summary="Synchronous database or network client in an async function",
        message="{call} uses a synchronous client; use {replacement}",
        why=(
            "Sync drivers (`sqlite3`, `psycopg2`, `pymysql`, `pymongo`, `redis`, `boto3`, `smtplib`, "
            "`ftplib`, raw sockets) wait for the server on the calling thread. Each has an async "
            "counterpart, or can be offloaded to a thread."
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
        message="{call} calls a model or agent synchronously; use {replacement}",
        why=(
            "LangChain / LangGraph runnables, embeddings, vector stores and the OpenAI / Anthropic "
            "sync clients wait seconds for a model. Inside an `async def` that stalls every request "
            "the server holds. Each has an async twin (`ainvoke`, `AsyncOpenAI`, ...)."
        ),
        bad="async def chat(req):\n    return agent_graph.invoke(initial_state, config)",
        good=("async def chat(req):\n    return await agent_graph.ainvoke(initial_state, config)"),
    ),
    Rule(
        code="NB109",
        name="blocking-sync-primitive",
        summary="Blocking thread synchronisation in an async function",
        message="{call} blocks the thread while it waits; use {replacement}",
        why=(
            "`threading` locks, events and conditions, `queue.Queue`, `Thread.join` and "
            "`Future.result` wait for another thread. The event loop cannot run the task that "
            "would release them, so this can deadlock as well as stall."
        ),
        bad="async def work(lock):\n    lock = threading.Lock()\n    lock.acquire()",
        good="async def work():\n    lock = asyncio.Lock()\n    await lock.acquire()",
    ),
    Rule(
        code="NB110",
        name="nested-event-loop",
        summary="Starting an event loop inside a running one",
        message="{call} cannot run inside a running event loop; use {replacement}",
        why=(
            "`asyncio.run` and `loop.run_until_complete` start an event loop. Inside a coroutine a "
            "loop is already running: the call raises `RuntimeError`, or (with nest_asyncio) blocks."
        ),
        bad="async def main():\n    asyncio.run(other())",
        good="async def main():\n    await other()",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def resolve_selectors(selectors: list[str]) -> set[str]:
    """Expand code prefixes (`NB1`, `NB10`, `ALL`) into codes; raise ValueError on one that matches none."""
    codes: set[str] = set()
    for selector in selectors:
        matched = {code for code in RULES_BY_CODE if selector == "ALL" or code.startswith(selector)}
        if not matched:
            raise ValueError(f"unknown rule code or prefix {selector!r}")
        codes |= matched
    return codes
