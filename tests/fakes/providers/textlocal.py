"""Fake of Textlocal's Send API (https://api.txtlocal.com/docs/sendsms) and its delivery
receipts (https://api.txtlocal.com/docs/handlingreceipts).

Checks every documented requirement of POST /send/: form encoding, the API key in `apikey`,
`numbers` in international format (digits only), `message` (1-765 characters), `sender`
(3-11 alphanumeric characters or up to 13 digits), and the `custom` / `receipt_url` fields
otpkit always or optionally sends. Answers the documented JSON bodies.

Test credentials and triggers (documented here so tests can rely on them):
    API_KEY                      the only accepted `apikey` (else error 3, invalid login)
    a number ending in 0007      error 7 "Insufficient credits."
    a number ending in 0192      error 192 "You cannot send message at this time."
Receipts are POSTed as a form (number, status, customID, datetime), unsigned, as Textlocal does.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402 (shared helpers; server.py skips files starting with '_')

Response = _common.Response

NAME = "textlocal"
API_KEY = "tl-fake-key-0001"

ALLOWED = {
    "apikey", "numbers", "sender", "message", "custom", "receipt_url", "test", "group_id",
    "schedule_time", "optouts", "validity", "unicode", "tracking_links",
}
STATUS_LETTER = {"delivered": "D", "failed": "I", "expired": "E", "sent": "P", "accepted": "?"}


def failure(code, message, status=200):
    return Response(status, {"errors": [{"code": code, "message": message}], "status": "failure"})


def error(status):
    return failure(0, f"HTTP {status}", status)


def _bad(ns, what, code, message):
    ns.violation(what)
    return failure(code, message)


def handle(req, ns):
    if req.path != "/send/":
        return _bad(ns, f"path {req.path!r} is not /send/", 1, "Unrecognised command.")
    if req.method != "POST":
        return _bad(ns, f"method {req.method} (otpkit must POST)", 1, "Unrecognised command.")
    if not (req.header("content-type") or "").startswith("application/x-www-form-urlencoded"):
        return _bad(ns, "body is not application/x-www-form-urlencoded", 5, "No message content.")
    if req.query:
        return _bad(ns, "parameters in the query string", 5, "No message content.")
    try:
        pairs = urllib.parse.parse_qsl(req.body.decode("utf-8"), keep_blank_values=True,
                                       strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return _bad(ns, "form body cannot be parsed", 5, "No message content.")
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        return _bad(ns, "a field is repeated", 5, "No message content.")
    unknown = _common.unknown_fields(keys, ALLOWED)
    if unknown:
        return _bad(ns, f"undocumented fields {unknown}", 5, "No message content.")
    form = dict(pairs)
    if form.get("apikey") != API_KEY:
        return failure(3, "Invalid login details")
    numbers = form.get("numbers", "")
    if not numbers:
        return _bad(ns, "numbers missing", 4, "No recipients specified.")
    if not _common.is_digits_number(numbers):
        return _bad(ns, f"numbers {numbers!r} is not one international number, digits only",
                    32, "Invalid number format.")
    message = form.get("message", "")
    if not message:
        return _bad(ns, "message missing", 5, "No message content.")
    if len(message) > 765:
        return _bad(ns, "message longer than 765 characters", 6, "Message too long.")
    sender = form.get("sender")
    if sender is not None and not (
        re.fullmatch(r"[A-Za-z0-9 ]{3,11}", sender) and re.search(r"[A-Za-z]", sender)
        or re.fullmatch(r"[0-9]{3,13}", sender)
    ):
        return _bad(ns, f"sender {sender!r} breaks the 3-11 alphanumeric / 13 digit rule",
                    43, "Invalid sender name.")
    custom = form.get("custom", "")
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", custom):
        return _bad(ns, "custom reference missing or not a plain reference", 5,
                    "No message content.")
    receipt_url = form.get("receipt_url")
    if receipt_url is not None:
        if not _common.is_absolute_url(receipt_url):
            return _bad(ns, "receipt_url is not an absolute URL", 5, "No message content.")
    if numbers.endswith("0007"):
        return failure(7, "Insufficient credits.")
    if numbers.endswith("0192"):
        return failure(192, "You cannot send message at this time.")
    seq = ns.next_id()
    message_id = str(1151346000 + seq)
    ns.accepted({"id": custom, "textlocal_id": message_id, "number": numbers,
                 "sender": sender, "receipt_url": receipt_url})
    return Response(200, {
        "balance": 1162 - seq, "batch_id": 123456000 + seq, "cost": 1, "num_messages": 1,
        "message": {"num_parts": 1, "sender": sender or "TXTLCL", "content": message},
        "receipt_url": receipt_url or "", "custom": custom,
        "messages": [{"id": message_id, "recipient": int(numbers)}],
        "status": "success",
    })


def receipt(ns, message, status, url):
    """The receipt Textlocal POSTs to the receipt URL: a plain form, no signature."""
    return _common.form_post({
        "number": message["number"], "status": STATUS_LETTER[status],
        "customID": message["id"], "datetime": _common.utc_now(),
    })
