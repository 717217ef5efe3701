"""Fake of LabsMobile's JSON API (https://apidocs.labsmobile.com/): POST /json/send and the
delivery ACKs it sends to `ackurl`.

Checks every documented requirement of POST /json/send: HTTP basic auth (username:API token),
a JSON object body, `message` (GSM 03.38 up to 160 septets, or with "ucs2" up to 70
characters), `recipient` as a list of {"msisdn": digits with country code, no '+'/'00'},
`tpoa` (at most 11 alphanumeric characters or 14 digits), `ackurl` (absolute URL) and
`subid` (at most 20 characters). Answers the documented {"code", "message", "subid"} bodies.

Test credentials and triggers (documented here so tests can rely on them):
    USERNAME, API_TOKEN     the only accepted basic-auth pair (else HTTP 401)
    an msisdn ending in 35  code 35 "The account has no enough credit for this sending"
    an msisdn ending in 30  code 30 "There was an error while sending the message"
ACKs are POSTed as a form (acklevel, status, subid, msisdn, timestamp), unsigned, as
LabsMobile sends them (it also uses GET with the same fields in the query).
"""
import base64
import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402 (shared helpers; server.py skips files starting with '_')

Response = _common.Response

NAME = "labsmobile"
USERNAME = "ops@acme.example"
API_TOKEN = "lm-fake-token-0001"
ALLOWED = {"message", "tpoa", "recipient", "ackurl", "subid", "label", "test", "shortlink",
           "clickurl", "scheduled", "long", "crt", "crt_id", "crt_name", "ucs2", "nofilter",
           "parameters"}
GSM_BASIC = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
             "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = "^{}\\[~]|€\f"
# otpkit status -> (acklevel, status) of the ACK LabsMobile would send.
ACKS = {"delivered": ("handset", "ok"), "failed": ("handset", "error"),
        "expired": ("operator", "error"), "sent": ("operator", "ok"),
        "accepted": ("gateway", "ok")}


def result(code, message, status=200, **extra):
    return Response(status, dict({"code": str(code), "message": message}, **extra))


def error(status):
    return result(status, f"HTTP {status}", status)


def _bad(ns, what, code, message):
    ns.violation(what)
    return result(code, message, 400)


def septets(text):
    n = 0
    for c in text:
        if c in GSM_BASIC:
            n += 1
        elif c in GSM_EXTENSION:
            n += 2
        else:
            return None
    return n


def handle(req, ns):
    if req.path != "/json/send" or req.method != "POST":
        ns.violation(f"{req.method} {req.path} is not POST /json/send")
        return result(404, "Not found", 404)
    auth = req.header("authorization") or ""
    expected = base64.b64encode(f"{USERNAME}:{API_TOKEN}".encode()).decode()
    if auth != f"Basic {expected}":
        return result(401, "Unauthorized", 401)
    if not (req.header("content-type") or "").startswith("application/json"):
        return _bad(ns, "body is not application/json", 10, "Missing JSON data in request")
    try:
        body = _common.load_json(req)
    except ValueError:
        return _bad(ns, "body is not JSON", 11, "Badly formed JSON in request")
    if not isinstance(body, dict):
        return _bad(ns, "body is not a JSON object", 11, "Badly formed JSON in request")
    unknown = _common.unknown_fields(body, ALLOWED)
    if unknown:
        return _bad(ns, f"undocumented fields {unknown}", 11,
                    "Badly formed JSON in request")
    if "message" not in body:
        return _bad(ns, "message missing", 20, "The message element must be present in the request")
    message = body["message"]
    if not isinstance(message, str) or not message:
        return _bad(ns, "message empty", 21, "The message element cannot be empty")
    n = septets(message)
    if body.get("ucs2") is not None:
        if body["ucs2"] != "1" or len(message) > 70:
            return _bad(ns, "ucs2 message longer than 70 characters or ucs2 not \"1\"", 27,
                        "This message contained one or more invalid character(s)")
    elif n is None:
        return _bad(ns, "non-GSM characters without ucs2", 27,
                    "This message contained one or more invalid character(s)")
    elif n > 160:
        return _bad(ns, "GSM message longer than 160 septets", 27,
                    "This message contained one or more invalid character(s)")
    recipients = body.get("recipient")
    if not isinstance(recipients, list) or not recipients:
        return _bad(ns, "recipient missing or empty", 23, "There are no recipients")
    for r in recipients:
        if not (isinstance(r, dict) and set(r) == {"msisdn"} and isinstance(r["msisdn"], str)
                and _common.is_digits_number(r["msisdn"])):
            return _bad(ns, f"recipient {r!r} is not {{\"msisdn\": digits}}", 23,
                        "There are no recipients")
    tpoa = body.get("tpoa")
    if tpoa is not None and not (
        isinstance(tpoa, str) and (re.fullmatch(r"[0-9]{1,14}", tpoa)
                                   or re.fullmatch(r"[A-Za-z0-9 ]{1,11}", tpoa))
    ):
        return _bad(ns, f"tpoa {tpoa!r} breaks the 11 alphanumeric / 14 digit rule", 11,
                    "Badly formed JSON in request")
    ackurl = body.get("ackurl")
    if ackurl is not None:
        if not _common.is_absolute_url(ackurl):
            return _bad(ns, "ackurl is not an absolute URL", 11, "Badly formed JSON in request")
    subid = body.get("subid")
    if subid is not None and (not isinstance(subid, str) or len(subid) > 20):
        return _bad(ns, "subid longer than 20 characters", 28,
                    "Subid is exceeding maximum length")
    msisdn = recipients[0]["msisdn"]
    if msisdn.endswith("35"):
        return result(35, "The account has no enough credit for this sending")
    if msisdn.endswith("30"):
        return result(30, "There was an error while sending the message")
    subid = subid or secrets.token_hex(7)[:13]
    ns.accepted({"id": subid, "msisdn": msisdn, "tpoa": tpoa, "ackurl": ackurl,
                 "ucs2": body.get("ucs2")})
    return result(0, "Message has been successfully sent", subid=subid)


def receipt(ns, message, status, url):
    """The ACK LabsMobile sends to the ackurl (as a POST form; no signature)."""
    level, state = ACKS[status]
    return _common.form_post({
        "acklevel": level, "status": state, "subid": message["id"],
        "msisdn": message["msisdn"], "timestamp": _common.utc_now(),
    })
