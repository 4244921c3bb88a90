"""Synchronous database, cache, cloud and messaging clients."""

from __future__ import annotations

from noblock.catalog import CallRule, Offload, Returns, calls

_DBAPI_CONNECTION = "execute executemany executescript commit rollback close"
_DBAPI_CURSOR = "execute executemany executescript fetchone fetchmany fetchall callproc nextset"
_REDIS_NON_BLOCKING = (
    "pipeline pubsub lock register_script from_url from_pool get_connection_kwargs "
    "get_encoder get_retry set_response_callback"
)
_BOTO3_NON_BLOCKING = (
    "get_paginator get_waiter can_paginate generate_presigned_url generate_presigned_post "
    "close meta exceptions"
)
_MONGO_OPERATIONS = (
    "find_one insert_one insert_many update_one update_many replace_one delete_one "
    "delete_many count_documents estimated_document_count distinct bulk_write "
    "find_one_and_delete find_one_and_replace find_one_and_update create_index create_indexes "
    "drop drop_index index_information list_database_names list_collection_names "
    "command server_info"
)
_MONGO_CURSORS = "find aggregate list_indexes watch"  # return cursors that fetch while iterated
_SQLITE_THREADS = (
    "sqlite3 objects refuse to be used from another thread unless the connection was opened with "
    "`check_same_thread=False`"
)

CALLS: list[CallRule] = [
    # sqlite3 (opening a database file blocks as well).
    CallRule("sqlite3.connect", "NB107", "`aiosqlite`"),
    *calls(
        "NB107",
        "sqlite3.Connection",
        _DBAPI_CONNECTION,
        "`aiosqlite`",
        offload=Offload.UNSAFE,
        note=_SQLITE_THREADS,
    ),
    *calls(
        "NB107", "sqlite3.Cursor", _DBAPI_CURSOR, "`aiosqlite`", offload=Offload.UNSAFE, note=_SQLITE_THREADS
    ),
    # PostgreSQL and MySQL drivers.
    CallRule("psycopg2.connect", "NB107", "`asyncpg` / `psycopg.AsyncConnection`"),
    *calls("NB107", "psycopg2.connection", _DBAPI_CONNECTION, "`asyncpg` / `psycopg.AsyncConnection`"),
    *calls("NB107", "psycopg2.cursor", _DBAPI_CURSOR, "`asyncpg` / `psycopg.AsyncConnection`"),
    CallRule("pymysql.connect", "NB107", "`aiomysql` / `asyncmy`"),
    CallRule("pymysql.Connect", "NB107", "`aiomysql` / `asyncmy`"),
    *calls("NB107", "pymysql.Connection", f"{_DBAPI_CONNECTION} ping", "`aiomysql` / `asyncmy`"),
    *calls("NB107", "pymysql.Cursor", _DBAPI_CURSOR, "`aiomysql` / `asyncmy`"),
    # MongoDB: the client connects lazily, operations block.
    *[
        CallRule(f"pymongo.MongoClient*.**.{name}", "NB107", "`pymongo.AsyncMongoClient` / `motor`")
        for name in _MONGO_OPERATIONS.split()
    ],
    *[
        CallRule(
            f"pymongo.MongoClient*.**.{name}", "NB107", "`pymongo.AsyncMongoClient` / `motor`", iterates=True
        )
        for name in _MONGO_CURSORS.split()
    ],
    # Redis: every command is a round trip, except the few factory methods below.
    *calls(None, "redis.Redis", _REDIS_NON_BLOCKING),
    CallRule("redis.Redis.*", "NB107", "`redis.asyncio.Redis`"),
    *calls("NB107", "redis.Pipeline", "execute", "`redis.asyncio.Redis.pipeline()`"),
    # boto3: every client operation is an HTTP call; resource factories (`s3.Bucket(...)`) are not.
    *calls(None, "boto3.Client", _BOTO3_NON_BLOCKING),
    CallRule("boto3.Client.*", "NB107", "`aioboto3` / `aiobotocore`, or `asyncio.to_thread()`"),
    CallRule("boto3.Resource.[A-Z]*", None),
    CallRule("boto3.Resource.*", "NB107", "`aioboto3`, or `asyncio.to_thread()`"),
    *calls("NB107", "boto3.Paginator", "paginate", "`aiobotocore` paginators", iterates=True),
    *calls("NB107", "boto3.Waiter", "wait", "`aiobotocore` waiters"),
]

RETURNS: list[Returns] = [
    Returns("sqlite3.connect", "sqlite3.Connection"),
    Returns("sqlite3.Connection"),
    Returns("sqlite3.Connection.cursor", "sqlite3.Cursor"),
    Returns("sqlite3.Connection.execute", "sqlite3.Cursor"),
    Returns("sqlite3.Connection.executemany", "sqlite3.Cursor"),
    Returns("sqlite3.Cursor.execute", "sqlite3.Cursor"),
    Returns("psycopg2.connect", "psycopg2.connection"),
    Returns("psycopg2.extensions.connection", "psycopg2.connection"),
    Returns("psycopg2.connection.cursor", "psycopg2.cursor"),
    Returns("pymysql.connect", "pymysql.Connection"),
    Returns("pymysql.Connect", "pymysql.Connection"),
    Returns("pymysql.connections.Connection", "pymysql.Connection"),
    Returns("pymysql.Connection"),
    Returns("pymysql.Connection.cursor", "pymysql.Cursor"),
    Returns("pymongo.MongoClient"),
    Returns("pymongo.mongo_client.MongoClient", "pymongo.MongoClient"),
    # A database is typed like `client["db"]`, a collection like `client["db"]["coll"]`.
    Returns("pymongo.MongoClient.get_database", "pymongo.MongoClient[]"),
    Returns("pymongo.MongoClient.get_default_database", "pymongo.MongoClient[]"),
    Returns("pymongo.MongoClient*.**.get_collection", "pymongo.MongoClient[][]"),
    Returns("redis.Redis"),
    Returns("redis.StrictRedis", "redis.Redis"),
    Returns("redis.client.Redis", "redis.Redis"),
    Returns("redis.from_url", "redis.Redis"),
    Returns("redis.Redis.from_url", "redis.Redis"),
    Returns("redis.Redis.pipeline", "redis.Pipeline"),
    Returns("boto3.client", "boto3.Client"),
    Returns("boto3.session.Session.client", "boto3.Client"),
    Returns("boto3.Session.client", "boto3.Client"),
    Returns("boto3.session.Session", "boto3.Session"),
    Returns("boto3.Session"),
    Returns("boto3.resource", "boto3.Resource"),
    Returns("boto3.Session.resource", "boto3.Resource"),
    Returns("boto3.Resource.[A-Z]*", "boto3.Resource"),
    Returns("boto3.Client.get_paginator", "boto3.Paginator"),
    Returns("boto3.Client.get_waiter", "boto3.Waiter"),
]
