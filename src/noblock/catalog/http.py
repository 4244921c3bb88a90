"""Synchronous HTTP clients: requests, httpx, urllib, urllib3, http.client; PyJWT's key fetcher and
google-auth's token checks and credentials."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Returns, calls

AREA = "HTTP clients"
_ASYNC_HTTP = "`httpx.AsyncClient` / `aiohttp`"
_VERBS = "get post put patch delete head options request"
_SERVICE_ACCOUNTS = (
    "google.oauth2.service_account.Credentials",
    "google.oauth2.service_account.IDTokenCredentials",
)
_USER_CREDENTIALS = "google.oauth2.credentials.Credentials"

LIBRARIES: tuple[Library, ...] = (
    Library(
        "requests",
        AREA,
        "requests 2.x",
        "`httpx.AsyncClient` or `aiohttp.ClientSession`",
        # With `stream=True` the body is read later, as it is used (`iter_content()`, `.content`).
        calls=(
            *calls("NB102", "requests", _VERBS, _ASYNC_HTTP, streams_with=("stream", 99)),
            *calls("NB102", "requests.api", _VERBS, _ASYNC_HTTP, streams_with=("stream", 99)),
            *calls("NB102", "requests.Session", f"{_VERBS} send", _ASYNC_HTTP, streams_with=("stream", 99)),
        ),
        returns=(
            Returns("requests.Session"),
            Returns("requests.session", "requests.Session"),
            Returns("requests.sessions.Session", "requests.Session"),
        ),
    ),
    Library(
        "httpx",
        AREA,
        "httpx 0.23 - 0.28",
        "`httpx.AsyncClient` (the same methods, awaited)",
        calls=(
            *calls("NB102", "httpx", _VERBS, "`httpx.AsyncClient`"),
            # `stream` returns a context manager that reads the body while it is open.
            *calls("NB102", "httpx", "stream", "`httpx.AsyncClient.stream()`", iterates=True),
            *calls("NB102", "httpx.Client", f"{_VERBS} send", "`httpx.AsyncClient`"),
            *calls("NB102", "httpx.Client", "stream", "`httpx.AsyncClient.stream()`", iterates=True),
        ),
        returns=(Returns("httpx.Client"),),
    ),
    Library(
        "urllib",
        AREA,
        "Python 3.9 - 3.14",
        "`httpx.AsyncClient` or `aiohttp.ClientSession`",
        calls=(
            *calls("NB102", "urllib.request", "urlopen urlretrieve", _ASYNC_HTTP),
            *calls("NB102", "urllib.request.OpenerDirector", "open", _ASYNC_HTTP),
        ),
        returns=(
            Returns("urllib.request.build_opener", "urllib.request.OpenerDirector"),
            Returns("urllib.request.OpenerDirector"),
        ),
    ),
    Library(
        "urllib3",
        AREA,
        "urllib3 1.26 - 2.x",
        "`httpx.AsyncClient` or `aiohttp.ClientSession`",
        calls=(
            CallRule("urllib3.request", "NB102", _ASYNC_HTTP),
            *[
                rule
                for pool in ("urllib3.PoolManager", "urllib3.HTTPConnectionPool")
                for rule in calls(
                    "NB102", pool, "request request_encode_url request_encode_body urlopen", _ASYNC_HTTP
                )
            ],
        ),
        returns=(
            Returns("urllib3.PoolManager"),
            Returns("urllib3.ProxyManager", "urllib3.PoolManager"),
            Returns("urllib3.HTTPConnectionPool"),
            Returns("urllib3.HTTPSConnectionPool", "urllib3.HTTPConnectionPool"),
            Returns("urllib3.connection_from_url", "urllib3.HTTPConnectionPool"),
        ),
    ),
    Library(
        "http.client",
        AREA,
        "Python 3.9 - 3.14",
        "`httpx.AsyncClient` or `aiohttp.ClientSession`",
        calls=(
            *calls(
                "NB102",
                "http.client.HTTPConnection",
                "request getresponse connect send endheaders",
                _ASYNC_HTTP,
            ),
            *calls(
                "NB102", "http.client.HTTPResponse", "read read1 readinto readline readlines", _ASYNC_HTTP
            ),
        ),
        returns=(
            Returns("http.client.HTTPConnection"),
            Returns("http.client.HTTPSConnection", "http.client.HTTPConnection"),
            Returns("http.client.HTTPConnection.getresponse", "http.client.HTTPResponse"),
        ),
    ),
    # `PyJWKClient` fetches the JSON Web Key Set with `urllib` when its cache is empty or stale (every
    # five minutes by default) and when a token names a key it does not hold.
    Library(
        "PyJWT",
        AREA,
        "PyJWT 2.x",
        "`asyncio.to_thread()` around the key lookup, or an async JWKS fetch",
        calls=(
            *calls(
                "NB102",
                "jwt.PyJWKClient",
                "fetch_data get_jwk_set get_signing_keys get_signing_key get_signing_key_from_jwt",
            ),
        ),
        returns=(Returns("jwt.PyJWKClient"), Returns("jwt.jwks_client.PyJWKClient", "jwt.PyJWKClient")),
    ),
    # Verifying a Google ID token fetches Google's public certificates over HTTP at each call,
    # through the sync transport it is given; a credential's `refresh()` asks for a token over
    # HTTP; `google.auth.default()` reads the credentials file and, on Google Cloud, asks the
    # metadata server.
    Library(
        "google-auth",
        AREA,
        "google-auth 2.x",
        "`asyncio.to_thread()` around the call, once per token, and keep what it gives",
        calls=(
            *calls(
                "NB102",
                "google.oauth2.id_token",
                "verify_token verify_oauth2_token verify_firebase_token"
                " fetch_id_token fetch_id_token_credentials",
            ),
            *(
                CallRule(f"{credentials}.refresh", "NB102")
                for credentials in (*_SERVICE_ACCOUNTS, _USER_CREDENTIALS)
            ),
            *(
                CallRule(f"{credentials}.from_service_account_file", "NB104")
                for credentials in _SERVICE_ACCOUNTS
            ),
            CallRule(f"{_USER_CREDENTIALS}.from_authorized_user_file", "NB104"),
            CallRule("google.auth.load_credentials_from_file", "NB104"),
            CallRule("google.auth.default", "NB102"),
            # Client certificates for mutual TLS (2.63 read): whether to use one is read from the
            # gcloud certificate configuration file, whether one exists from the paths it names.
            *calls(
                "NB104",
                "google.auth.transport.mtls",
                "should_use_client_cert load_default_client_cert get_default_ssl_context "
                "default_client_encrypted_cert_source",
            ),
            *calls(
                "NB105",
                "google.auth.transport.mtls",
                "has_default_client_cert_source default_client_cert_source",
            ),
            *calls(
                "NB102", "google.auth.transport.requests.AuthorizedSession", f"{_VERBS} send", _ASYNC_HTTP
            ),
        ),
        returns=(
            *(
                Returns(f"{credentials}.{factory}", credentials)
                for credentials in _SERVICE_ACCOUNTS
                for factory in ("from_service_account_file", "from_service_account_info")
            ),
            *(
                Returns(f"{_USER_CREDENTIALS}.{factory}", _USER_CREDENTIALS)
                for factory in ("from_authorized_user_file", "from_authorized_user_info")
            ),
            *(Returns(credentials) for credentials in (*_SERVICE_ACCOUNTS, _USER_CREDENTIALS)),
            Returns("google.auth.transport.requests.AuthorizedSession"),
        ),
    ),
)
