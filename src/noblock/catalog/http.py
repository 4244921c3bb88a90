"""Synchronous HTTP clients: requests, httpx, urllib, urllib3, http.client."""

from __future__ import annotations

from noblock.catalog import CallRule, Returns, calls

_ASYNC_HTTP = "`httpx.AsyncClient` / `aiohttp`"
_VERBS = "get post put patch delete head options request"

CALLS: list[CallRule] = [
    *calls("NB102", "requests", _VERBS, _ASYNC_HTTP),
    *calls("NB102", "requests.api", _VERBS, _ASYNC_HTTP),
    *calls("NB102", "requests.Session", f"{_VERBS} send", _ASYNC_HTTP),
    *calls("NB102", "httpx", _VERBS, "`httpx.AsyncClient`"),
    # `stream` returns a context manager that reads the body while it is open.
    *calls("NB102", "httpx", "stream", "`httpx.AsyncClient.stream()`", iterates=True),
    *calls("NB102", "httpx.Client", f"{_VERBS} send", "`httpx.AsyncClient`"),
    *calls("NB102", "httpx.Client", "stream", "`httpx.AsyncClient.stream()`", iterates=True),
    *calls("NB102", "urllib.request", "urlopen urlretrieve", _ASYNC_HTTP),
    *calls("NB102", "urllib.request.OpenerDirector", "open", _ASYNC_HTTP),
    CallRule("urllib3.request", "NB102", _ASYNC_HTTP),
    *calls(
        "NB102",
        "urllib3.PoolManager",
        "request request_encode_url request_encode_body urlopen",
        _ASYNC_HTTP,
    ),
    *calls(
        "NB102",
        "urllib3.HTTPConnectionPool",
        "request request_encode_url request_encode_body urlopen",
        _ASYNC_HTTP,
    ),
    *calls(
        "NB102",
        "http.client.HTTPConnection",
        "request getresponse connect send endheaders",
        _ASYNC_HTTP,
    ),
    *calls("NB102", "http.client.HTTPResponse", "read read1 readinto readline readlines", _ASYNC_HTTP),
]

RETURNS: list[Returns] = [
    Returns("requests.Session"),
    Returns("requests.session", "requests.Session"),
    Returns("requests.sessions.Session", "requests.Session"),
    Returns("httpx.Client"),
    Returns("urllib.request.build_opener", "urllib.request.OpenerDirector"),
    Returns("urllib.request.OpenerDirector"),
    Returns("urllib3.PoolManager"),
    Returns("urllib3.ProxyManager", "urllib3.PoolManager"),
    Returns("urllib3.HTTPConnectionPool"),
    Returns("urllib3.HTTPSConnectionPool", "urllib3.HTTPConnectionPool"),
    Returns("urllib3.connection_from_url", "urllib3.HTTPConnectionPool"),
    Returns("http.client.HTTPConnection"),
    Returns("http.client.HTTPSConnection", "http.client.HTTPConnection"),
    Returns("http.client.HTTPConnection.getresponse", "http.client.HTTPResponse"),
]
