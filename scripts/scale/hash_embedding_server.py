#!/usr/bin/env python3
"""An OpenAI-compatible embedding server for the scale benchmark: POST /v1/embeddings answered with the hashed
bag-of-words stand-in model of hash_embedding.py (base64 or float encodings), GET /health. Prints its port on one
line once it listens.

    python3 scripts/scale/hash_embedding_server.py [--dimension 384] [--port 0]
"""
import argparse
import base64
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hash_embedding import HashEmbedding


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    model = HashEmbedding(args.dimension)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.reply(200, {"status": "ok"})

        def do_POST(self):
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            texts = request.get("input", [])
            texts = [texts] if isinstance(texts, str) else texts
            as_base64 = request.get("encoding_format") == "base64"
            data = []
            for index, text in enumerate(texts):
                vector = model.embed(text)
                embedding = base64.b64encode(vector.astype("<f4").tobytes()).decode() if as_base64 else vector.tolist()
                data.append({"object": "embedding", "index": index, "embedding": embedding})
            self.reply(200, {"object": "list", "model": request.get("model", "hash"), "data": data,
                             "usage": {"prompt_tokens": 0, "total_tokens": 0}})

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
