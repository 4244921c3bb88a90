"""LLM SDKs and agent frameworks: LangChain, LangGraph, OpenAI, Anthropic."""

from __future__ import annotations

from noblock.catalog import CallRule, Returns

_OPENAI_CLIENTS = ("openai.OpenAI", "openai.AzureOpenAI")
_ANTHROPIC_CLIENTS = ("anthropic.Anthropic", "anthropic.AnthropicBedrock", "anthropic.AnthropicVertex")
_OPENAI_MODULE_RESOURCES = (
    "chat completions embeddings responses images audio moderations files models batches "
    "fine_tuning beta uploads vector_stores"
)
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
_FRAMEWORK_TYPES = ("langchain*.**", "langgraph.**", "langserve.**", "llama_index.**")
# These return (sync) iterators: offloading them would still block while iterating; their twins are
# async iterators, for `async for`.
_ITERATORS = frozenset(
    {"batch_as_completed", "get_state_history", "stream", "transform", "stream_events", "lazy_load"}
)
_CHECKPOINT_ITERATORS = frozenset({"list"})

CALLS: list[CallRule] = [
    # In-memory checkpointers and stores never wait for I/O.
    CallRule("langgraph.checkpoint.memory.**", None),
    CallRule("langgraph.store.memory.**", None),
    *[
        CallRule(
            f"*.{name}",
            "NB108",
            f"`await {{receiver}}.{twin}()`",
            twin=twin,
            iterates=name in _ITERATORS,
            receivers=_FRAMEWORK_TYPES,
        )
        for name, twin in _DISTINCTIVE.items()
    ],
    *[
        CallRule(
            f"{owner}.{name}",
            "NB108",
            f"`await {{receiver}}.{twin}()`",
            twin=twin,
            iterates=name in _ITERATORS
            or (owner.startswith("langgraph.checkpoint") and name in _CHECKPOINT_ITERATORS),
        )
        for owner, name, twin in _TYPED
    ],
    *[CallRule(f"{client}.*.**", "NB108", "`openai.AsyncOpenAI`") for client in _OPENAI_CLIENTS],
    *[
        CallRule(f"openai.{resource}.**", "NB108", "`openai.AsyncOpenAI`")
        for resource in _OPENAI_MODULE_RESOURCES.split()
    ],
    *[CallRule(f"{client}.*.**", "NB108", "`anthropic.AsyncAnthropic`") for client in _ANTHROPIC_CLIENTS],
]

RETURNS: list[Returns] = [
    *[Returns(client) for client in _OPENAI_CLIENTS + _ANTHROPIC_CLIENTS],
    Returns("openai.lib.azure.AzureOpenAI", "openai.AzureOpenAI"),
    *[Returns(f"{client}.with_options") for client in _OPENAI_CLIENTS + _ANTHROPIC_CLIENTS],
    *[Returns(f"{client}.copy") for client in _OPENAI_CLIENTS + _ANTHROPIC_CLIENTS],
    # `StateGraph(...).compile()` is a compiled graph; constructing LangChain objects keeps their type.
    Returns("langgraph.**.compile", "langgraph.graph.state.CompiledStateGraph"),
    Returns("langgraph.**.create_react_agent", "langgraph.graph.state.CompiledStateGraph"),
    Returns("langchain*.**.create_agent", "langgraph.graph.state.CompiledStateGraph"),
    Returns("langchain*.**.[A-Z]*"),
    Returns("langgraph.**.[A-Z]*"),
]
