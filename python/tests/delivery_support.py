"""Helpers of the delivery tests: the loopback provider fakes (tests/fakes/server.py), a loopback
webhook listener that hands every request to a Dispatcher, the fakes' test credentials, and
reading the code a fake received.

The fakes: OTPKIT_FAKES_URL when set (scripts/test.sh starts them), else one server started for
this test session that stops when the session ends (its stdin closes). Each test uses its own
namespace. Only loopback traffic.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from otpkit import ProviderKind

REPO = Path(__file__).resolve().parents[2]
FAKES_SCRIPT = REPO / "tests" / "fakes" / "server.py"

# The fakes' test credentials (tests/fakes/providers/*.py document them).
TEXTLOCAL_KEY = "tl-fake-key-0001"
DEXATEL_KEY = "dx-fake-key-0001"
DEXATEL_SECRET = "dx-fake-webhook-secret-0001"
DEXATEL_TEMPLATE = "3f2b1c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f"
DEXATEL_NUMBER = "+14155550100"  # a registered Dexatel sender (voice and WhatsApp need a number)
LABSMOBILE_USER = "ops@acme.example"
LABSMOBILE_TOKEN = "lm-fake-token-0001"
RECEIPT_TOKEN = "rcpt_tok_0123456789abcdef"  # our own URL token (Textlocal, LabsMobile)

TWILIO_SID = "AC0123456789abcdef0123456789abcdef"
TWILIO_TOKEN = "fake-twilio-auth-token-0123456789"

PROVIDER_PATH = {ProviderKind.TEXTLOCAL: "textlocal", ProviderKind.DEXATEL: "dexatel",
                 ProviderKind.LABS_MOBILE: "labsmobile", ProviderKind.TWILIO: "twilio",
                 ProviderKind.VONAGE: "vonage", ProviderKind.MESSAGE_BIRD: "messagebird",
                 ProviderKind.SLEEK_FLOW: "sleekflow"}
PATH_PROVIDER = {v: k for k, v in PROVIDER_PATH.items()}

_started = {}
_lock = threading.Lock()


def fakes_url():
    """The fakes' base URL (started once per session when OTPKIT_FAKES_URL is unset)."""
    url = os.environ.get("OTPKIT_FAKES_URL", "")
    if url:
        return url.rstrip("/")
    with _lock:
        if "url" not in _started:
            proc = subprocess.Popen(
                [sys.executable, str(FAKES_SCRIPT), "--exit-on-stdin-eof", "--max-seconds", "900"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            line = proc.stdout.readline().strip()
            assert line.startswith("http://127.0.0.1:"), line
            _started.update(url=line, proc=proc)
        return _started["url"]


def stop_fakes():
    """Stops the fakes this session started (closing stdin ends them), if any."""
    with _lock:
        proc = _started.pop("proc", None)
        _started.pop("url", None)
    if proc is not None:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _json(method, url, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read().decode())


class Fakes:
    """One test's namespace on the fakes."""

    def __init__(self, ns=None):
        self.url = fakes_url()
        self.ns = ns or f"py-{uuid.uuid4().hex[:12]}"

    def base(self, provider):
        return f"{self.url}/ns/{self.ns}/{provider}"

    def control(self, provider, **config):
        _json("POST", f"{self.url}/_control/{self.ns}/{provider}", config)

    def requests(self, provider):
        return _json("GET", f"{self.url}/_requests/{self.ns}/{provider}")

    def messages(self, provider):
        return _json("GET", f"{self.url}/_messages/{self.ns}/{provider}")

    def violations(self):
        return _json("GET", f"{self.url}/_violations/{self.ns}")

    def receipt(self, provider, status="delivered", url=None, index=-1):
        """The delivery report the fake would post for accepted message `index` (method, url,
        headers, body), without posting it."""
        return _json("POST", f"{self.url}/_receipt/{self.ns}/{provider}",
                     {"status": status, "url": url, "index": index})


def code_in(request):
    """The code in one recorded provider request: Textlocal's `message` form field, Dexatel's
    `text` (SMS; voice reads it out as "4, 8, 2, ...") or its WhatsApp template `variables`, or
    Twilio's `Body` form field."""
    body = request["body"]
    if request["headers"].get("content-type", "").startswith("application/json"):
        data = json.loads(body)["data"]
        if data["channel"] == "WHATSAPP":
            return data["variables"][0]
        if data["channel"] == "VOICE":
            return "".join(re.findall(r"\d", data["text"].split(" is ")[0]))
        text = data["text"]
    else:
        form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        text = form["message"] if "message" in form else form["Body"]
    found = re.findall(r"\b\d{6}\b", text)
    assert len(found) == 1, "no single code in the message"
    return found[0]


def wait_for(predicate, timeout=10.0, what="condition"):
    """Polls `predicate` (bounded) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class WebhookListener:
    """A loopback HTTP server taking delivery-report webhooks at /hooks/<provider>[?query]: each
    is handed to `dispatcher.receipt_blocking` as received (method, full URL, headers, raw body)
    and answered 200 / 401 / 400 / 413 as the outcome says. Outcomes are kept in `outcomes`."""

    def __init__(self):
        self.dispatcher = None
        self.outcomes = []
        self.lock = threading.Lock()
        listener = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                path = urllib.parse.urlsplit(self.path).path
                provider = PATH_PROVIDER.get(path.rsplit("/", 1)[-1])
                status = 404
                if provider is not None and listener.dispatcher is not None:
                    url = f"http://{self.headers.get('Host')}{self.path}"
                    outcome = listener.dispatcher.receipt_blocking(
                        provider, "POST", url, dict(self.headers.items()), body)
                    with listener.lock:
                        listener.outcomes.append((provider, outcome))
                    status = (200 if outcome.is_recorded() or outcome.is_unknown_message()
                              else 401 if outcome.is_unauthenticated() else 400)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, provider):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/{provider}"

    def received(self, count=1, timeout=10.0):
        """The first `count` outcomes, waiting for them (bounded)."""
        def enough():
            with self.lock:
                return list(self.outcomes) if len(self.outcomes) >= count else None
        return wait_for(enough, timeout, f"{count} webhook(s)")

    def close(self):
        self.server.shutdown()
        self.server.server_close()
