"""docs/examples/oob_server.py end to end against the loopback provider fakes: the example runs
as its own process configured by environment variables (the fakes' base URLs and test
credentials); POST /start sends the code; the fake posts the delivery report to the example's
webhook; GET /status says delivered; POST /verify with the code the fake received succeeds; a
forged webhook is answered 401. And a failed SMS receipt, or none within the step's wait, makes
the example fall back to WhatsApp by itself. Bounded: every wait has a deadline; the example stops with the test."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from delivery_support import (
    DEXATEL_KEY,
    DEXATEL_NUMBER,
    DEXATEL_SECRET,
    DEXATEL_TEMPLATE,
    REPO,
    TEXTLOCAL_KEY,
    Fakes,
    code_in,
    wait_for,
)

EXAMPLE = REPO / "docs" / "examples" / "oob_server.py"
TOKEN = "rcpt_example_0123456789"
PHONE = "+447700900123"


def call(method, url, payload=None, headers=None, body=None):
    data = body if body is not None else (None if payload is None else json.dumps(payload).encode())
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


@pytest.fixture
def fakes(fakes_server):
    f = Fakes()
    yield f
    assert f.violations() == []


@pytest.fixture
def example(fakes, request):
    """The example's base URL (environment overrides: the test's `example` parameter)."""
    env = dict(os.environ)
    env.pop("OTPKIT_REDIS_URL", None)  # the in-memory store: the example's own process
    env.update({
        "OTPKIT_LISTEN": "127.0.0.1:0",
        "OTPKIT_STEPS": "textlocal:sms,dexatel:whatsapp",
        "OTPKIT_WAIT": "60",
        "OTPKIT_RESEND_COOLDOWN": "1",
        "OTPKIT_SENDER_ID": "Acme",
        "OTPKIT_SENDER_NUMBER": DEXATEL_NUMBER,
        "OTPKIT_EXIT_ON_STDIN_EOF": "1",
        "TEXTLOCAL_API_KEY": TEXTLOCAL_KEY,
        "TEXTLOCAL_RECEIPT_TOKEN": TOKEN,
        "TEXTLOCAL_BASE_URL": fakes.base("textlocal"),
        "DEXATEL_API_KEY": DEXATEL_KEY,
        "DEXATEL_WEBHOOK_SECRET": DEXATEL_SECRET,
        "DEXATEL_WHATSAPP_TEMPLATE": DEXATEL_TEMPLATE,
        "DEXATEL_BASE_URL": fakes.base("dexatel"),
    })
    env.update(getattr(request, "param", {}))
    proc = subprocess.Popen([sys.executable, str(EXAMPLE)], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        pytest.fail(f"the example did not start: {line!r} {proc.stderr.read()}")
    yield line[len("listening on "):]
    proc.stdin.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log = proc.stderr.read()
    for secret in (TEXTLOCAL_KEY, TOKEN, DEXATEL_KEY, DEXATEL_SECRET, "7700900123"):
        assert secret not in log, "the example logged a credential or the phone number"


def delivered(url, cid):
    def check():
        status, state = call("GET", f"{url}/status/{cid}")
        return state if status == 200 and state["delivered"] else None
    return wait_for(check, 15, "a delivered status")


def test_start_receipt_status_verify_and_a_forged_webhook(fakes, example):
    fakes.control("textlocal", receipt={"status": "delivered", "delay_ms": 20,
                                        "url": f"{example}/webhooks/textlocal?otpkit_token={TOKEN}"})
    status, started = call("POST", f"{example}/start", {"phone": PHONE, "purpose": "login", "subject": "u1"})
    assert status == 200 and started["channel"] == "sms", started
    cid = started["challenge_id"]
    [message] = fakes.messages("textlocal")
    assert message["receipt_url"] == f"{example}/webhooks/textlocal?otpkit_token={TOKEN}"
    state = delivered(example, cid)
    assert [(s["provider"], s["channel"], s["status"]) for s in state["sends"]] == [("textlocal", "sms", "delivered")]
    code = code_in(fakes.requests("textlocal")[0])
    wrong = "000000" if code != "000000" else "111111"
    assert call("POST", f"{example}/verify", {"challenge_id": cid, "code": wrong, "subject": "u1"})[0] == 401
    assert call("POST", f"{example}/verify", {"challenge_id": cid, "code": code, "subject": "u1"}) == (200, {"ok": True})
    assert call("POST", f"{example}/verify", {"challenge_id": cid, "code": code, "subject": "u1"})[0] == 401  # used

    form = {"Content-Type": "application/x-www-form-urlencoded"}
    forged = f"number=447700900123&status=D&customID={message['id']}&datetime=2026-12-01+16%3A00%3A00".encode()
    assert call("POST", f"{example}/webhooks/textlocal", headers=form, body=forged)[0] == 401
    assert call("POST", f"{example}/webhooks/textlocal?otpkit_token=rcpt_example_012345678X",
                headers=form, body=forged)[0] == 401
    dx = {"Content-Type": "application/json", "X-Dexatel-Signature": "c2lnbmVkIGJ5IG5vYm9keQ=="}
    assert call("POST", f"{example}/webhooks/dexatel", headers=dx, body=b'{"data": {}}')[0] == 401
    assert call("POST", f"{example}/start", {"phone": "not a number"})[0] == 400
    assert call("GET", f"{example}/status/{'0' * 32}")[0] == 404


def test_a_failed_sms_receipt_falls_back_to_whatsapp(fakes, example):
    fakes.control("textlocal", receipt={"status": "failed", "delay_ms": 20,
                                        "url": f"{example}/webhooks/textlocal?otpkit_token={TOKEN}"})
    fakes.control("dexatel", receipt={"status": "delivered", "delay_ms": 20, "url": f"{example}/webhooks/dexatel"})
    status, started = call("POST", f"{example}/start", {"phone": PHONE, "purpose": "login", "subject": "u2"})
    assert status == 200, started
    cid = started["challenge_id"]
    state = delivered(example, cid)
    assert [(s["provider"], s["channel"], s["status"]) for s in state["sends"]] == [
        ("textlocal", "sms", "failed"), ("dexatel", "whats_app", "delivered")]
    code = code_in(fakes.requests("dexatel")[0])
    assert call("POST", f"{example}/verify", {"challenge_id": cid, "code": code, "subject": "u2"}) == (200, {"ok": True})


@pytest.mark.parametrize("example", [{"OTPKIT_WAIT": "1"}], indirect=True)
def test_no_receipt_within_the_wait_falls_back_by_itself(fakes, example):
    """No SMS receipt comes: the example's timer advances after the step's wait (1 s here)."""
    fakes.control("dexatel", receipt={"status": "delivered", "delay_ms": 20, "url": f"{example}/webhooks/dexatel"})
    status, started = call("POST", f"{example}/start", {"phone": PHONE, "purpose": "login", "subject": "u3"})
    assert status == 200 and started["channel"] == "sms", started
    cid = started["challenge_id"]
    state = delivered(example, cid)
    assert [(s["provider"], s["status"]) for s in state["sends"]] == [("textlocal", "accepted"), ("dexatel", "delivered")]
    code = code_in(fakes.requests("dexatel")[0])
    assert call("POST", f"{example}/verify", {"challenge_id": cid, "code": code, "subject": "u3"}) == (200, {"ok": True})
