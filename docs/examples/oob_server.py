#!/usr/bin/env python3
"""An out-of-band code server with otpkit: sends a login code by SMS (and falls back to WhatsApp
or voice), reads the providers' delivery-report webhooks, and verifies the code.

Standard library (http.server) and otpkit only; one process (the fallback timers and the
challenge -> destination map live in memory; the codes, limits and delivery log live in the
store, Redis when OTPKIT_REDIS_URL is set).

    POST /start                 {"phone": "+447700900123", "purpose": "login", "subject": "user-1"}
                                -> 200 {"challenge_id", "channel", "expires_at"} | 429 | 502 | 400
    POST /webhooks/<provider>   a provider's delivery report (textlocal, dexatel, labsmobile, twilio;
    GET  /webhooks/<provider>   LabsMobile may GET): verified, recorded, a failure moves on to
                                the next channel -> 200 | 401 (forged) | 400 | 413 | 503
    POST /verify                {"challenge_id", "code", "purpose", "subject"} -> 200 | 401 | 400
    GET  /status/<challenge>    -> 200 {"delivered", "sends": [{"seq", "channel", "provider", "status", "error"}]}

Configuration (environment):
    OTPKIT_LISTEN            host:port to listen on (default 127.0.0.1:8080; port 0: any free port)
    OTPKIT_PUBLIC_URL        the base URL providers post webhooks to (default: the listening URL)
    OTPKIT_STEPS             the fallback order, provider:channel pairs (default "textlocal:sms";
                             e.g. "textlocal:sms,dexatel:whatsapp,dexatel:voice")
    OTPKIT_WAIT              seconds to wait for a delivered receipt before the next step (60)
    OTPKIT_RESEND_COOLDOWN   seconds between two sends of one challenge (30)
    OTPKIT_SENDER_ID         the SMS sender name (default "Acme")
    OTPKIT_SENDER_NUMBER     the +E164 number for WhatsApp and voice
    OTPKIT_PEPPER            hex of the code MAC key (at least 16 bytes; default: a random one,
                             so codes do not survive a restart); OTPKIT_PEPPER_ID (default "p1")
    OTPKIT_REDIS_URL         redis://... for a shared store (default: in memory)
    TEXTLOCAL_API_KEY, TEXTLOCAL_RECEIPT_TOKEN, TEXTLOCAL_REGION (international|india),
    TEXTLOCAL_BASE_URL       (base URLs: only to point at the loopback fakes)
    DEXATEL_API_KEY, DEXATEL_WEBHOOK_SECRET, DEXATEL_WHATSAPP_TEMPLATE, DEXATEL_BASE_URL
    LABSMOBILE_USERNAME, LABSMOBILE_API_TOKEN, LABSMOBILE_ACK_TOKEN, LABSMOBILE_BASE_URL
    TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_CONTENT_SID, TWILIO_BASE_URL

Prints "listening on <url>" once it serves. Logs never show a code, a credential or a phone
number (otpkit's outcomes and errors hold none).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

import otpkit
from otpkit import (
    DeliveryChannel,
    DispatchOutcome,
    Dispatcher,
    FallbackPolicy,
    FallbackStep,
    MessageSender,
    MessageTemplate,
    OobBinding,
    OtpError,
    Pepper,
    ProviderConfig,
    ProviderKind,
    ReceiptOutcome,
    SensitiveText,
    TextlocalRegion,
    VerificationStore,
)

PROVIDERS = {"textlocal": ProviderKind.TEXTLOCAL, "dexatel": ProviderKind.DEXATEL,
             "labsmobile": ProviderKind.LABS_MOBILE, "twilio": ProviderKind.TWILIO}
CHANNELS = {"sms": DeliveryChannel.SMS, "whatsapp": DeliveryChannel.WHATS_APP, "voice": DeliveryChannel.VOICE}
TEMPLATES = [
    MessageTemplate(channel=DeliveryChannel.SMS, template="{code} is your Acme login code"),
    MessageTemplate(channel=DeliveryChannel.WHATS_APP, template="Your Acme login code: {code}"),
    MessageTemplate(channel=DeliveryChannel.VOICE, template="Your Acme login code is {code}"),
]
PURPOSES = ("login",)
MAX_BODY = 64 * 1024


def env(name: str, default: Optional[str] = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        sys.exit(f"oob_server: set {name}")
    return value


def secret(name: str) -> SensitiveText:
    return SensitiveText(env(name))


def provider_config(name: str) -> ProviderConfig:
    """One provider account from the environment (credentials as SensitiveText)."""
    base = os.environ.get(f"{name.upper()}_BASE_URL") or None
    if name == "textlocal":
        india = os.environ.get("TEXTLOCAL_REGION", "international") == "india"
        return ProviderConfig.TEXTLOCAL(
            secret("TEXTLOCAL_API_KEY"), secret("TEXTLOCAL_RECEIPT_TOKEN"),
            TextlocalRegion.INDIA if india else TextlocalRegion.INTERNATIONAL, base)
    if name == "dexatel":
        return ProviderConfig.DEXATEL(
            secret("DEXATEL_API_KEY"), secret("DEXATEL_WEBHOOK_SECRET"), base,
            os.environ.get("DEXATEL_WHATSAPP_TEMPLATE") or None, voice=True)
    if name == "twilio":
        return ProviderConfig.TWILIO(
            env("TWILIO_ACCOUNT_SID"), secret("TWILIO_AUTH_TOKEN"), base_url=base,
            whatsapp_content_sid=os.environ.get("TWILIO_WHATSAPP_CONTENT_SID") or None, voice=True)
    if name == "labsmobile":
        return ProviderConfig.LABS_MOBILE(
            env("LABSMOBILE_USERNAME"), secret("LABSMOBILE_API_TOKEN"), secret("LABSMOBILE_ACK_TOKEN"), base)
    sys.exit(f"oob_server: unknown provider {name!r} (textlocal, dexatel, labsmobile, twilio)")


class App:
    """The dispatcher, and per challenge what `advance` needs (binding, destination)."""

    def __init__(self, public_url: str) -> None:
        self.public_url = public_url.rstrip("/")
        senders: Dict[str, MessageSender] = {}
        steps: List[FallbackStep] = []
        wait = int(os.environ.get("OTPKIT_WAIT", "60"))
        for pair in env("OTPKIT_STEPS", "textlocal:sms").split(","):
            name, _, channel = pair.strip().partition(":")
            if name not in senders:
                senders[name] = MessageSender(provider_config(name))
            sender_id = (env("OTPKIT_SENDER_ID", "Acme") if channel == "sms"
                         else env("OTPKIT_SENDER_NUMBER"))
            steps.append(FallbackStep(channel=CHANNELS[channel], sender=senders[name], sender_id=sender_id,
                                      wait=wait, callback_url=f"{self.public_url}/webhooks/{name}"))
        redis_url = os.environ.get("OTPKIT_REDIS_URL")
        store = VerificationStore.redis_blocking(redis_url) if redis_url else VerificationStore.memory()
        pepper_hex = os.environ.get("OTPKIT_PEPPER")
        pepper_id = os.environ.get("OTPKIT_PEPPER_ID", "p1")
        pepper = Pepper(pepper_id, bytes.fromhex(pepper_hex)) if pepper_hex else Pepper.generate(pepper_id)
        policy = otpkit.default_oob_policy()
        policy.resend_cooldown = int(os.environ.get("OTPKIT_RESEND_COOLDOWN", "30"))
        policies = [FallbackPolicy(purpose=p, steps=steps, templates=TEMPLATES) for p in PURPOSES]
        self.dispatcher = Dispatcher(store, [pepper], policies, policy=policy)
        self.codes = self.dispatcher.codes()
        self.lock = threading.Lock()
        self.pending: Dict[str, Tuple[OobBinding, str, Optional[str]]] = {}
        self.timers: Dict[str, threading.Timer] = {}

    # -- fallback: advance when a receipt says failed, or when the wait is over --

    def follow(self, outcome: DispatchOutcome) -> None:
        """Schedules the next `advance` an outcome asks for."""
        if isinstance(outcome, DispatchOutcome.SENT):
            self.schedule(outcome.challenge_id, outcome.wait_until)
        elif isinstance(outcome, DispatchOutcome.WAITING):
            self.schedule(outcome.challenge_id, outcome.until)
        elif isinstance(outcome, (DispatchOutcome.DELIVERED, DispatchOutcome.EXHAUSTED)):
            self.forget(outcome.challenge_id)

    def schedule(self, challenge_id: str, at: int) -> None:
        timer = threading.Timer(max(0.0, at - time.time()) + 0.05, self.advance, (challenge_id,))
        timer.daemon = True
        with self.lock:
            old = self.timers.pop(challenge_id, None)
            self.timers[challenge_id] = timer
        if old is not None:
            old.cancel()
        timer.start()

    def forget(self, challenge_id: str) -> None:
        with self.lock:
            timer = self.timers.pop(challenge_id, None)
            self.pending.pop(challenge_id, None)
        if timer is not None:
            timer.cancel()

    def advance(self, challenge_id: str) -> None:
        with self.lock:
            target = self.pending.get(challenge_id)
        if target is None:
            return
        binding, to, ip = target
        try:
            outcome = self.dispatcher.advance_blocking(challenge_id, binding, to, ip=ip)
        except OtpError as e:
            log(f"advance {challenge_id}: {e.reason}")
            return
        log(f"advance {challenge_id}: {outcome!r}")
        if outcome.is_rate_limited() or outcome.is_send_failed() or outcome.is_unknown_challenge():
            self.forget(challenge_id)
        else:
            self.follow(outcome)

    # -- endpoints --

    def start(self, data: Dict[str, Any], ip: str) -> Tuple[int, Dict[str, Any]]:
        phone, purpose = str(data.get("phone", "")), str(data.get("purpose", "login"))
        binding = OobBinding(purpose=purpose, subject=str(data.get("subject") or phone))
        outcome = self.dispatcher.start_blocking(binding, phone, ip=ip, country=data.get("country"))
        log(f"start: {outcome!r}")
        if isinstance(outcome, DispatchOutcome.SENT):
            with self.lock:
                self.pending[outcome.challenge_id] = (binding, phone, ip)
            self.follow(outcome)
            return 200, {"challenge_id": outcome.challenge_id, "channel": outcome.channel.name.lower(),
                         "expires_at": outcome.expires_at}
        if isinstance(outcome, DispatchOutcome.RATE_LIMITED):
            return 429, {"error": "rate_limited", "scope": outcome.scope.name.lower(),
                         "retry_after": outcome.retry_after}
        if isinstance(outcome, DispatchOutcome.SEND_FAILED):
            return 502, {"error": "send_failed", "failure": outcome.failure.name.lower()}
        if isinstance(outcome, DispatchOutcome.SENDER_REFUSED):
            return 500, {"error": "sender_refused", "rule": outcome.rule}
        return 500, {"error": "unexpected"}

    def webhook(self, provider: str, method: str, path: str, headers: Dict[str, str],
                body: bytes) -> int:
        kind = PROVIDERS.get(provider)
        if kind is None:
            return 404
        # The URL exactly as configured at the provider (the receipt tokens are in its query).
        outcome = self.dispatcher.receipt_blocking(kind, method, self.public_url + path, headers, body)
        log(f"webhook {provider}: {outcome!r}")
        if isinstance(outcome, ReceiptOutcome.RECORDED):
            for update in outcome.updates:
                if update.changed:  # a failure moves on to the next step; delivered ends it
                    # (off the request thread: the provider gets its answer at once)
                    threading.Thread(target=self.advance, args=(update.challenge_id,), daemon=True).start()
            return 200
        if outcome.is_unknown_message():
            return 200
        if outcome.is_unauthenticated():
            return 401
        return 413 if outcome.is_too_large() else 400

    def verify(self, data: Dict[str, Any]) -> Tuple[int, Dict[str, Any]]:
        binding = OobBinding(purpose=str(data.get("purpose", "login")), subject=str(data.get("subject", "")))
        outcome = self.codes.verify_blocking(str(data.get("challenge_id", "")), binding, str(data.get("code", "")))
        if outcome.is_accepted():
            self.forget(str(data.get("challenge_id", "")))
            return 200, {"ok": True}
        return 401, {"ok": False}

    def status(self, challenge_id: str) -> Tuple[int, Dict[str, Any]]:
        state = self.dispatcher.status_blocking(challenge_id)
        sends = [{"seq": s.seq, "channel": s.channel.name.lower(), "provider": s.provider.name.lower(),
                  "status": s.status.name.lower(), "error": s.error} for s in state.sends]
        return (200 if sends else 404), {"delivered": state.delivered, "sends": sends}


def log(line: str) -> None:
    print(f"oob_server: {line}", file=sys.stderr, flush=True)


def handler(app: App) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # the request line holds no secret,
            pass  # but a query string may carry a receipt token: log nothing by default

        def reply(self, status: int, payload: Optional[Dict[str, Any]] = None) -> None:
            body = json.dumps(payload or {}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def body(self) -> Optional[bytes]:
            n = int(self.headers.get("Content-Length") or 0)
            if n > MAX_BODY:
                self.close_connection = True
                return None
            return self.rfile.read(n) if n else b""

        def handle_any(self, method: str) -> None:
            path = urllib.parse.urlsplit(self.path).path
            body = self.body() if method == "POST" else b""
            if body is None:
                return self.reply(413)
            try:
                if path.startswith("/webhooks/"):
                    headers = {k: v for k, v in self.headers.items()}
                    return self.reply(app.webhook(path[len("/webhooks/"):], method, self.path, headers, body))
                if method == "GET" and path.startswith("/status/"):
                    return self.reply(*app.status(path[len("/status/"):]))
                if method == "POST" and path in ("/start", "/verify"):
                    try:
                        data = json.loads(body or b"{}")
                    except ValueError:
                        return self.reply(400, {"error": "not JSON"})
                    if not isinstance(data, dict):
                        return self.reply(400, {"error": "not a JSON object"})
                    if path == "/start":
                        return self.reply(*app.start(data, self.client_address[0]))
                    return self.reply(*app.verify(data))
                return self.reply(404, {"error": "not found"})
            except OtpError.StoreUnavailable:
                return self.reply(503, {"error": "store unavailable"})
            except OtpError.InvalidInput as e:
                return self.reply(400, {"error": "invalid", "field": e.field})

        def do_GET(self) -> None:
            self.handle_any("GET")

        def do_POST(self) -> None:
            self.handle_any("POST")

    return Handler


def main() -> None:
    host, _, port = os.environ.get("OTPKIT_LISTEN", "127.0.0.1:8080").rpartition(":")
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), BaseHTTPRequestHandler)
    server.daemon_threads = True
    bound_host, bound_port = server.server_address[:2]
    url = f"http://{bound_host!s}:{bound_port}"
    app = App(os.environ.get("OTPKIT_PUBLIC_URL") or url)
    server.RequestHandlerClass = handler(app)
    print(f"listening on {url}", flush=True)
    if os.environ.get("OTPKIT_EXIT_ON_STDIN_EOF"):  # tests: stop when the parent goes away
        def watch() -> None:
            sys.stdin.read()
            server.shutdown()

        threading.Thread(target=watch, daemon=True).start()
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
