#!/usr/bin/env python3
"""A misbehaving embedding server for evalbench's fault tests (FaultTests.swift).

Usage: fake_embedding_server.py FAULT (or `none`: every request answered well). Listens on a free loopback port, prints it on one line, and answers
POST /v1/embeddings (OpenAI's shape) and POST /embed (TEI's shape). Request 0 (the client's dimension probe) is
always answered well; later requests misbehave as FAULT says. Each text's vector is [1, n, n*n, 0.5] with n its
length in characters. GET /count returns how many embedding requests came in.

It runs in its own process so that the tests' own load cannot delay its answers.
"""
import base64
import json
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULT = sys.argv[1]
lock = threading.Lock()
count = 0


def vector(text):
    n = float(len(text))
    return [1.0, n, n * n, 0.5]


def openai(texts, transform=lambda v: v, encode=lambda v: v):
    data = [{"object": "embedding", "index": i, "embedding": encode(transform(vector(t)))} for i, t in enumerate(texts)]
    return json.dumps({"object": "list", "model": "fake", "usage": {"prompt_tokens": 0, "total_tokens": 0}, "data": data})


def error(message):
    return json.dumps({"error": {"message": message, "type": "fake"}})


def answer(n, texts, route):
    """(status, headers, body, delay) for request number n."""
    ok = (200, {}, openai(texts) if route == "openai" else json.dumps([vector(t) for t in texts]), 0)
    if n == 0 or FAULT == "none":
        return ok
    if FAULT == "500-twice":
        return (500, {}, error("busy"), 0) if n in (1, 2) else ok
    if FAULT == "429":
        return (429, {"Retry-After": "7"}, error("slow down"), 0) if n == 1 else ok
    if FAULT == "502":
        return 502, {}, error("upstream down"), 0
    if FAULT == "slow":
        return 200, {}, ok[2], 3
    if FAULT == "400":
        return 400, {}, error("input too long"), 0
    if FAULT == "500-from-3":
        return (500, {}, error("crashed"), 0) if n >= 3 else ok
    if FAULT == "truncated JSON":
        return 200, {}, openai(texts)[:-25], 0
    if FAULT == "one vector short":
        return 200, {}, (openai(texts[:-1]) if route == "openai" else json.dumps([vector(t) for t in texts[1:]])), 0
    if FAULT == "wrong width":
        return 200, {}, openai(texts, transform=lambda v: v[:3]), 0
    if FAULT == "NaN":
        nan = base64.b64encode(struct.pack("<4f", 1.0, float("nan"), 0.0, 0.0)).decode()
        return 200, {}, openai(texts, encode=lambda v: nan), 0
    if FAULT == "bad indices":
        return 200, {}, openai(texts).replace('"index": 0', '"index": 7'), 0
    if FAULT == "not JSON":
        return 200, {}, "<html>gateway error</html>", 0
    raise SystemExit(f"unknown fault {FAULT!r}")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, headers, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            self.send(200, {}, str(count))

    def do_POST(self):
        global count
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        texts = request.get("input", request.get("inputs", []))
        with lock:
            n = count
            count += 1
        status, headers, body, delay = answer(n, texts, "openai" if self.path == "/v1/embeddings" else "tei")
        if delay:
            time.sleep(delay)
        try:
            self.send(status, headers, body)
        except (BrokenPipeError, ConnectionResetError):
            pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
