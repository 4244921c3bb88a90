"""A FastAPI service answering chat requests with a LangGraph agent."""

import asyncio
import json
from functools import partial

import requests
from fastapi import FastAPI
from pydantic import BaseModel

from .graph import agent_graph

app = FastAPI()


class ChatRequest(BaseModel):
    thread_id: str
    message: str


def _config(req: ChatRequest) -> dict:
    return {"configurable": {"thread_id": req.thread_id}}


@app.post("/chat/v1")
async def chat_v1(req: ChatRequest):
    # Fixed: the graph runs in the loop's default thread pool.
    initial_state = {"messages": [("user", req.message)]}
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(None, partial(agent_graph.invoke, initial_state, _config(req)))
    return {"answer": result["messages"][-1].content}


@app.post("/chat/v2")
async def chat_v2(req: ChatRequest):
    initial_state = {"messages": [("user", req.message)]}
    config = _config(req)
    result = agent_graph.invoke(initial_state, config)  # sync: every other request waits
    return {"answer": result["messages"][-1].content}


@app.get("/history/{thread_id}")
async def history(thread_id: str):
    with open(f"transcripts/{thread_id}.json") as handle:
        return json.load(handle)


@app.post("/moderate")
async def moderate(req: ChatRequest):
    verdict = requests.post("https://moderation.internal/check", json={"text": req.message}, timeout=5)
    return verdict.json()


@app.get("/health")
def health():
    # A plain `def` endpoint runs in the server's thread pool: blocking here is fine.
    return {"ok": requests.get("https://status.internal/ping", timeout=2).ok}
