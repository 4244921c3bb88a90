"""Vector databases and search engines: Milvus, Qdrant, Chroma, Pinecone, Weaviate, Elasticsearch and
OpenSearch."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Returns, calls

AREA = "Vector stores and search"

# --- Milvus -------------------------------------------------------------------------------------

_MILVUS_ASYNC = "`pymilvus.AsyncMilvusClient` (pymilvus 2.5+)"
_PYMILVUS = Library(
    "pymilvus",
    AREA,
    "pymilvus 2.4 - 3.0",
    "`pymilvus.AsyncMilvusClient` (pymilvus 2.5+), or `asyncio.to_thread()` for the ORM API",
    calls=(
        # The constructor connects; every method is a gRPC call.
        CallRule("pymilvus.MilvusClient", "NB107", _MILVUS_ASYNC),
        *calls(
            "NB107", "pymilvus.MilvusClient", "query_iterator search_iterator", _MILVUS_ASYNC, iterates=True
        ),
        # Class methods that build a schema or index parameters locally, without a request.
        *calls(
            None,
            "pymilvus.MilvusClient",
            "create_schema create_field_schema create_struct_field_schema prepare_index_params",
        ),
        CallRule("pymilvus.MilvusClient.*", "NB107", _MILVUS_ASYNC),
        # The ORM API: connecting, and `Collection(name)`, which describes (or creates) the collection.
        CallRule("pymilvus.connections.connect", "NB107", _MILVUS_ASYNC),
        CallRule("pymilvus.Collection", "NB107", _MILVUS_ASYNC),
        *calls(
            "NB107", "pymilvus.Collection", "query_iterator search_iterator", _MILVUS_ASYNC, iterates=True
        ),
        CallRule("pymilvus.Collection.*", "NB107", _MILVUS_ASYNC),
        # Timestamp helpers compute locally.
        CallRule("pymilvus.utility.mkts_from_*", None),
        CallRule("pymilvus.utility.hybridts_to_*", None),
        CallRule("pymilvus.utility.*", "NB107", _MILVUS_ASYNC),
    ),
    returns=(
        Returns("pymilvus.MilvusClient"),
        Returns("pymilvus.milvus_client.MilvusClient", "pymilvus.MilvusClient"),
        Returns("pymilvus.Collection"),
        Returns("pymilvus.orm.collection.Collection", "pymilvus.Collection"),
    ),
)

# --- Qdrant -------------------------------------------------------------------------------------

_QDRANT_ASYNC = "`qdrant_client.AsyncQdrantClient` (the same methods, awaited)"
_QDRANT_CLIENT = Library(
    "qdrant-client",
    AREA,
    "qdrant-client 1.7 - 1.20",
    "`qdrant_client.AsyncQdrantClient` (the same methods, awaited)",
    calls=(
        # The constructor checks the server's version over the network (`check_compatibility=True`).
        CallRule("qdrant_client.QdrantClient", "NB107", _QDRANT_ASYNC, unless=(("check_compatibility", 99),)),
        *calls(None, "qdrant_client.QdrantClient", "close grpc_collections grpc_points http init_options"),
        CallRule("qdrant_client.QdrantClient.*", "NB107", _QDRANT_ASYNC),
    ),
    returns=(
        Returns("qdrant_client.QdrantClient"),
        Returns("qdrant_client.qdrant_client.QdrantClient", "qdrant_client.QdrantClient"),
    ),
)

# --- Chroma -------------------------------------------------------------------------------------

_CHROMA_ASYNC = "`await chromadb.AsyncHttpClient()` (the same methods, awaited)"
_CHROMA_CLIENT = (
    "heartbeat list_collections count_collections create_collection get_collection get_or_create_collection "
    "delete_collection get_version reset get_user_identity"
)
_CHROMA_COLLECTION = "count add get peek query modify update upsert delete fork search get_indexing_status"
_CHROMADB = Library(
    "chromadb",
    AREA,
    "chromadb 0.5 - 1.5",
    "`await chromadb.AsyncHttpClient()`; a local `PersistentClient` has no async API: `asyncio.to_thread()`",
    calls=(
        # The HTTP and cloud clients check the tenant and database on the server; a persistent client opens
        # its files. An ephemeral `chromadb.Client()` only builds an in-memory system.
        *calls("NB107", "chromadb", "HttpClient CloudClient PersistentClient", _CHROMA_ASYNC),
        *calls("NB107", "chromadb.**.ClientAPI", _CHROMA_CLIENT, _CHROMA_ASYNC),
        # Collection methods reach the server, or embed and index locally.
        *calls("NB107", "chromadb.**.Collection", _CHROMA_COLLECTION, _CHROMA_ASYNC),
    ),
    returns=(
        *[
            Returns(f"chromadb.{factory}", "chromadb.api.ClientAPI")
            for factory in ("HttpClient", "CloudClient", "PersistentClient", "EphemeralClient", "Client")
        ],
        # The type is named as annotations import it, so that `self.collection: Collection` and
        # `self.collection = client.get_collection(...)` agree.
        *[
            Returns(f"chromadb.**.ClientAPI.{name}", "chromadb.api.models.Collection.Collection")
            for name in ("create_collection", "get_collection", "get_or_create_collection")
        ],
    ),
)

# --- Pinecone -----------------------------------------------------------------------------------

_PINECONE_ASYNC = "`pinecone.PineconeAsyncio` / `pc.IndexAsyncio(host=...)`"
_PINECONE_INDEX_LISTS = "list list_paginated list_namespaces list_imports"
_PINECONE = Library(
    "pinecone",
    AREA,
    "pinecone 5.x - 10.2",
    "`pinecone.PineconeAsyncio` and `pc.IndexAsyncio(host=...)` (the same methods, awaited)",
    calls=(
        # `pc.Index(name)` describes the index to find its host, unless it is cached or given.
        *calls(None, "pinecone.Pinecone", "IndexAsyncio close config"),
        CallRule("pinecone.Pinecone.**", "NB107", _PINECONE_ASYNC),
        *calls(None, "pinecone.Index", "close host"),
        *calls("NB107", "pinecone.Index", _PINECONE_INDEX_LISTS, _PINECONE_ASYNC, iterates=True),
        CallRule("pinecone.Index.*", "NB107", _PINECONE_ASYNC),
    ),
    returns=(
        Returns("pinecone.Pinecone"),
        Returns("pinecone.grpc.PineconeGRPC", "pinecone.Pinecone"),
        Returns("pinecone.Pinecone.Index", "pinecone.Index"),
        Returns("pinecone.Pinecone.index", "pinecone.Index"),
        Returns("pinecone.Index"),
    ),
)

# --- Weaviate -----------------------------------------------------------------------------------

_WEAVIATE_ASYNC = "`weaviate.use_async_with_local()` / `WeaviateAsyncClient` (the same API, awaited)"
_WEAVIATE_CONNECT = (
    "connect_to_local connect_to_weaviate_cloud connect_to_wcs connect_to_custom connect_to_embedded"
)
# `client.collections.get(name)` builds a handle; its `query`, `data`, `aggregate`, ... namespaces send
# requests. `with_tenant` and `with_consistency_level` return another handle.
_WEAVIATE_COLLECTION = "weaviate.collections.**.Collection"
_WEAVIATE = Library(
    "weaviate-client",
    AREA,
    "weaviate-client 4.x (4.24)",
    "`weaviate.use_async_with_local()` / `use_async_with_weaviate_cloud()` (a `WeaviateAsyncClient`)",
    calls=(
        *calls("NB107", "weaviate", _WEAVIATE_CONNECT, _WEAVIATE_ASYNC),
        *calls(None, "weaviate.WeaviateClient.collections", "get use"),
        *calls(None, "weaviate.WeaviateClient", "is_connected close"),
        CallRule("weaviate.WeaviateClient.**", "NB107", _WEAVIATE_ASYNC),
        *calls(None, _WEAVIATE_COLLECTION, "with_tenant with_consistency_level"),
        *calls("NB107", _WEAVIATE_COLLECTION, "iterator", _WEAVIATE_ASYNC, iterates=True),
        CallRule(f"{_WEAVIATE_COLLECTION}.**", "NB107", _WEAVIATE_ASYNC),
    ),
    returns=(
        *[Returns(f"weaviate.{name}", "weaviate.WeaviateClient") for name in _WEAVIATE_CONNECT.split()],
        Returns("weaviate.WeaviateClient"),
        Returns("weaviate.client.WeaviateClient", "weaviate.WeaviateClient"),
        *[
            Returns(f"weaviate.WeaviateClient.collections.{name}", "weaviate.collections.Collection")
            for name in ("get", "use", "create", "create_from_dict", "create_from_config")
        ],
        *[
            Returns(f"{_WEAVIATE_COLLECTION}.{name}", "weaviate.collections.Collection")
            for name in ("with_tenant", "with_consistency_level")
        ],
    ),
)

# --- Elasticsearch and OpenSearch ---------------------------------------------------------------


def _search_engine(name: str, versions: str, module: str, client: str, twin: str) -> Library:
    """Elasticsearch and its fork share the client shape: every method (and namespace method) is a request."""
    replacement = f"`{module}.{twin}` (the same methods, awaited)"
    helpers = f"`{module}.helpers.async_bulk()` / `async_scan()` / `async_streaming_bulk()`"
    return Library(
        name,
        AREA,
        versions,
        f"`{module}.{twin}` and the `async_*` helpers",
        calls=(
            *calls(None, f"{module}.{client}", "options close"),
            CallRule(f"{module}.{client}.**", "NB107", replacement),
            *calls("NB107", f"{module}.helpers", "bulk reindex", helpers),
            *calls("NB107", f"{module}.helpers", "scan streaming_bulk parallel_bulk", helpers, iterates=True),
        ),
        returns=(Returns(f"{module}.{client}"), Returns(f"{module}.{client}.options", f"{module}.{client}")),
    )


LIBRARIES: tuple[Library, ...] = (
    _PYMILVUS,
    _QDRANT_CLIENT,
    _CHROMADB,
    _PINECONE,
    _WEAVIATE,
    _search_engine(
        "elasticsearch", "elasticsearch 8.x - 9.5", "elasticsearch", "Elasticsearch", "AsyncElasticsearch"
    ),
    _search_engine(
        "opensearch-py", "opensearch-py 2.x - 3.2", "opensearchpy", "OpenSearch", "AsyncOpenSearch"
    ),
)
