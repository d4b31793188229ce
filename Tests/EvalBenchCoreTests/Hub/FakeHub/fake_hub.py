#!/usr/bin/env python3
"""A local stand-in for the Hugging Face Hub, serving fixture repositories over the routes huggingface_hub uses.

    fake_hub.py ROOT        prints "listening on http://127.0.0.1:PORT" once it listens on a free loopback port

ROOT/hub.json names the repositories and how each misbehaves; ROOT/<models|datasets>/<org>/<name>/ holds each one's files:

    {"repos": [{"type": "dataset", "id": "mteb/stsbenchmark-sts", "commit": "<40 hex>", "branches": ["main"],
                "gated_token": "hf_secret"            (optional: 401 without a token, 403 with another one),
                "drop_first": ["test.jsonl.gz"]       (optional: the first GET of the file stops halfway through),
                "wrong_size": ["test.jsonl.gz"]       (optional: the tree promises one byte more than is served)}]}

Routes (as huggingface_hub and the datasets library call them):
    GET  /api/{models|datasets}/{id}/revision/{rev}          {"id", "sha", "siblings": [{"rfilename"}]}
    GET  /api/{models|datasets}/{id}/tree/{rev}[?recursive=1] [{"type": "file", "path", "size", "oid", "lfs"?}]
    HEAD|GET /{id}/resolve/{rev}/{path}, /datasets/{id}/resolve/{rev}/{path}
         X-Repo-Commit and ETag; LFS files (binary suffixes) redirect with 302 to /lfs/{type}s/{id}/{sha256}, as the Hub sends them
         to its CDN; Range requests get 206 with Content-Range.
    GET  /count/{path}   how many GETs a file's content has had (for the tests)
Files are LFS files when their suffix is one of LFS_SUFFIXES; their oid is then the SHA-256, otherwise git's blob SHA-1.
"""
import hashlib
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LFS_SUFFIXES = (".safetensors", ".parquet", ".gz", ".model", ".npy", ".bin", ".zst")


class Repo:
    def __init__(self, root, spec):
        self.type = spec["type"]
        self.id = spec["id"]
        self.commit = spec["commit"]
        self.branches = spec.get("branches", ["main"])
        self.gated_token = spec.get("gated_token")
        self.drop_first = set(spec.get("drop_first", []))
        self.wrong_size = set(spec.get("wrong_size", []))
        self.folder = os.path.join(root, self.type + "s", *self.id.split("/"))
        self.files = {}
        for base, _, names in os.walk(self.folder):
            for name in names:
                full = os.path.join(base, name)
                path = os.path.relpath(full, self.folder).replace(os.sep, "/")
                with open(full, "rb") as f:
                    content = f.read()
                self.files[path] = content

    def resolves(self, revision):
        return revision == self.commit or revision in self.branches

    def entry(self, path):
        content = self.files[path]
        size = len(content) + (1 if path in self.wrong_size else 0)
        blob = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
        entry = {"type": "file", "path": path, "size": size, "oid": blob}
        if path.endswith(LFS_SUFFIXES):
            entry["lfs"] = {"oid": hashlib.sha256(content).hexdigest(), "size": size, "pointerSize": 134}
        return entry


class Hub:
    def __init__(self, root):
        with open(os.path.join(root, "hub.json")) as f:
            specs = json.load(f)["repos"]
        self.repos = {(spec["type"], spec["id"]): Repo(root, spec) for spec in specs}
        self.lfs = {}
        for repo in self.repos.values():
            for path in repo.files:
                entry = repo.entry(path)
                if "lfs" in entry:
                    self.lfs["%ss/%s/%s" % (repo.type, repo.id, entry["lfs"]["oid"])] = (repo, path)
        self.counts = {}
        self.dropped = set()
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.route(head=True)

    def do_GET(self):
        self.route(head=False)

    def reply(self, status, body=b"", headers=None, head=False):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def error(self, status, message, head=False):
        headers = {"Content-Type": "application/json", "X-Error-Message": message}
        self.reply(status, json.dumps({"error": message}).encode(), headers, head)

    def route(self, head):
        hub = self.server.hub
        url = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/")[1:]]
        if parts[:1] == ["count"]:
            key = "/".join(parts[1:])
            return self.reply(200, str(hub.counts.get(key, 0)).encode(), head=head)
        if parts[:1] == ["lfs"] and "/".join(parts[1:]) in hub.lfs:
            repo, path = hub.lfs["/".join(parts[1:])]
            return self.content(repo, path, head)
        if parts[:1] == ["api"] and len(parts) >= 6 and parts[1] in ("models", "datasets"):
            kind = parts[1][:-1]
            repo_id = "/".join(parts[2:4])
            action, revision = parts[4], parts[5]
            repo = self.authorised(kind, repo_id, revision, head)
            if repo is None:
                return
            if action == "revision":
                body = {"id": repo.id, "sha": repo.commit, "siblings": [{"rfilename": p} for p in sorted(repo.files)]}
            elif action == "tree":
                prefix = "/".join(parts[6:])
                recursive = urllib.parse.parse_qs(url.query).get("recursive", ["false"])[0].lower() in ("1", "true")
                body = []
                for path in sorted(repo.files):
                    if prefix and not path.startswith(prefix + "/"):
                        continue
                    rest = path[len(prefix) + 1:] if prefix else path
                    if "/" in rest and not recursive:
                        continue
                    body.append(repo.entry(path))
            else:
                return self.error(404, "unknown route", head)
            return self.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"}, head)
        kind = "model"
        if parts[:1] == ["datasets"]:
            kind, parts = "dataset", parts[1:]
        if len(parts) >= 5 and parts[2] == "resolve":
            repo = self.authorised(kind, "/".join(parts[:2]), parts[3], head)
            if repo is None:
                return
            path = "/".join(parts[4:])
            if path not in repo.files:
                return self.error(404, "Entry not found", head)
            entry = repo.entry(path)
            headers = {"X-Repo-Commit": repo.commit, "ETag": '"%s"' % entry["oid"]}
            if "lfs" in entry:
                headers["X-Linked-Etag"] = '"%s"' % entry["lfs"]["oid"]
                headers["X-Linked-Size"] = str(entry["size"])
                headers["Location"] = "/lfs/%ss/%s/%s" % (repo.type, repo.id, entry["lfs"]["oid"])
                return self.reply(302, b"", headers, head)
            return self.content(repo, path, head, headers)
        return self.error(404, "Repository not found", head)

    def authorised(self, kind, repo_id, revision, head):
        hub = self.server.hub
        repo = hub.repos.get((kind, repo_id))
        if repo is None:
            self.error(404, "Repository not found", head)
            return None
        if repo.gated_token is not None:
            given = self.headers.get("Authorization", "")
            if not given:
                self.error(401, "Access to model %s is restricted. You must have access to it and be authenticated to access it." % repo_id, head)
                return None
            if given != "Bearer " + repo.gated_token:
                self.error(403, "Access to model %s is restricted and you are not in the authorized list." % repo_id, head)
                return None
        if not repo.resolves(revision):
            self.error(404, "Revision Not Found", head)
            return None
        return repo

    def content(self, repo, path, head, headers=None):
        hub = self.server.hub
        content = repo.files[path]
        headers = dict(headers or {})
        headers["X-Repo-Commit"] = repo.commit
        key = "%ss/%s/%s" % (repo.type, repo.id, path)
        start = 0
        rng = self.headers.get("Range")
        if rng and rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[len("bytes="):-1])
        if head:
            return self.reply(200, b"", headers, head=True)
        with hub.lock:
            hub.counts[key] = hub.counts.get(key, 0) + 1
            drop = path in repo.drop_first and key not in hub.dropped
            if drop:
                hub.dropped.add(key)
        body = content[start:]
        status = 206 if start else 200
        if start:
            headers["Content-Range"] = "bytes %d-%d/%d" % (start, len(content) - 1, len(content))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if drop:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.hub = Hub(sys.argv[1])
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
