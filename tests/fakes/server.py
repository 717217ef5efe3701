#!/usr/bin/env python3
"""Loopback fakes of the SMS/voice/WhatsApp providers otpkit sends through.

One threaded HTTP server on 127.0.0.1 serves every provider module in ./providers. A module
defines NAME (the provider's otpkit name, e.g. "twilio") and
    handle(req: Request, ns: Namespace) -> Response
which checks the request against the provider's documented shape (path, auth, fields,
encodings) and answers with the documented success or error body. A request that breaks the
documented shape is answered as the provider documents (usually 400/401) *and* recorded as a
violation, so tests can assert that otpkit never sent one.

URLs: http://127.0.0.1:PORT/ns/<namespace>/<provider>/<the provider's own path>. The
namespace keeps parallel tests apart (each test picks its own); all state is per namespace
and provider. Control endpoints (JSON in, JSON out):
    POST /_control/<ns>/<provider>  {"fail": [503, 500], "hang_ms": 0, "receipt": {...}}
        fail:    the next requests are answered with these statuses (the module's documented
                 error body for each, via module.error(status)), then normal handling resumes;
                 a status of 0 means "hang for hang_ms and close without answering" (a timeout).
        receipt: {"status": "delivered"|"failed"|..., "url": "<webhook url>", "delay_ms": 50}
                 after each accepted message, POST the provider's documented delivery report
                 (module.receipt(ns, message, status) -> (headers, body)) to url.
    POST /_receipt/<ns>/<provider>  {"index": -1, "status": "delivered", "url": null}
        answers the delivery report the provider would send for accepted message `index`
        (default the last) as JSON {"method", "url", "headers", "body"} instead of posting it
        (for test runtimes without an HTTP server); `url` defaults to the message's own
        callback URL (receipt_url / ackurl / status_callback) or "".
    GET  /_requests/<ns>/<provider>   every request received (method, path, query, headers, body)
    GET  /_messages/<ns>/<provider>   every message accepted (what module.handle stored)
    GET  /_violations/<ns>            every shape violation seen in the namespace
Started by tests/fakes/start.sh (prints the base URL) or directly: prints the base URL as its
first stdout line, then serves until killed or until --max-seconds pass.
"""
import argparse
import importlib.util
import json
import pathlib
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = pathlib.Path(__file__).resolve().parent
MAX_BODY = 1 << 20


class Request:
    def __init__(self, method, path, query, headers, body, base_url):
        self.method = method
        self.path = path  # the provider's own path, e.g. /2010-04-01/Accounts/AC1/Messages.json
        self.query = query  # list of (key, value)
        self.headers = headers  # dict, lower-case names
        self.body = body  # bytes
        self.base_url = base_url  # http://127.0.0.1:PORT/ns/<ns>/<provider>

    def form(self):
        return urllib.parse.parse_qsl(self.body.decode("utf-8"), keep_blank_values=True)

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        return self.headers.get(name.lower())


class Response:
    def __init__(self, status, body=b"", content_type="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        self.headers.setdefault("Content-Type", content_type)


class Namespace:
    """State of one provider in one test namespace."""

    def __init__(self, name, provider):
        self.name = name
        self.provider = provider
        self.lock = threading.Lock()
        self.requests = []
        self.messages = []
        self.violations = []
        self.fail = []
        self.hang_ms = 0
        self.receipt = None
        self.seq = 0

    def violation(self, what):
        """Records that a request broke the documented shape."""
        with self.lock:
            self.violations.append({"provider": self.provider, "violation": what})

    def next_id(self):
        with self.lock:
            self.seq += 1
            return self.seq

    def accepted(self, message):
        """Records an accepted message (a dict with at least "id"); schedules its receipt."""
        with self.lock:
            self.messages.append(message)
            receipt = self.receipt
        if receipt:
            threading.Thread(target=_post_receipt, args=(self, message, receipt), daemon=True).start()


MODULES = {}
STATE = {}
STATE_LOCK = threading.Lock()


def load_modules():
    for path in sorted((HERE / "providers").glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"fake_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        MODULES[mod.NAME] = mod


def state(ns, provider):
    with STATE_LOCK:
        key = (ns, provider)
        if key not in STATE:
            STATE[key] = Namespace(ns, provider)
        return STATE[key]


def _post_receipt(nsobj, message, receipt):
    time.sleep(receipt.get("delay_ms", 50) / 1000)
    mod = MODULES[nsobj.provider]
    headers, body = mod.receipt(nsobj, message, receipt["status"], receipt["url"])
    req = urllib.request.Request(receipt["url"], data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            r.read()
    except Exception as e:  # the receiving server may refuse it; the test checks that
        print(f"fakes: receipt to {receipt['url']} failed: {e}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(n) if n else b""

    def _send(self, resp):
        self.send_response(resp.status)
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        self.wfile.write(resp.body)

    def _route(self, method):
        body = self._body()
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        if len(parts) >= 4 and parts[1] == "_control" and method == "POST":
            st = state(parts[2], parts[3])
            cfg = json.loads(body or b"{}")
            with st.lock:
                st.fail = list(cfg.get("fail", []))
                st.hang_ms = int(cfg.get("hang_ms", 0))
                st.receipt = cfg.get("receipt")
            return self._send(Response(200, {"ok": True}))
        if len(parts) >= 4 and parts[1] == "_receipt" and method == "POST":
            st = state(parts[2], parts[3])
            cfg = json.loads(body or b"{}")
            with st.lock:
                messages = list(st.messages)
            try:
                message = messages[int(cfg.get("index", -1))]
            except (IndexError, ValueError):
                return self._send(Response(404, {"error": "no such accepted message"}))
            url = (cfg.get("url") or message.get("receipt_url") or message.get("ackurl")
                   or message.get("status_callback") or "")
            headers, rbody = MODULES[parts[3]].receipt(st, message, cfg.get("status", "delivered"), url)
            return self._send(Response(200, {"method": "POST", "url": url, "headers": headers,
                                             "body": rbody.decode("utf-8")}))
        if len(parts) >= 4 and parts[1] in ("_requests", "_messages") and method == "GET":
            st = state(parts[2], parts[3])
            with st.lock:
                data = list(st.requests if parts[1] == "_requests" else st.messages)
            return self._send(Response(200, data))
        if len(parts) >= 3 and parts[1] == "_violations" and method == "GET":
            with STATE_LOCK:
                found = [v for (ns, _), s in STATE.items() if ns == parts[2] for v in s.violations]
            return self._send(Response(200, found))
        if len(parts) < 4 or parts[1] != "ns" or parts[3] not in MODULES:
            return self._send(Response(404, {"error": "no such fake"}))
        ns, provider = parts[2], parts[3]
        st = state(ns, provider)
        headers = {k.lower(): v for k, v in self.headers.items()}
        sub = "/" + "/".join(parts[4:])
        host = self.headers.get("Host", "127.0.0.1")
        req = Request(method, sub, query, headers, body, f"http://{host}/ns/{ns}/{provider}")
        with st.lock:
            st.requests.append({
                "method": method, "path": sub, "query": query, "headers": headers,
                "body": body.decode("utf-8", "replace"),
            })
            forced = st.fail.pop(0) if st.fail else None
            hang = st.hang_ms
        mod = MODULES[provider]
        if forced == 0:
            time.sleep(hang / 1000)
            self.close_connection = True
            return
        if forced is not None:
            return self._send(mod.error(forced))
        try:
            resp = mod.handle(req, st)
        except Exception as e:  # a bug in the fake or a request it cannot read
            st.violation(f"fake could not handle request: {e!r}")
            resp = Response(400, {"error": "bad request"})
        self._send(resp)

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_PUT(self):
        self._route("PUT")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--max-seconds", type=float, default=3600.0)
    ap.add_argument("--exit-on-stdin-eof", action="store_true",
                    help="stop when stdin closes (the spawning test process exited)")
    args = ap.parse_args()
    load_modules()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    timer = threading.Timer(args.max_seconds, server.shutdown)
    timer.daemon = True
    timer.start()
    if args.exit_on_stdin_eof:
        def watch():
            sys.stdin.read()
            server.shutdown()
        threading.Thread(target=watch, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
