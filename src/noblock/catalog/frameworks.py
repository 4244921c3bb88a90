"""Agent and RAG frameworks: LangChain, LangGraph, LlamaIndex; agent memory (mem0); local embedding models."""

from __future__ import annotations

from typing import Any

from noblock.catalog import CallRule, Library, Returns, calls

AREA = "Frameworks"

# --- LangChain and LangGraph --------------------------------------------------------------------

# A method name that only LangChain / LangGraph objects have: flagged on any receiver, because the
# receiver (`agent_graph`) is usually built in another module. Each maps to its async twin.
_DISTINCTIVE = {
    "invoke": "ainvoke",
    "batch": "abatch",
    "batch_as_completed": "abatch_as_completed",
    "get_state": "aget_state",
    "get_state_history": "aget_state_history",
    "update_state": "aupdate_state",
    "bulk_update_state": "abulk_update_state",
    "similarity_search": "asimilarity_search",
    "similarity_search_with_score": "asimilarity_search_with_score",
    "similarity_search_with_relevance_scores": "asimilarity_search_with_relevance_scores",
    "similarity_search_by_vector": "asimilarity_search_by_vector",
    "max_marginal_relevance_search": "amax_marginal_relevance_search",
    "embed_documents": "aembed_documents",
    "embed_query": "aembed_query",
    "get_relevant_documents": "ainvoke",
    "add_texts": "aadd_texts",
    "add_documents": "aadd_documents",
}
# Generic names: flagged only when the receiver's type is known, and only on the types that have them
# (a `RunnableConfig` is a dict, so `.get` on it must not match).
_TYPED = (
    ("langchain*.**.[A-Z]*", "stream", "astream"),
    ("langgraph.**.[A-Z]*", "stream", "astream"),
    ("langchain*.**.[A-Z]*", "transform", "atransform"),
    ("langchain*.**.[A-Z]*", "stream_events", "astream_events"),
    ("langchain*.**.[A-Z]*", "generate", "agenerate"),
    ("langchain*.**.[A-Z]*", "generate_prompt", "agenerate_prompt"),
    ("langchain*.**.[A-Z]*", "get_by_ids", "aget_by_ids"),
    ("langchain*.**.*Tool", "run", "arun"),
    ("langchain*.**.*Chain", "run", "arun"),
    ("langchain*.**.*Loader", "load", "aload"),
    ("langchain*.**.*Loader", "lazy_load", "alazy_load"),
    *[
        ("langgraph.checkpoint.**.*Saver", name, f"a{name}")
        for name in ("get", "get_tuple", "put", "put_writes", "list", "delete_thread")
    ],
    *[
        ("langgraph.store.**.*Store", name, f"a{name}")
        for name in ("get", "put", "search", "delete", "list_namespaces", "batch")
    ],
)

# When the receiver's type is known, it must be one of these for a distinctive name to count.
_FRAMEWORK_TYPES = ("*langchain*.**", "langgraph*.**", "langserve.**", "llama_index.**")
# These return (sync) iterators: offloading them would still block while iterating; their twins are
# async iterators, for `async for`.
_ITERATORS = frozenset(
    {"batch_as_completed", "get_state_history", "stream", "transform", "stream_events", "lazy_load"}
)
_CHECKPOINT_ITERATORS = frozenset({"list"})
# The graph-state methods belong to LangGraph; the other distinctive names to LangChain.
_GRAPH_STATE = ("get_state", "update_state", "bulk_update_state")


def _twin_rule(owner: str, name: str, twin: str, *, iterates: bool = False, **options: Any) -> CallRule:
    """`owner.name()` (`*.name` for any receiver) and its async twin on the same receiver: awaited,
    or iterated with `async for` when both return iterators."""
    iterates = iterates or name in _ITERATORS
    use = f"`async for` over `{{receiver}}.{twin}()`" if iterates else f"`await {{receiver}}.{twin}()`"
    if owner == "*":
        # Every distinctive method takes an input, a query or a config: `tracker.get_state()` is
        # some other object's.
        options.setdefault("min_arguments", 1)
    return CallRule(f"{owner}.{name}", "NB108", use, twin=twin, iterates=iterates, **options)


# LangChain's type aliases of callables (`Name = Callable[...]`), read in langchain 1.5,
# langchain-core 1.x and langchain-classic 1.0: a call of one calls a plain function. The
# evaluators' aliases (`RUN_EVALUATOR_LIKE`) are left out: an evaluator may call a model.
_LANGCHAIN_CALLABLE_ALIASES = (
    "Detector",
    "GetSessionHistoryCallable",
    "InitValidator",
    "Listener",
    "MCF",
    "MessageFormatter",
    "RecordHandler",
    "TokenCounter",
    "ToolsRenderer",
)

_LANGCHAIN = Library(
    "langchain",
    AREA,
    "langchain-core 0.3 - 1.8, langchain-community 0.3 - 0.4",
    "the `a`-prefixed twins: `ainvoke`, `astream`, `abatch`, `aget_relevant_documents`, `aload`, "
    "`asimilarity_search`, `aembed_documents`, ...",
    calls=(
        *[
            _twin_rule("*", name, twin, receivers=_FRAMEWORK_TYPES)
            for name, twin in _DISTINCTIVE.items()
            if not name.startswith(_GRAPH_STATE)
        ],
        *[_twin_rule(owner, name, twin) for owner, name, twin in _TYPED if owner.startswith("langchain")],
        # Building a vector store from documents embeds them (`afrom_documents` is the twin). Retrievers
        # built `from_documents` (BM25, TF-IDF) only index them in memory.
        CallRule("langchain*.**.*Retriever.from_*", None),
        *[
            CallRule(
                f"langchain*.**.[A-Z]*.{name}", "NB108", f"`await {{receiver}}.a{name}()`", twin=f"a{name}"
            )
            for name in ("from_documents", "from_texts")
        ],
        CallRule("langchain*.**.*Loader.load_and_split", "NB108", "`await {receiver}.aload()`, then split"),
        # Calling a model, a chain or a tool (`llm(prompt)`, `chain(inputs)`, LangChain's older API)
        # runs it. `ainvoke` takes its arguments differently: the fix hands the call to a thread.
        # Except the callables LangChain names with type aliases (`TokenCounter = Callable[...]`):
        # what they hold is a plain function (counting characters, formatting messages).
        *[CallRule(f"langchain*.**.{alias}.__call__", None) for alias in _LANGCHAIN_CALLABLE_ALIASES],
        CallRule("langchain*.**.[A-Z]*.__call__", "NB108", "`await {receiver}.ainvoke()`"),
    ),
    returns=(
        Returns("langchain*.**.create_agent", "langgraph.graph.state.CompiledStateGraph"),
        Returns("langchain*.**.[A-Z]*"),
    ),
)

_LANGGRAPH = Library(
    "langgraph",
    AREA,
    "langgraph 0.2 - 1.2, langgraph-checkpoint 2.x - 4.3, langgraph-sdk 0.1 - 0.4",
    "`ainvoke`, `astream`, `aget_state`, `aupdate_state`; async checkpointers (`AsyncPostgresSaver`); "
    "`langgraph_sdk.get_client()`",
    calls=(
        # In-memory checkpointers and stores never wait for I/O.
        CallRule("langgraph.checkpoint.memory.**", None),
        CallRule("langgraph.store.memory.**", None),
        *[
            _twin_rule("*", name, twin, receivers=_FRAMEWORK_TYPES)
            for name, twin in _DISTINCTIVE.items()
            if name.startswith(_GRAPH_STATE)
        ],
        *[
            _twin_rule(
                owner,
                name,
                twin,
                iterates=owner.startswith("langgraph.checkpoint") and name in _CHECKPOINT_ITERATORS,
            )
            for owner, name, twin in _TYPED
            if owner.startswith("langgraph")
        ],
        # The SDK's sync client talks to a LangGraph server over HTTP.
        *calls(
            "NB108",
            "langgraph_sdk.SyncLangGraphClient.runs",
            "stream join_stream",
            "`langgraph_sdk.get_client()`",
            iterates=True,
        ),
        CallRule("langgraph_sdk.SyncLangGraphClient.*.**", "NB108", "`langgraph_sdk.get_client()` (awaited)"),
    ),
    returns=(
        # `StateGraph(...).compile()` is a compiled graph; constructing LangGraph objects keeps their type.
        Returns("langgraph.**.compile", "langgraph.graph.state.CompiledStateGraph"),
        Returns("langgraph.**.create_react_agent", "langgraph.graph.state.CompiledStateGraph"),
        Returns("langgraph.**.[A-Z]*"),
        Returns("langgraph_sdk.get_sync_client", "langgraph_sdk.SyncLangGraphClient"),
    ),
)

# --- LlamaIndex ---------------------------------------------------------------------------------

_LLAMA_TWINS = {
    "query": "aquery",
    "retrieve": "aretrieve",
    "synthesize": "asynthesize",
    "chat": "achat",
    "stream_chat": "astream_chat",
    "complete": "acomplete",
    "predict": "apredict",
    "structured_predict": "astructured_predict",
    "predict_and_call": "apredict_and_call",
    "get_text_embedding": "aget_text_embedding",
    "get_query_embedding": "aget_query_embedding",
    "get_text_embedding_batch": "aget_text_embedding_batch",
    "get_agg_embedding_from_queries": "aget_agg_embedding_from_queries",
    "insert": "ainsert",
    "insert_nodes": "ainsert_nodes",
    "delete_nodes": "adelete_nodes",
    "delete_ref_doc": "adelete_ref_doc",
    "update_ref_doc": "aupdate_ref_doc",
    "refresh_ref_docs": "arefresh_ref_docs",
    "load_data": "aload_data",
}
# These return generators; their twins are awaited first (`async for t in await llm.astream_complete()`),
# which `async for` alone does not do, so they have no automatic fix.
_LLAMA_STREAMS = "stream_complete stream lazy_load_data"
_LLAMA = "llama_index.**.[A-Z]*"
_LLAMA_INDEX = "llama_index.core.indices.base.BaseIndex"
_LLAMA_INDEX_LIBRARY = Library(
    "llama-index",
    AREA,
    "llama-index-core 0.10 - 0.14",
    "the `a`-prefixed twins: `aquery`, `achat`, `aretrieve`, `acomplete`, `aget_text_embedding`, "
    "`aload_data`",
    calls=(
        *[
            CallRule(f"{_LLAMA}.{name}", "NB108", f"`await {{receiver}}.{twin}()`", twin=twin)
            for name, twin in _LLAMA_TWINS.items()
        ],
        *calls("NB108", _LLAMA, _LLAMA_STREAMS, "the `a`-prefixed twin, awaited and iterated", iterates=True),
        # Building an index embeds every document (or asks a model to summarise or extract from it); the
        # list and keyword-table indexes only split and store them in memory.
        *[
            CallRule(f"llama_index.**.{index}.from_documents", None)
            for index in (
                "SummaryIndex",
                "ListIndex",
                "GPTListIndex",
                "SimpleKeywordTableIndex",
                "RAKEKeywordTableIndex",
            )
        ],
        *calls("NB108", _LLAMA, "from_documents", "`asyncio.to_thread()`"),
        CallRule("llama_index.**.IngestionPipeline.run", "NB108", "`await {receiver}.arun()`", twin="arun"),
        CallRule("llama_index.core.load_index_from_storage", "NB108", "`asyncio.to_thread()`"),
    ),
    returns=(
        Returns(f"{_LLAMA}.from_documents", _LLAMA_INDEX),
        Returns(f"{_LLAMA}.from_vector_store", _LLAMA_INDEX),
        Returns("llama_index.core.load_index_from_storage", _LLAMA_INDEX),
        Returns(f"{_LLAMA}.as_query_engine", "llama_index.core.base.base_query_engine.BaseQueryEngine"),
        Returns(f"{_LLAMA}.as_chat_engine", "llama_index.core.chat_engine.types.BaseChatEngine"),
        Returns(f"{_LLAMA}.as_retriever", "llama_index.core.base.base_retriever.BaseRetriever"),
        Returns("llama_index.core.Settings.llm", "llama_index.core.llms.LLM", attribute=True),
        Returns(
            "llama_index.core.Settings.embed_model",
            "llama_index.core.base.embeddings.base.BaseEmbedding",
            attribute=True,
        ),
        Returns(_LLAMA),
    ),
)

# --- mem0 ---------------------------------------------------------------------------------------

# `Memory` (the open-source memory) builds its embedder, its vector store (a client that connects,
# or opens its files, and creates the collection), its LLM and its SQLite history when it is built;
# `add()` asks the LLM to extract facts, embeds them and writes them, `search()` embeds the query and
# searches the store. `AsyncMemory` has the same methods, awaited, on an object of its own: no twin
# of a `Memory` already built. Its constructor builds the same stores, synchronously.
# `MemoryClient` sends each call to the mem0 platform with a sync `httpx.Client`, and its constructor
# checks the API key with a request; so does `AsyncMemoryClient`'s, with `requests`.
_MEM0_ASYNC = "`mem0.AsyncMemory` (the same methods, awaited)"
_MEM0_CLIENT_ASYNC = "`mem0.AsyncMemoryClient` (the same methods, awaited)"
_MEM0_BUILD = "`asyncio.to_thread()`, or build it once, before the event loop starts"
# Each class under the name the package exports it by, then where it is defined.
_MEM0_MEMORIES = ("mem0.Memory", "mem0.memory.main.Memory")
_MEM0_ASYNC_MEMORIES = ("mem0.AsyncMemory", "mem0.memory.main.AsyncMemory")
_MEM0_CLIENTS = ("mem0.MemoryClient", "mem0.client.main.MemoryClient")
_MEM0_ASYNC_CLIENTS = ("mem0.AsyncMemoryClient", "mem0.client.main.AsyncMemoryClient")
_MEM0_MEMORY = "add get get_all search update delete delete_all history reset"
_MEM0_CLIENT = (
    "add get get_all search update delete delete_all history users delete_users reset batch_update "
    "batch_delete create_memory_export get_memory_export get_summary get_profile generate_profile "
    "get_profile_settings update_profile_settings sample_profiles get_profile_job get_project "
    "update_project get_webhooks create_webhook update_webhook delete_webhook feedback"
)
_MEM0_PROJECT = "get create update delete get_members add_member update_member remove_member"
_MEM0 = Library(
    "mem0ai",
    AREA,
    "mem0ai 2.x (2.2)",
    f"{_MEM0_ASYNC}; {_MEM0_CLIENT_ASYNC} for the platform's client",
    calls=(
        *(CallRule(name, "NB108", _MEM0_ASYNC) for name in _MEM0_MEMORIES),
        *(rule for name in _MEM0_MEMORIES for rule in calls("NB108", name, "from_config", _MEM0_ASYNC)),
        *calls("NB108", _MEM0_MEMORIES[0], _MEM0_MEMORY, _MEM0_ASYNC),
        *(CallRule(name, "NB108", _MEM0_BUILD) for name in _MEM0_ASYNC_MEMORIES),
        *(rule for name in _MEM0_ASYNC_MEMORIES for rule in calls("NB108", name, "from_config", _MEM0_BUILD)),
        *(CallRule(name, "NB102", _MEM0_CLIENT_ASYNC) for name in _MEM0_CLIENTS),
        *calls("NB102", _MEM0_CLIENTS[0], _MEM0_CLIENT, _MEM0_CLIENT_ASYNC),
        *calls("NB102", "mem0.client.project.Project", _MEM0_PROJECT, _MEM0_CLIENT_ASYNC),
        *(CallRule(name, "NB102", _MEM0_BUILD) for name in _MEM0_ASYNC_CLIENTS),
    ),
    returns=(
        *(Returns(name, _MEM0_MEMORIES[0]) for name in _MEM0_MEMORIES),
        *(Returns(f"{name}.from_config", _MEM0_MEMORIES[0]) for name in _MEM0_MEMORIES),
        *(Returns(name, _MEM0_CLIENTS[0]) for name in _MEM0_CLIENTS),
        Returns(f"{_MEM0_CLIENTS[0]}.project", "mem0.client.project.Project", attribute=True),
    ),
)

# --- Local embedding models ---------------------------------------------------------------------

_LOCAL_MODEL = (
    "`asyncio.to_thread()` (the model runs on this machine: there is no async twin, and a process pool "
    "or an inference server keeps the loop free for longer batches)"
)
_ST = "sentence_transformers"
_SENTENCE_TRANSFORMERS = Library(
    "sentence-transformers",
    AREA,
    "sentence-transformers 2.x - 6.2",
    "`asyncio.to_thread(model.encode, ...)`: the model runs locally, there is no async twin",
    calls=(
        *calls(
            "NB108",
            f"{_ST}.SentenceTransformer",
            "encode encode_query encode_document encode_multi_process",
            _LOCAL_MODEL,
        ),
        *calls("NB108", f"{_ST}.SparseEncoder", "encode encode_query encode_document", _LOCAL_MODEL),
        *calls("NB108", f"{_ST}.CrossEncoder", "predict rank", _LOCAL_MODEL),
    ),
    returns=tuple(
        Returns(f"{_ST}.{model}") for model in ("SentenceTransformer", "SparseEncoder", "CrossEncoder")
    ),
)

_FASTEMBED_MODELS = (
    "TextEmbedding",
    "SparseTextEmbedding",
    "LateInteractionTextEmbedding",
    "ImageEmbedding",
    "rerank.cross_encoder.TextCrossEncoder",
)
_FASTEMBED = Library(
    "fastembed",
    AREA,
    "fastembed 0.3 - 0.9",
    "`asyncio.to_thread(lambda: list(model.embed(texts)))`: the model runs locally, there is no async twin",
    # The methods return generators that run the model while they are iterated.
    calls=tuple(
        rule
        for model in _FASTEMBED_MODELS
        for rule in calls(
            "NB108",
            f"fastembed.{model}",
            "embed query_embed passage_embed rerank",
            _LOCAL_MODEL,
            iterates=True,
        )
    ),
    returns=tuple(Returns(f"fastembed.{model}") for model in _FASTEMBED_MODELS),
)

LIBRARIES: tuple[Library, ...] = (
    _LANGGRAPH,
    _LANGCHAIN,
    _LLAMA_INDEX_LIBRARY,
    _MEM0,
    _SENTENCE_TRANSFORMERS,
    _FASTEMBED,
)
