"""Databases and ORMs: DB-API drivers, MongoDB, Redis, SQLAlchemy, SQLModel, the Django ORM, Peewee,
diskcache, neo4j, DuckDB."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Offload, Returns, calls

AREA = "Databases and ORMs"

_DBAPI_CONNECTION = "execute executemany executescript commit rollback close"
_DBAPI_CURSOR = "execute executemany executescript fetchone fetchmany fetchall callproc nextset"
# The default cursors of psycopg2, PyMySQL and mysqlclient read the whole result in `execute`:
# `fetch*` then only builds rows from memory. (Server-side cursors, `conn.cursor(name=...)` and
# the `SSCursor` classes, fetch as they go; a cursor's kind is not followed from how it was made.)
_BUFFERED_CURSOR = "execute executemany callproc"
_SQLITE_THREADS = (
    "sqlite3 objects refuse to be used from another thread unless the connection was opened with "
    "`check_same_thread=False`"
)

# --- sqlite3 and DB-API drivers -----------------------------------------------------------------

_SQLITE3 = Library(
    "sqlite3",
    AREA,
    "Python 3.9 - 3.14",
    "`aiosqlite` (the same API, awaited)",
    calls=(
        # Opening a database file blocks as well.
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
            "NB107",
            "sqlite3.Cursor",
            _DBAPI_CURSOR,
            "`aiosqlite`",
            offload=Offload.UNSAFE,
            note=_SQLITE_THREADS,
        ),
    ),
    returns=(
        Returns("sqlite3.connect", "sqlite3.Connection"),
        Returns("sqlite3.Connection"),
        Returns("sqlite3.Connection.cursor", "sqlite3.Cursor"),
        Returns("sqlite3.Connection.execute", "sqlite3.Cursor"),
        Returns("sqlite3.Connection.executemany", "sqlite3.Cursor"),
        Returns("sqlite3.Cursor.execute", "sqlite3.Cursor"),
    ),
)

_PG_ASYNC = "`asyncpg` / `psycopg.AsyncConnection`"
_PSYCOPG2 = Library(
    "psycopg2",
    AREA,
    "psycopg2 2.9",
    "`asyncpg`, or psycopg 3's `psycopg.AsyncConnection`",
    calls=(
        CallRule("psycopg2.connect", "NB107", _PG_ASYNC),
        *calls("NB107", "psycopg2.connection", _DBAPI_CONNECTION, _PG_ASYNC),
        *calls("NB107", "psycopg2.cursor", _BUFFERED_CURSOR, _PG_ASYNC),
    ),
    returns=(
        Returns("psycopg2.connect", "psycopg2.connection"),
        Returns("psycopg2.extensions.connection", "psycopg2.connection"),
        Returns("psycopg2.connection.cursor", "psycopg2.cursor"),
    ),
)

# psycopg 3 cursors are client-side by default: `fetch*` reads rows already received, so only the
# calls that talk to the server are listed.
_PSYCOPG_ASYNC = "`psycopg.AsyncConnection` (the same API, awaited)"
_PSYCOPG_CONNECTION = (
    "execute commit rollback transaction tpc_begin tpc_prepare tpc_commit tpc_rollback tpc_recover "
    "set_autocommit set_isolation_level set_read_only set_deferrable"
)
_PSYCOPG_POOL = "connection getconn open wait check close"
_PSYCOPG = Library(
    "psycopg",
    AREA,
    "psycopg 3.1 - 3.3, psycopg-pool 3.2 - 3.3",
    "`psycopg.AsyncConnection` / `psycopg_pool.AsyncConnectionPool`",
    calls=(
        CallRule("psycopg.connect", "NB107", _PSYCOPG_ASYNC),
        CallRule("psycopg.**.Connection.connect", "NB107", _PSYCOPG_ASYNC),
        *calls("NB107", "psycopg.**.Connection", _PSYCOPG_CONNECTION, _PSYCOPG_ASYNC),
        *calls("NB107", "psycopg.**.Connection", "notifies", _PSYCOPG_ASYNC, iterates=True),
        *calls("NB107", "psycopg.**.Cursor", "execute executemany copy scroll", _PSYCOPG_ASYNC),
        *calls("NB107", "psycopg.**.Cursor", "stream", _PSYCOPG_ASYNC, iterates=True),
        *calls(
            "NB107", "psycopg_pool.**.ConnectionPool", _PSYCOPG_POOL, "`psycopg_pool.AsyncConnectionPool`"
        ),
    ),
    returns=(
        Returns("psycopg.connect", "psycopg.Connection"),
        Returns("psycopg.**.Connection.connect", "psycopg.Connection"),
        Returns("psycopg.**.Connection.execute", "psycopg.Cursor"),
        Returns("psycopg.**.Connection.cursor", "psycopg.Cursor"),
        Returns("psycopg.**.Cursor.execute", "psycopg.Cursor"),
        Returns("psycopg_pool.ConnectionPool"),
        Returns("psycopg_pool.**.ConnectionPool.connection", "psycopg.Connection"),
        Returns("psycopg_pool.**.ConnectionPool.getconn", "psycopg.Connection"),
    ),
)

_MYSQL_ASYNC = "`aiomysql` / `asyncmy`"
_PYMYSQL = Library(
    "pymysql",
    AREA,
    "PyMySQL 1.0 - 1.2",
    "`aiomysql` / `asyncmy`",
    calls=(
        CallRule("pymysql.connect", "NB107", _MYSQL_ASYNC),
        CallRule("pymysql.Connect", "NB107", _MYSQL_ASYNC),
        *calls("NB107", "pymysql.Connection", f"{_DBAPI_CONNECTION} ping", _MYSQL_ASYNC),
        *calls("NB107", "pymysql.Cursor", f"{_BUFFERED_CURSOR} nextset", _MYSQL_ASYNC),
    ),
    returns=(
        Returns("pymysql.connect", "pymysql.Connection"),
        Returns("pymysql.Connect", "pymysql.Connection"),
        Returns("pymysql.connections.Connection", "pymysql.Connection"),
        Returns("pymysql.Connection"),
        Returns("pymysql.Connection.cursor", "pymysql.Cursor"),
    ),
)

_MYSQLCLIENT = Library(
    "mysqlclient",
    AREA,
    "mysqlclient 2.2 (module `MySQLdb`)",
    "`aiomysql` / `asyncmy`",
    calls=(
        *calls("NB107", "MySQLdb", "connect Connect Connection", _MYSQL_ASYNC),
        *calls("NB107", "MySQLdb.connections", "Connection", _MYSQL_ASYNC),
        *calls("NB107", "MySQLdb.Connection", f"{_DBAPI_CONNECTION} ping query select_db", _MYSQL_ASYNC),
        *calls("NB107", "MySQLdb.Cursor", f"{_BUFFERED_CURSOR} nextset", _MYSQL_ASYNC),
    ),
    returns=(
        *[Returns(f"MySQLdb.{name}", "MySQLdb.Connection") for name in ("connect", "Connect", "Connection")],
        Returns("MySQLdb.connections.Connection", "MySQLdb.Connection"),
        Returns("MySQLdb.Connection.cursor", "MySQLdb.Cursor"),
    ),
)

# MySQL Connector/Python's cursors are unbuffered by default: `fetch*` read from the server too.
_MYSQL_CONNECTOR = Library(
    "mysql-connector-python",
    AREA,
    "mysql-connector-python 8.x - 26.10",
    "`mysql.connector.aio` (the same API, awaited), `aiomysql` or `asyncmy`",
    calls=(
        CallRule("mysql.connector.connect", "NB107", _MYSQL_ASYNC),
        *calls(
            "NB107",
            "mysql.connector.MySQLConnection",
            "commit rollback close ping reconnect cmd_query start_transaction",
            _MYSQL_ASYNC,
        ),
        *calls("NB107", "mysql.connector.cursor.MySQLCursor", _DBAPI_CURSOR, _MYSQL_ASYNC),
        *calls("NB107", "mysql.connector.pooling.MySQLConnectionPool", "get_connection", _MYSQL_ASYNC),
    ),
    returns=(
        Returns("mysql.connector.connect", "mysql.connector.MySQLConnection"),
        Returns("mysql.connector.MySQLConnection"),
        Returns("mysql.connector.CMySQLConnection", "mysql.connector.MySQLConnection"),
        Returns("mysql.connector.connection.MySQLConnection", "mysql.connector.MySQLConnection"),
        Returns("mysql.connector.MySQLConnection.cursor", "mysql.connector.cursor.MySQLCursor"),
        Returns("mysql.connector.pooling.MySQLConnectionPool"),
        Returns(
            "mysql.connector.pooling.MySQLConnectionPool.get_connection", "mysql.connector.MySQLConnection"
        ),
    ),
)

# ODBC fetches rows from the server as they are asked for.
_PYODBC = Library(
    "pyodbc",
    AREA,
    "pyodbc 5.x (5.5)",
    "`aioodbc`",
    calls=(
        CallRule("pyodbc.connect", "NB107", "`aioodbc`"),
        *calls("NB107", "pyodbc.Connection", "execute commit rollback close", "`aioodbc`"),
        *calls(
            "NB107",
            "pyodbc.Cursor",
            "execute executemany fetchone fetchmany fetchall fetchval commit rollback nextset tables "
            "columns primaryKeys foreignKeys statistics procedures",
            "`aioodbc`",
        ),
    ),
    returns=(
        Returns("pyodbc.connect", "pyodbc.Connection"),
        Returns("pyodbc.Connection.cursor", "pyodbc.Cursor"),
        Returns("pyodbc.Connection.execute", "pyodbc.Cursor"),
        Returns("pyodbc.Cursor.execute", "pyodbc.Cursor"),
    ),
)

_ORACLE_ASYNC = "`oracledb.connect_async()` / `oracledb.create_pool_async()` (awaited)"
_ORACLEDB = Library(
    "oracledb",
    AREA,
    "python-oracledb 1.x - 26.1",
    "`oracledb.connect_async()`: the same API, awaited",
    calls=(
        CallRule("oracledb.connect", "NB107", _ORACLE_ASYNC),
        CallRule("oracledb.create_pool", "NB107", _ORACLE_ASYNC),
        *calls("NB107", "oracledb.Connection", "commit rollback close ping", _ORACLE_ASYNC),
        *calls(
            "NB107",
            "oracledb.Cursor",
            "execute executemany fetchone fetchmany fetchall callproc callfunc",
            _ORACLE_ASYNC,
        ),
        *calls("NB107", "oracledb.ConnectionPool", "acquire close", _ORACLE_ASYNC),
    ),
    returns=(
        Returns("oracledb.connect", "oracledb.Connection"),
        Returns("oracledb.Connection"),
        Returns("oracledb.Connection.cursor", "oracledb.Cursor"),
        Returns("oracledb.create_pool", "oracledb.ConnectionPool"),
        Returns("oracledb.ConnectionPool.acquire", "oracledb.Connection"),
    ),
)

# --- MongoDB and Redis --------------------------------------------------------------------------

_MONGO_ASYNC = "`pymongo.AsyncMongoClient` / `motor`"
_MONGO_OPERATIONS = (
    "find_one insert_one insert_many update_one update_many replace_one delete_one "
    "delete_many count_documents estimated_document_count distinct bulk_write "
    "find_one_and_delete find_one_and_replace find_one_and_update create_index create_indexes "
    "drop drop_index index_information list_database_names list_collection_names "
    "command server_info"
)
_MONGO_CURSORS = "find aggregate list_indexes watch"  # return cursors that fetch while iterated
# A client is typed by its class; a database like `client["db"]`, a collection like `client["db"]["coll"]`;
# annotations name the classes of `pymongo.database` and `pymongo.collection` (or `pymongo.synchronous`).
_MONGO_OWNERS = ("pymongo.MongoClient*.**", "pymongo.**.Database", "pymongo.**.Collection")
_PYMONGO = Library(
    "pymongo",
    AREA,
    "PyMongo 4.x (4.20)",
    "`pymongo.AsyncMongoClient` (PyMongo 4.9+) or `motor`",
    calls=(
        *[
            CallRule(f"{owner}.{name}", "NB107", _MONGO_ASYNC)
            for owner in _MONGO_OWNERS
            for name in _MONGO_OPERATIONS.split()
        ],
        *[
            CallRule(f"{owner}.{name}", "NB107", _MONGO_ASYNC, iterates=True)
            for owner in _MONGO_OWNERS
            for name in _MONGO_CURSORS.split()
        ],
    ),
    returns=(
        Returns("pymongo.MongoClient"),
        Returns("pymongo.mongo_client.MongoClient", "pymongo.MongoClient"),
        Returns("pymongo.MongoClient.get_database", "pymongo.MongoClient[]"),
        Returns("pymongo.MongoClient.get_default_database", "pymongo.MongoClient[]"),
        Returns("pymongo.MongoClient*.**.get_collection", "pymongo.MongoClient[][]"),
    ),
)

# The command groups of Redis modules (`r.ft("idx").search(q)`, `r.json().get(k)`): building one
# makes no round trip, its commands do.
_REDIS_MODULES = {
    "ft": "redis.commands.search.Search",
    "json": "redis.commands.json.JSON",
    "ts": "redis.commands.timeseries.TimeSeries",
    "bf": "redis.commands.bf.BFBloom",
    "cf": "redis.commands.bf.CFBloom",
    "cms": "redis.commands.bf.CMSBloom",
    "topk": "redis.commands.bf.TOPKBloom",
    "tdigest": "redis.commands.bf.TDigestBloom",
}
_REDIS_MODULE_HELPERS = "pipeline batch_indexer get_params_args"
_REDIS_NON_BLOCKING = (
    "pipeline pubsub lock register_script from_url from_pool get_connection_kwargs "
    "get_encoder get_retry set_response_callback " + " ".join(_REDIS_MODULES)
)
# Annotations name the class under any of its public paths.
_REDIS_CLIENTS = ("redis.Redis", "redis.client.Redis", "redis.StrictRedis", "redis.RedisCluster")
_REDIS = Library(
    "redis",
    AREA,
    "redis-py 4.2 - 8.1",
    "`redis.asyncio.Redis` (the same commands, awaited)",
    calls=(
        # Every command is a round trip, except the few factory methods below.
        *[rule for client in _REDIS_CLIENTS for rule in calls(None, client, _REDIS_NON_BLOCKING)],
        *[CallRule(f"{client}.*", "NB107", "`redis.asyncio.Redis`") for client in _REDIS_CLIENTS],
        *calls("NB107", "redis.Pipeline", "execute", "`redis.asyncio.Redis.pipeline()`"),
        *[rule for group in _REDIS_MODULES.values() for rule in calls(None, group, _REDIS_MODULE_HELPERS)],
        *[
            CallRule(f"{group}.*", "NB107", f"`redis.asyncio.Redis` (its `{factory}()` commands are awaited)")
            for factory, group in _REDIS_MODULES.items()
        ],
        *calls(
            "NB107",
            "redis.client.PubSub",
            "subscribe psubscribe unsubscribe punsubscribe ping",
            "`redis.asyncio.Redis.pubsub()`",
        ),
        *calls("NB107", "redis.client.PubSub", "listen", "`redis.asyncio.Redis.pubsub()`", iterates=True),
        # `lock.acquire(blocking=False)` tries once; it still makes a round trip, but does not wait.
        *calls(
            "NB107", "redis.lock.Lock", "acquire", "`redis.asyncio.Redis.lock()`", unless=(("blocking", 1),)
        ),
        *calls(
            "NB107",
            "redis.lock.Lock",
            "release extend reacquire owned locked",
            "`redis.asyncio.Redis.lock()`",
        ),
        # `with client.lock("job"):` takes the lock as `acquire()` does, waiting for its holder.
        *calls("NB107", "redis.lock.Lock", "__enter__", "`async with` a `redis.asyncio.Redis.lock()`"),
        *calls(
            "NB107", "redis.sentinel.Sentinel", "discover_master discover_slaves", "`redis.asyncio.Sentinel`"
        ),
    ),
    returns=(
        Returns("redis.Redis"),
        Returns("redis.StrictRedis", "redis.Redis"),
        Returns("redis.client.Redis", "redis.Redis"),
        Returns("redis.from_url", "redis.Redis"),
        Returns("redis.Redis.from_url", "redis.Redis"),
        Returns("redis.RedisCluster", "redis.Redis"),
        Returns("redis.cluster.RedisCluster", "redis.Redis"),
        Returns("redis.Redis.pipeline", "redis.Pipeline"),
        Returns("redis.Redis.pubsub", "redis.client.PubSub"),
        Returns("redis.Redis.lock", "redis.lock.Lock"),
        *[Returns(f"redis.Redis.{factory}", group) for factory, group in _REDIS_MODULES.items()],
        Returns("redis.sentinel.Sentinel"),
        Returns("redis.Sentinel", "redis.sentinel.Sentinel"),
        Returns("redis.sentinel.Sentinel.master_for", "redis.Redis"),
        Returns("redis.sentinel.Sentinel.slave_for", "redis.Redis"),
    ),
)

# --- SQLAlchemy and SQLModel --------------------------------------------------------------------

_SA_ASYNC_SESSION = "`sqlalchemy.ext.asyncio.AsyncSession` (the same methods, awaited)"
_SA_ASYNC_ENGINE = "`sqlalchemy.ext.asyncio.create_async_engine()`"
_SA_SESSION = (
    "execute scalars scalar get get_one commit flush refresh merge merge_all delete delete_all rollback "
    "connection bulk_save_objects bulk_insert_mappings bulk_update_mappings"
)
_SA_ENGINE = "connect begin raw_connection dispose"
_SA_CONNECTION = "execute exec_driver_sql scalar scalars commit rollback"
_SA_QUERY = "all first one one_or_none scalar count get delete update value"
# Methods of `Query` that build another query and send nothing.
_SA_QUERY_CHAIN = (
    "filter filter_by where join outerjoin order_by group_by having limit offset slice options distinct "
    "select_from with_entities add_columns add_entity execution_options with_for_update populate_existing "
    "union union_all params yield_per"
)
# `sqlalchemy.**.Session` covers `sqlalchemy.orm.Session` and `sqlalchemy.orm.session.Session` (not
# `AsyncSession`: a segment must be exactly `Session`).
_SA_SESSIONS = ("sqlalchemy.**.Session", "sqlalchemy.orm.scoped_session")
_SQLALCHEMY = Library(
    "sqlalchemy",
    AREA,
    "SQLAlchemy 1.4 - 2.1",
    "`sqlalchemy.ext.asyncio`: `create_async_engine()`, `AsyncSession`, `async_sessionmaker()`",
    calls=(
        *[rule for owner in _SA_SESSIONS for rule in calls("NB107", owner, _SA_SESSION, _SA_ASYNC_SESSION)],
        *calls("NB107", "sqlalchemy.**.Engine", _SA_ENGINE, _SA_ASYNC_ENGINE),
        *calls(
            "NB107", "sqlalchemy.**.Connection", _SA_CONNECTION, "`sqlalchemy.ext.asyncio.AsyncConnection`"
        ),
        *calls("NB107", "sqlalchemy.**.Query", _SA_QUERY, f"`select()` with {_SA_ASYNC_SESSION}"),
    ),
    returns=(
        *[
            Returns(factory, "sqlalchemy.Engine")
            for factory in (
                "sqlalchemy.create_engine",
                "sqlalchemy.engine.create_engine",
                "sqlalchemy.engine_from_config",
            )
        ],
        Returns("sqlalchemy.**.Engine.connect", "sqlalchemy.Connection"),
        Returns("sqlalchemy.**.Engine.begin", "sqlalchemy.Connection"),
        Returns("sqlalchemy.orm.Session", "sqlalchemy.orm.Session"),
        Returns("sqlalchemy.orm.session.Session", "sqlalchemy.orm.Session"),
        # `SessionLocal = sessionmaker(...)`, then `SessionLocal()`: the factory and its product differ.
        Returns("sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.SessionFactory"),
        Returns("sqlalchemy.orm.session.sessionmaker", "sqlalchemy.orm.SessionFactory"),
        Returns("sqlalchemy.orm.SessionFactory", "sqlalchemy.orm.Session"),
        Returns("sqlalchemy.orm.SessionFactory.begin", "sqlalchemy.orm.Session"),
        Returns("sqlalchemy.orm.scoped_session"),
        *[Returns(f"{owner}.query", "sqlalchemy.orm.Query") for owner in _SA_SESSIONS],
        *[Returns(f"sqlalchemy.**.Query.{name}", "sqlalchemy.orm.Query") for name in _SA_QUERY_CHAIN.split()],
    ),
)

_SQLMODEL = Library(
    "sqlmodel",
    AREA,
    "SQLModel 0.0.14 - 0.0.50",
    "`sqlmodel.ext.asyncio.session.AsyncSession` with `create_async_engine()`",
    calls=tuple(
        calls(
            "NB107",
            "sqlmodel.**.Session",
            f"exec {_SA_SESSION}",
            "`sqlmodel.ext.asyncio.session.AsyncSession`",
        )
    ),
    returns=(
        Returns("sqlmodel.create_engine", "sqlalchemy.Engine"),
        Returns("sqlmodel.Session", "sqlmodel.Session"),
        Returns("sqlmodel.orm.session.Session", "sqlmodel.Session"),
        Returns("sqlmodel.**.Session.query", "sqlalchemy.orm.Query"),
    ),
)

# --- Django -------------------------------------------------------------------------------------

_DJANGO_THREADS = (
    "Django keeps one database connection per thread: a worker thread opens its own connection, outside "
    "the caller's transaction, and nothing closes it; prefer the async method or `sync_to_async`"
)
# Methods of a manager or queryset that run a query; each has an `a`-prefixed twin (Django 4.1+).
_DJANGO_QUERIES = (
    "get first last count exists create get_or_create update_or_create bulk_create bulk_update update "
    "delete aggregate earliest latest in_bulk contains explain"
)
# Methods that build another queryset and send nothing.
_DJANGO_CHAIN = (
    "all filter exclude order_by select_related prefetch_related annotate alias values values_list distinct "
    "only defer using select_for_update none union intersection difference reverse extra dates datetimes "
    "complex_filter get_queryset"
)
_DJANGO_QUERYSETS = ("django.db.models.Manager", "django.db.models.QuerySet")
# Model instances: `save`, `delete` and `refresh_from_db` (twins from Django 4.2). A model is a local class
# deriving from `models.Model` (or a class of the project's or Django's `models` modules).
_DJANGO_MODEL = "**.models.[A-Z]*"
_DJANGO_INSTANCE = {"save": "asave", "delete": "adelete", "refresh_from_db": "arefresh_from_db"}
_DJANGO_CACHE = (
    "add get set touch delete get_many get_or_set has_key incr decr set_many delete_many clear incr_version "
    "decr_version"
)
_DJANGO_AUTH = {
    "authenticate": "aauthenticate",
    "login": "alogin",
    "logout": "alogout",
    "get_user": "aget_user",
}


def _django_twin(pattern: str, twin: str, *, iterates: bool = False) -> CallRule:
    use = f"`async for` over `{{receiver}}.{twin}()`" if iterates else f"`await {{receiver}}.{twin}()`"
    return CallRule(
        pattern,
        "NB107",
        f"{use}, or `sync_to_async`",
        twin=twin,
        iterates=iterates,
        offload=Offload.UNSAFE,
        note=_DJANGO_THREADS,
    )


_DJANGO = Library(
    "django",
    AREA,
    "Django 4.2 - 5.2",
    "the `a`-prefixed ORM methods (`aget`, `afirst`, `acount`, `asave`, ... Django 4.1+), "
    "`async for` over querysets, or `sync_to_async`",
    calls=(
        *[
            _django_twin(f"{owner}.{name}", f"a{name}")
            for owner in _DJANGO_QUERYSETS
            for name in _DJANGO_QUERIES.split()
        ],
        *[_django_twin(f"{owner}.iterator", "aiterator", iterates=True) for owner in _DJANGO_QUERYSETS],
        *[_django_twin(f"{_DJANGO_MODEL}.{name}", twin) for name, twin in _DJANGO_INSTANCE.items()],
        *[
            CallRule(
                f"django.forms.{module}ModelForm.save",
                "NB107",
                "`await sync_to_async(form.save)()`",
                offload=Offload.UNSAFE,
                note=_DJANGO_THREADS,
            )
            for module in ("", "models.")
        ],
        *[
            CallRule(
                f"django.shortcuts.{name}",
                "NB107",
                f"`await django.shortcuts.a{name}()` (Django 5.0+), or `sync_to_async`",
                twin=f"django.shortcuts.a{name}",
                offload=Offload.UNSAFE,
                note=_DJANGO_THREADS,
            )
            for name in ("get_object_or_404", "get_list_or_404")
        ],
        *[
            CallRule(
                f"django.contrib.auth.{name}",
                "NB107",
                f"`await django.contrib.auth.{twin}()` (Django 5.0+)",
                twin=f"django.contrib.auth.{twin}",
                offload=Offload.UNSAFE,
                note=_DJANGO_THREADS,
            )
            for name, twin in _DJANGO_AUTH.items()
        ],
        # The cache API has async twins from Django 4.0; the backends behind it are network servers.
        *[
            CallRule(
                f"django.core.cache.{cache}.{name}",
                "NB107",
                f"`await {{receiver}}.a{name}()`",
                twin=f"a{name}",
            )
            for cache in ("cache", "caches[]")
            for name in _DJANGO_CACHE.split()
        ],
        *[
            rule
            for cursor in ("django.db.backends.utils.CursorWrapper",)
            for rule in calls(
                "NB107",
                cursor,
                _DBAPI_CURSOR,
                "`sync_to_async`",
                offload=Offload.UNSAFE,
                note=_DJANGO_THREADS,
            )
        ],
    ),
    returns=(
        # `Order.objects`, on a model class of this module (typed by its base) or imported from elsewhere.
        *[
            Returns(f"django.db.models.Model.{name}", "django.db.models.Manager", attribute=True)
            for name in ("objects", "_default_manager", "_base_manager")
        ],
        Returns("[!<]*.**.[A-Z]*.objects", "django.db.models.Manager", attribute=True),
        # Reverse relations: `order.orderline_set`.
        Returns("django.db.models.Model.*_set", "django.db.models.Manager", attribute=True),
        *[
            Returns(f"{owner}.{name}", "django.db.models.QuerySet")
            for owner in _DJANGO_QUERYSETS
            for name in _DJANGO_CHAIN.split()
        ],
        *[
            Returns(f"{owner}.{name}", "django.db.models.Model")
            for owner in _DJANGO_QUERYSETS
            for name in ("get", "first", "last", "earliest", "latest", "create")
        ],
        Returns("django.contrib.auth.get_user_model", "django.contrib.auth.models.User"),
        Returns("django.shortcuts.get_object_or_404", "django.db.models.Model"),
        Returns("django.db.connection.cursor", "django.db.backends.utils.CursorWrapper"),
        Returns("django.db.connections[].cursor", "django.db.backends.utils.CursorWrapper"),
        # Calling a model class imported from a `models` module gives an instance.
        Returns(_DJANGO_MODEL),
    ),
)

# --- Peewee -------------------------------------------------------------------------------------

_PEEWEE_ASYNC = "`peewee-async`, or `asyncio.to_thread()`"
_PEEWEE_THREADS = (
    "Peewee keeps one connection per thread: a worker thread opens its own, outside the caller's transaction"
)
_PEEWEE_MODEL = (
    "get get_or_none get_by_id create bulk_create bulk_update get_or_create save delete_instance "
    "delete_by_id "
    "set_by_id"
)
_PEEWEE_SELECT = "execute get get_or_none first scalar count exists peek"
_PEEWEE_SELECT_CHAIN = (
    "where join switch order_by group_by having limit offset paginate distinct dicts tuples namedtuples "
    "objects"
)
_PEEWEE_DATABASE = (
    "connect execute_sql execute create_tables drop_tables get_tables table_exists get_columns get_indexes "
    "commit rollback"
)
_PEEWEE = Library(
    "peewee",
    AREA,
    "peewee 3.15 - 4.5",
    "`peewee-async` (`peewee_async.AioModel`), or `asyncio.to_thread()`",
    calls=(
        *[
            rule
            for owner, names in (
                ("peewee.Model", _PEEWEE_MODEL),
                ("peewee.ModelSelect", _PEEWEE_SELECT),
                ("peewee.Query", "execute"),
                ("peewee.Database", _PEEWEE_DATABASE),
            )
            for rule in calls(
                "NB107", owner, names, _PEEWEE_ASYNC, offload=Offload.UNSAFE, note=_PEEWEE_THREADS
            )
        ],
        CallRule("peewee.ModelSelect.iterator", "NB107", _PEEWEE_ASYNC, iterates=True),
    ),
    returns=(
        Returns("peewee.Model.select", "peewee.ModelSelect"),
        *[
            Returns(f"peewee.Model.{name}", "peewee.Model")
            for name in ("get", "get_or_none", "get_by_id", "create")
        ],
        *[Returns(f"peewee.ModelSelect.{name}", "peewee.Model") for name in ("get", "get_or_none", "first")],
        *[
            Returns(f"peewee.Model.{name}", "peewee.Query")
            for name in (
                "update",
                "insert",
                "insert_many",
                "insert_from",
                "replace",
                "replace_many",
                "delete",
                "raw",
            )
        ],
        *[
            Returns(f"peewee.ModelSelect.{name}", "peewee.ModelSelect")
            for name in _PEEWEE_SELECT_CHAIN.split()
        ],
        *[Returns(f"peewee.Query.{name}", "peewee.Query") for name in ("where", "returning", "on_conflict")],
        Returns("peewee.*Database", "peewee.Database"),
        Returns("playhouse.**.*Database", "peewee.Database"),
    ),
)

# A cache on disk, kept in SQLite and files: building it creates its folder and connects; every
# read and write of it goes to the disk, and `transact()` waits for SQLite's lock. `memoize()` only
# wraps a function.
_DISKCACHE_TYPES = ("diskcache.Cache", "diskcache.FanoutCache", "diskcache.Index", "diskcache.Deque")
_DISKCACHE = Library(
    "diskcache",
    AREA,
    "diskcache 5.4 - 5.6",
    "`asyncio.to_thread()` around the call",
    calls=(
        *(CallRule(f"{cache}.memoize", None) for cache in _DISKCACHE_TYPES),
        *(CallRule(f"{cache}{member}", "NB107") for cache in _DISKCACHE_TYPES for member in ("", ".*")),
    ),
    returns=tuple(Returns(cache) for cache in _DISKCACHE_TYPES),
)

# --- neo4j ----------------------------------------------------------------------------------------

# The sync driver connects lazily: building it, or a session, sends nothing. A query is sent by
# `run()` (or `execute_query()`, a managed transaction), and its records fetched by the result's
# methods (or while it is iterated).
_NEO4J_ASYNC = "`neo4j.AsyncGraphDatabase.driver()` (an `AsyncDriver`, awaited)"
_NEO4J = Library(
    "neo4j",
    AREA,
    "neo4j 5.x - 6.4",
    "`neo4j.AsyncGraphDatabase.driver()`: the same API, awaited (`await session.run(...)`)",
    calls=(
        *calls(
            "NB107",
            "neo4j.Driver",
            "execute_query verify_connectivity verify_authentication get_server_info supports_multi_db "
            "supports_session_auth close",
            _NEO4J_ASYNC,
        ),
        *calls(
            "NB107",
            "neo4j.Session",
            "run begin_transaction execute_read execute_write read_transaction write_transaction close",
            _NEO4J_ASYNC,
        ),
        *calls("NB107", "neo4j.Transaction", "run commit rollback close", _NEO4J_ASYNC),
        *calls("NB107", "neo4j.ManagedTransaction", "run", _NEO4J_ASYNC),
        *calls(
            "NB107",
            "neo4j.Result",
            "consume single fetch peek graph value values data to_eager_result to_df",
            _NEO4J_ASYNC,
        ),
    ),
    returns=(
        Returns("neo4j.GraphDatabase.driver", "neo4j.Driver"),
        Returns("neo4j.GraphDatabase.neo4j_driver", "neo4j.Driver"),
        Returns("neo4j.GraphDatabase.bolt_driver", "neo4j.Driver"),
        Returns("neo4j.Driver.session", "neo4j.Session"),
        Returns("neo4j.Session.run", "neo4j.Result"),
        Returns("neo4j.Session.begin_transaction", "neo4j.Transaction"),
        Returns("neo4j.Transaction.run", "neo4j.Result"),
        Returns("neo4j.ManagedTransaction.run", "neo4j.Result"),
    ),
)

# DuckDB runs queries in the calling thread. `sql()` and `query()` build a lazy relation for a
# SELECT (its `fetch*`, `df()`, `show()` and writes run it) but run any other statement at once; the
# statement is not read, so they are not rows. The `read_*` builders sniff their file when called.
# The module's functions use a default connection.
_DUCKDB_RUN = (
    "execute executemany fetchone fetchmany fetchall fetchdf fetch_df df fetchnumpy fetch_df_chunk "
    "fetch_arrow_table to_arrow_table arrow commit checkpoint install_extension load_extension "
    "read_csv read_json read_parquet from_csv_auto from_parquet"
)
_DUCKDB_RELATION_RUN = (
    "execute fetchone fetchmany fetchall fetchdf df to_df pl arrow fetch_arrow_table to_arrow_table "
    "fetchnumpy to_dicts show write_csv write_parquet to_csv to_parquet to_table create insert "
    "insert_into materialize"
)
_DUCKDB_RELATIONS = "sql query read_csv read_json read_parquet from_csv_auto from_parquet table view values"
_DUCKDB_THREADS = (
    "a DuckDB connection must not be used by two threads at once: give each thread its own `conn.cursor()`"
)


def _duckdb(owner: str, names: str, *, iterates: bool = False) -> list[CallRule]:
    return calls("NB107", owner, names, iterates=iterates, offload=Offload.UNSAFE, note=_DUCKDB_THREADS)


_DUCKDB = Library(
    "duckdb",
    AREA,
    "duckdb 1.1 - 2.0",
    "`asyncio.to_thread()` around the query, with a cursor (`conn.cursor()`) per thread",
    calls=(
        # `duckdb.connect()` is not a row: in memory (the default, or `":memory:"`) it opens nothing,
        # and what is done with a file's connection is reported.
        *_duckdb("duckdb", _DUCKDB_RUN),
        *_duckdb("duckdb.DuckDBPyConnection", _DUCKDB_RUN),
        *_duckdb("duckdb.DuckDBPyRelation", _DUCKDB_RELATION_RUN),
        *_duckdb("duckdb.DuckDBPyRelation", "iter_rows", iterates=True),
    ),
    returns=(
        Returns("duckdb.connect", "duckdb.DuckDBPyConnection"),
        Returns("duckdb.DuckDBPyConnection"),
        *[
            Returns(f"{owner}.{name}", "duckdb.DuckDBPyConnection")
            for owner in ("duckdb", "duckdb.DuckDBPyConnection")
            for name in ("execute", "executemany", "cursor")
        ],
        *[
            Returns(f"{owner}.{name}", "duckdb.DuckDBPyRelation")
            for owner in ("duckdb", "duckdb.DuckDBPyConnection")
            for name in _DUCKDB_RELATIONS.split()
        ],
    ),
)

LIBRARIES: tuple[Library, ...] = (
    _SQLITE3,
    _PSYCOPG2,
    _PSYCOPG,
    _PYMYSQL,
    _MYSQLCLIENT,
    _MYSQL_CONNECTOR,
    _PYODBC,
    _ORACLEDB,
    _PYMONGO,
    _REDIS,
    _SQLALCHEMY,
    _SQLMODEL,
    _DJANGO,
    _PEEWEE,
    _DISKCACHE,
    _NEO4J,
    _DUCKDB,
)
