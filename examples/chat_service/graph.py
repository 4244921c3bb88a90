"""The LangGraph agent behind the chat endpoints."""

from typing import TypedDict

from langchain_openai import ChatOpenAI
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph


class ChatState(TypedDict):
    messages: list


llm = ChatOpenAI(model="gpt-4o-mini")


def call_model(state: ChatState) -> ChatState:
    # A node of the graph: plain `def`, run by LangGraph, so a sync call is fine here.
    return {"messages": [llm.invoke(state["messages"])]}


builder = StateGraph(ChatState)
builder.add_node("model", call_model)
builder.add_edge(START, "model")
builder.add_edge("model", END)
agent_graph = builder.compile(checkpointer=InMemorySaver())
