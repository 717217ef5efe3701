"""Fake of Dexatel's messages API (https://developers.dexatel.com/reference/messages-send) and
its signed delivery webhook (https://developers.dexatel.com/docs/webhooks-delivery).

Checks every documented requirement of POST /v1/messages: the X-Dexatel-Key header, a JSON
body with a `data` object, a registered `from`, `to` as 1-10 numbers (digits, no '+'), a
documented `channel`, `text` (1-1000 characters) for SMS/VOICE, and `template` (a registered
UUID) with `variables` (each at most 70 characters) for WHATSAPP. Answers the documented
bodies: {"data": [{...}]} or {"errors": [{timestamp, path, method, status, message, code}]}.

Test credentials and triggers (documented here so tests can rely on them):
    API_KEY          the only accepted X-Dexatel-Key (else HTTP 401)
    WEBHOOK_SECRET   the secret the delivery webhook is signed with
    SENDERS          the registered sender ids (else 1505 "Message sender is not found")
    TEMPLATE_ID      the one registered WhatsApp template (else 1513)
    a recipient ending in 1530   error 1530 "Blocked number"
Webhooks: JSON {"data": {...}} with X-Dexatel-Signature = Base64(HMAC-SHA256(secret, body)).
"""
import json
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402 (shared helpers; server.py skips files starting with '_')

Response = _common.Response

NAME = "dexatel"
API_KEY = "dx-fake-key-0001"
WEBHOOK_SECRET = "dx-fake-webhook-secret-0001"
ACCOUNT_ID = "72e47e47-95b9-41c2-bdcd-55dd9bb04e14"
SENDERS = {"Acme", "AcmeBank", "14155550100"}
TEMPLATE_ID = "3f2b1c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f"
CHANNELS = {"SMS", "VIBER", "WHATSAPP", "TELEGRAM", "G_RCS", "EMAIL_OTP", "VOICE"}
ALLOWED = {"from", "to", "text", "channel", "template", "variables", "image", "caption",
           "button", "type", "url", "filename", "schedule", "payload"}
WEBHOOK_STATUS = {"delivered": "delivered", "failed": "failed", "expired": "expired",
                  "rejected": "rejected"}
UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _errors(status, code, message):
    now = _common.utc_now()
    return Response(status, {"errors": [{
        "timestamp": now, "path": "/v1/messages", "method": "POST", "status": status,
        "message": message, "code": code,
    }]})


def error(status):
    return _errors(status, status, f"HTTP {status}")


def _bad(ns, what, code, message):
    ns.violation(what)
    return _errors(400, code, message)


def handle(req, ns):
    if req.path != "/v1/messages" or req.method != "POST":
        ns.violation(f"{req.method} {req.path} is not POST /v1/messages")
        return _errors(404, 404, "Not found")
    if req.header("x-dexatel-key") != API_KEY:
        return _errors(401, 401, "Unauthorized")
    if not (req.header("content-type") or "").startswith("application/json"):
        ns.violation("body is not application/json")
        return _errors(415, 415, "Unsupported Media Type")
    try:
        body = _common.load_json(req)
    except ValueError:
        return _bad(ns, "body is not JSON", 1005, "Invalid JSON body")
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict) or set(body) != {"data"}:
        return _bad(ns, "body is not {\"data\": {...}}", 1007, "Request data is missing")
    unknown = _common.unknown_fields(data, ALLOWED)
    if unknown:
        return _bad(ns, f"undocumented fields {unknown}", 1705, "Invalid payload")
    sender = data.get("from")
    if not isinstance(sender, str) or not sender:
        return _bad(ns, "from missing", 1503, "Message sender is missing")
    to = data.get("to")
    if not isinstance(to, list) or not to:
        return _bad(ns, "to missing or not a list", 1506, "Message recipients are missing")
    if len(to) > 10:
        return _bad(ns, "more than 10 recipients", 1507, "Message recipients are too many")
    if not all(_common.is_digits_number(n) for n in to):
        return _bad(ns, f"recipients {to!r} are not digit-only numbers", 1523,
                    "Invalid recipient number(s)")
    channel = data.get("channel")
    if channel not in CHANNELS:
        return _bad(ns, f"channel {channel!r} undocumented", 1515, "Invalid channel")
    if channel in ("SMS", "VOICE"):
        text = data.get("text")
        if not isinstance(text, str) or not text:
            return _bad(ns, "text missing", 1508, "'data.text' is required")
        if len(text) > 1000:
            return _bad(ns, "text longer than 1000 characters", 1510, "Message text is too long")
        if "template" in data or "variables" in data:
            return _bad(ns, "template fields on an SMS/voice message", 1705, "Invalid payload")
    elif channel == "WHATSAPP":
        template = data.get("template")
        if not isinstance(template, str) or not re.fullmatch(UUID_RE, template):
            return _bad(ns, "template is not a UUID", 1512, "Invalid template id")
        if template != TEMPLATE_ID:
            return _errors(400, 1513, "Template is not found")
        variables = data.get("variables")
        if not isinstance(variables, list) or not variables:
            return _bad(ns, "variables missing", 1514, "Template variables are missing")
        if not all(isinstance(v, str) and len(v) <= 70 for v in variables):
            return _bad(ns, "a variable is not a string of at most 70 characters", 1526,
                        "Variable value is too long")
        if not re.fullmatch(r"[0-9]{7,15}", sender):
            return _bad(ns, "WhatsApp sender is not a number", 1504, "Invalid message sender")
    else:
        return _bad(ns, f"otpkit does not use channel {channel}", 1515, "Invalid channel")
    if channel == "VOICE" and not re.fullmatch(r"[0-9]{7,15}", sender):
        return _bad(ns, "voice sender is not a number", 1504, "Invalid message sender")
    if sender not in SENDERS:
        return _errors(400, 1505, "Message sender is not found")
    if to[0].endswith("1530"):
        return _errors(400, 1530, "Blocked number")
    message_id = str(uuid.uuid4())
    ns.accepted({"id": message_id, "to": to[0], "from": sender, "channel": channel})
    return Response(200, {"data": [{
        "id": message_id, "account_id": ACCOUNT_ID, "text": data.get("text", ""),
        "from": sender, "to": to, "channel": channel, "status": "enroute",
        "segments_count": 1, "encoding": "GSM-7",
    }]})


def sign(body):
    return _common.hmac_b64(WEBHOOK_SECRET, body)


def receipt(ns, message, status, url):
    """The delivery webhook, signed as Dexatel signs it."""
    now = _common.utc_now()
    body = json.dumps({"data": {
        "account_id": ACCOUNT_ID, "message_id": message["id"], "event": "delivery",
        "status": WEBHOOK_STATUS[status], "channel": message["channel"], "to": message["to"],
        "mccmnc": "23415", "price": 0.123, "timestamp": now,
    }}).encode()
    return {"Content-Type": "application/json", "X-Dexatel-Signature": sign(body)}, body
