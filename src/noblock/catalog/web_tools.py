"""The web tools agents call: search and scraping APIs (Tavily, Exa, Firecrawl, DuckDuckGo) and remote
code sandboxes (E2B). Each sync client sends an HTTP request and waits for the answer."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Returns, calls

AREA = "Web search, scraping and sandboxes"

_TAVILY_ASYNC = "`tavily.AsyncTavilyClient` (the same methods, awaited)"
_TAVILY = Library(
    "tavily-python",
    AREA,
    "tavily-python 0.5 - 0.8",
    _TAVILY_ASYNC,
    calls=tuple(
        calls(
            "NB102",
            "tavily.TavilyClient",
            "search extract crawl map get_search_context qna_search get_company_info research "
            "get_research feedback",
            _TAVILY_ASYNC,
        )
    ),
    # `Client` is the deprecated name of `TavilyClient`.
    returns=(Returns("tavily.TavilyClient"), Returns("tavily.Client", "tavily.TavilyClient")),
)

_EXA_ASYNC = "`exa_py.AsyncExa` (the same methods, awaited)"
_EXA = Library(
    "exa-py",
    AREA,
    "exa-py 1.x - 2.28",
    _EXA_ASYNC,
    calls=(
        *calls(
            "NB102",
            "exa_py.Exa",
            "search search_and_contents find_similar find_similar_and_contents get_contents answer request",
            _EXA_ASYNC,
        ),
        # Streams are read as the answer arrives.
        *calls("NB102", "exa_py.Exa", "stream_answer stream_search", _EXA_ASYNC, iterates=True),
    ),
    returns=(Returns("exa_py.Exa"),),
)

# Every public method of the client sends a request, the old names (`scrape_url`, v1) and the new
# (`scrape`, v2) alike; `watcher()` only builds a watcher, which connects when started.
_FIRECRAWL_ASYNC = "`firecrawl.AsyncFirecrawl` (the same methods, awaited)"
_FIRECRAWL = Library(
    "firecrawl-py",
    AREA,
    "firecrawl-py 1.x - 4.55",
    _FIRECRAWL_ASYNC,
    calls=(
        CallRule("firecrawl.Firecrawl.watcher", None),
        CallRule("firecrawl.Firecrawl.[!_]*", "NB102", _FIRECRAWL_ASYNC),
        CallRule("firecrawl.Firecrawl.v1.[!_]*", "NB102", _FIRECRAWL_ASYNC),
        CallRule("firecrawl.Firecrawl.v2.[!_]*", "NB102", _FIRECRAWL_ASYNC),
    ),
    returns=(
        Returns("firecrawl.Firecrawl"),
        Returns("firecrawl.FirecrawlApp", "firecrawl.Firecrawl"),
        Returns("firecrawl.V1FirecrawlApp", "firecrawl.Firecrawl"),
        Returns("firecrawl.firecrawl.FirecrawlApp", "firecrawl.Firecrawl"),
    ),
)

# duckduckgo_search 5 to 8 (renamed `ddgs` in 9) return lists; the search runs in the call.
_DDGS_SEARCHES = "text images videos news"
_DUCKDUCKGO_SEARCH = Library(
    "duckduckgo-search",
    AREA,
    "duckduckgo_search 5.3 - 8.1, ddgs 9.x",
    "`asyncio.to_thread()` around the search",
    calls=(
        *calls("NB102", "duckduckgo_search.DDGS", f"{_DDGS_SEARCHES} answers suggestions maps translate"),
        *calls("NB102", "ddgs.DDGS", f"{_DDGS_SEARCHES} books extract"),
    ),
    returns=(Returns("duckduckgo_search.DDGS"), Returns("ddgs.DDGS")),
)

# E2B's sandboxes run in the cloud: creating one, running code or a command in it and reading its
# files are requests to it. Building a URL or a host name for one is not.
_E2B_ASYNC = "`e2b.AsyncSandbox` (`await AsyncSandbox.create()`, the same methods, awaited)"
_E2B_SANDBOX = (
    "create connect kill is_running set_timeout get_info get_metrics pause beta_pause fork "
    "create_snapshot delete_snapshot update_network get_mcp_token"
)
_E2B_CODE_INTERPRETER = (
    "run_code create_code_context remove_code_context list_code_contexts restart_code_context"
)
_E2B_PARTS = (
    ("commands", "run list kill send_stdin stream_input close_stdin connect"),
    ("files", "read write write_files list exists get_info remove rename make_dir watch_dir"),
    ("pty", "create kill send_stdin stream_input connect resize"),
)
_E2B_CLASSES = ("e2b.Sandbox", "e2b_code_interpreter.Sandbox")
_E2B = Library(
    "e2b",
    AREA,
    "e2b 2.x - 2.63, e2b-code-interpreter 2.x - 2.11",
    _E2B_ASYNC,
    calls=(
        *[rule for cls in _E2B_CLASSES for rule in calls("NB102", cls, _E2B_SANDBOX, _E2B_ASYNC)],
        *calls("NB102", "e2b_code_interpreter.Sandbox", _E2B_CODE_INTERPRETER, _E2B_ASYNC),
        *[
            rule
            for cls in _E2B_CLASSES
            for part, names in _E2B_PARTS
            for rule in calls("NB102", f"{cls}.{part}", names, _E2B_ASYNC)
        ],
        # `Sandbox.list()` builds a paginator; each page is a request.
        CallRule("e2b.SandboxPaginator.next_items", "NB102", _E2B_ASYNC),
    ),
    returns=(
        # e2b 1.x created the sandbox in the constructor; 2.x wraps one `create()` made.
        *[Returns(cls) for cls in _E2B_CLASSES],
        *[Returns(f"{cls}.{factory}", cls) for cls in _E2B_CLASSES for factory in ("create", "connect")],
        *[Returns(f"{cls}.list", "e2b.SandboxPaginator") for cls in _E2B_CLASSES],
    ),
)

LIBRARIES: tuple[Library, ...] = (_TAVILY, _EXA, _FIRECRAWL, _DUCKDUCKGO_SEARCH, _E2B)
