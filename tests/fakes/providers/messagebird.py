"""Loopback fake of Bird/MessageBird: SMS API (POST /messages), Voice Messaging API
(POST /voicemessages) and Conversations API (POST /v1/send), as documented at
https://developers.messagebird.com/api/sms-messaging/, .../docs/voice-messaging and
.../api/conversations/ (see docs/providers/messagebird.md).

Every request is checked against the documented shape: `Authorization: AccessKey <key>`,
`Accept: application/json`, a JSON body with the documented fields only, originator rules
(a number, or an alphanumeric name of at most 11 characters), MSISDN recipients, report URLs,
voice languages/voices/repeat/ifMachine, and the WhatsApp HSM template object. Breaks are
recorded as violations and answered with the documented `{"errors": [...]}` body.

Delivery reports are signed as MessageBird signs them: `MessageBird-Signature-JWT`, an HS256
JWT with claims iss=MessageBird, nbf, exp, jti, url_hash (SHA-256 hex of the full URL) and
payload_hash (SHA-256 hex of the body, when there is one). SMS and voice reports are GET
requests with the report in the query, which the server's POST-only receipt scheduler cannot
send, so `GET <base>/_report?id=&status=&url=&now=` (a test helper, not a MessageBird path)
returns the signed request as JSON {method, url, headers, body} for the test to replay.
"""
import base64
import hashlib
import hmac
import json
import re
import time
import urllib.parse
import uuid

NAME = "messagebird"
ACCESS_KEY = "test_fakeMessageBirdKey01"
SIGNING_KEY = "fake-messagebird-signing-key"

VOICE_LANGUAGES = {
    "cy-gb", "da-dk", "de-de", "el-gr", "en-au", "en-gb", "en-gb-wls", "en-in", "en-us", "es-es",
    "es-mx", "es-us", "fr-ca", "fr-fr", "id-id", "is-is", "it-it", "ja-jp", "ko-kr", "ms-my",
    "nb-no", "nl-nl", "pl-pl", "pt-br", "pt-pt", "ro-ro", "ru-ru", "sv-se", "ta-in", "th-th",
    "tr-tr", "vi-vn", "zh-cn", "zh-hk",
}
SMS_FIELDS = {"originator", "body", "recipients", "groupIds", "type", "reference", "reportUrl",
              "validity", "gateway", "typeDetails", "datacoding", "mclass", "scheduledDatetime",
              "shortenUrls"}
VOICE_FIELDS = {"originator", "body", "recipients", "groupIds", "reference", "reportUrl",
                "language", "voice", "repeat", "ifMachine", "machineTimeout", "scheduledDatetime"}
SEND_FIELDS = {"to", "from", "type", "content", "reportUrl", "source", "tag", "fallback"}
ERRORS = {
    2: "Request not allowed (incorrect access_key)",
    9: "missing params",
    10: "invalid params",
    20: "not found",
    21: "bad request",
    25: "not enough balance",
    98: "API not found",
    99: "internal error",
}



def Response(*args, **kwargs):  # noqa: N802 (stands for the server's class)
    """A server.Response: the server runs as __main__ and loads this module from a file."""
    import sys
    cls = getattr(sys.modules.get("__main__"), "Response", None)
    if cls is None:
        import server
        cls = server.Response
    return cls(*args, **kwargs)


def _errors(status, code, parameter=None):
    return Response(status, {"errors": [{"code": code, "description": ERRORS[code],
                                         "parameter": parameter}]})


def error(status):
    """The documented error answer for an HTTP status (scripted failures)."""
    if status == 401:
        return _errors(401, 2, "access_key")
    if status == 402:
        return _errors(402, 25)
    if status == 404:
        return _errors(404, 20)
    if status == 422:
        return _errors(422, 9, "recipients")
    if status == 429:
        return Response(429, {"errors": [{"code": 429, "description": "Too Many Requests",
                                          "parameter": None}]})
    if status >= 500:
        return _errors(status, 99)
    return _errors(status, 21)


def _is_report_url(url):
    return isinstance(url, str) and (url.startswith("https://")
                                     or url.startswith("http://127.0.0.1:")
                                     or url.startswith("http://localhost:"))


def _originator_ok(o, number_only):
    if not isinstance(o, str) or not o:
        return False
    if re.fullmatch(r"\+?[0-9]{3,17}", o):
        return True
    if number_only:
        return False
    return len(o) <= 11 and re.fullmatch(r"[A-Za-z0-9 ]+", o) and re.search(r"[A-Za-z]", o)


def _recipients_ok(r):
    return (isinstance(r, list) and 1 <= len(r) <= 50
            and all(re.fullmatch(r"[1-9][0-9]{5,14}", str(x)) for x in r))


def _check_common(body, ns, fields, number_only):
    bad = sorted(set(body) - fields)
    if bad:
        ns.violation(f"undocumented fields {bad}")
        return _errors(422, 10, bad[0])
    for key in ("originator", "body", "recipients"):
        if key not in body:
            ns.violation(f"missing {key}")
            return _errors(422, 9, key)
    if not _originator_ok(body["originator"], number_only):
        ns.violation("originator must be a number (or, for SMS, an alphanumeric name <= 11)")
        return _errors(422, 10, "originator")
    if not _recipients_ok(body["recipients"]):
        ns.violation("recipients must be 1-50 MSISDNs (digits, country code, no '+')")
        return _errors(422, 10, "recipients")
    if not isinstance(body["body"], str) or not body["body"]:
        ns.violation("body must be a non-empty string")
        return _errors(422, 10, "body")
    ref = body.get("reference")
    if ref is not None and (not isinstance(ref, str) or not 0 < len(ref) <= 128):
        ns.violation("reference must be a string of at most 128 characters")
        return _errors(422, 10, "reference")
    if "reportUrl" in body:
        if not _is_report_url(body["reportUrl"]):
            ns.violation("reportUrl must be an https URL")
            return _errors(422, 10, "reportUrl")
        if ref is None:
            ns.violation("reportUrl without reference: MessageBird sends no status report")
    return None


def _message_object(ns, kind, body):
    mid = uuid.uuid4().hex
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    recipients = [{"recipient": int(r), "status": "sent" if kind == "sms" else "calling",
                   "statusDatetime": now} for r in body["recipients"]]
    obj = {"id": mid, "href": f"https://rest.messagebird.com/{'messages' if kind == 'sms' else 'voicemessages'}/{mid}",
           "originator": body["originator"], "body": body["body"],
           "reference": body.get("reference"), "scheduledDatetime": None, "createdDatetime": now,
           "recipients": {"totalCount": len(recipients), "totalSentCount": len(recipients),
                          "totalDeliveredCount": 0, "totalDeliveryFailedCount": 0,
                          "items": recipients}}
    if kind == "sms":
        obj.update({"direction": "mt", "type": "sms", "validity": body.get("validity"),
                    "gateway": 10, "typeDetails": {}, "datacoding": body.get("datacoding", "plain"),
                    "mclass": 1})
    else:
        obj.update({"language": body.get("language", "en-gb"), "voice": body.get("voice", "female"),
                    "repeat": body.get("repeat", 1), "ifMachine": body.get("ifMachine", "delay")})
    ns.accepted({"id": mid, "channel": kind, "to": str(body["recipients"][0]),
                 "reference": body.get("reference"), "report_url": body.get("reportUrl"),
                 "text": body["body"]})
    return Response(201, obj)


def _sms(body, ns):
    bad = _check_common(body, ns, SMS_FIELDS, number_only=False)
    if bad:
        return bad
    if "validity" in body and (not isinstance(body["validity"], int) or body["validity"] < 1):
        ns.violation("validity must be a positive number of seconds")
        return _errors(422, 10, "validity")
    if body.get("datacoding", "plain") not in ("plain", "unicode", "auto"):
        ns.violation("datacoding must be plain, unicode or auto")
        return _errors(422, 10, "datacoding")
    return _message_object(ns, "sms", body)


def _voice(body, ns):
    bad = _check_common(body, ns, VOICE_FIELDS, number_only=True)
    if bad:
        return bad
    if len(body["body"]) > 1000:
        ns.violation("voice body is over 1000 characters")
        return _errors(422, 10, "body")
    if body.get("language", "en-gb") not in VOICE_LANGUAGES:
        ns.violation("language is not a documented text-to-speech language")
        return _errors(422, 10, "language")
    if body.get("voice", "female") not in ("male", "female"):
        ns.violation("voice must be male or female")
        return _errors(422, 10, "voice")
    repeat = body.get("repeat", 1)
    if not isinstance(repeat, int) or not 1 <= repeat <= 10:
        ns.violation("repeat must be 1-10")
        return _errors(422, 10, "repeat")
    if body.get("ifMachine", "delay") not in ("continue", "delay", "hangup"):
        ns.violation("ifMachine must be continue, delay or hangup")
        return _errors(422, 10, "ifMachine")
    return _message_object(ns, "voice", body)


def _send(body, ns):
    bad = sorted(set(body) - SEND_FIELDS)
    if bad:
        ns.violation(f"undocumented fields {bad}")
        return _errors(400, 21, bad[0])
    to, frm = body.get("to"), body.get("from")
    if not isinstance(to, str) or not re.fullmatch(r"\+[1-9][0-9]{5,14}", to):
        ns.violation("to must be a +E.164 number")
        return _errors(400, 21, "to")
    if not isinstance(frm, str) or not re.fullmatch(r"[0-9A-Za-z-]{1,64}", frm):
        ns.violation("from must be a channel id")
        return _errors(400, 21, "from")
    if "reportUrl" in body and not _is_report_url(body["reportUrl"]):
        ns.violation("reportUrl must be an https URL")
        return _errors(400, 21, "reportUrl")
    content = body.get("content")
    if body.get("type") == "hsm":
        hsm = content.get("hsm") if isinstance(content, dict) else None
        lang = hsm.get("language") if isinstance(hsm, dict) else None
        params = hsm.get("params") if isinstance(hsm, dict) else None
        ok = (isinstance(hsm, dict) and isinstance(hsm.get("namespace"), str) and hsm["namespace"]
              and isinstance(hsm.get("templateName"), str)
              and re.fullmatch(r"[a-z0-9_]+", hsm["templateName"])
              and isinstance(lang, dict) and lang.get("policy") in ("deterministic", "fallback")
              and isinstance(lang.get("code"), str)
              and re.fullmatch(r"[a-z]{2}(_[A-Za-z]{2,4})?", lang["code"])
              and isinstance(params, list)
              and all(isinstance(p, dict) and isinstance(p.get("default"), str) for p in params))
        if not ok:
            ns.violation("content.hsm must have namespace, templateName, language{policy,code}, "
                         "params[{default}]")
            return _errors(400, 21, "content")
        sent = {"template": hsm["templateName"], "code": params[0]["default"] if params else None}
    elif body.get("type") == "text":
        if not isinstance(content, dict) or not isinstance(content.get("text"), str):
            ns.violation("content.text must be a string")
            return _errors(400, 21, "content")
        sent = {"text": content["text"]}
    else:
        ns.violation("type must be hsm (or text)")
        return _errors(400, 21, "type")
    mid = uuid.uuid4().hex
    ns.accepted({"id": mid, "channel": "whatsapp", "to": to, "from": frm,
                 "report_url": body.get("reportUrl"), **sent})
    return Response(202, {"id": mid, "status": "accepted", "fallback": None})


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(url, body, now, key=SIGNING_KEY):
    """The MessageBird-Signature-JWT for a request to `url` with `body` at Unix time `now`."""
    claims = {"iss": "MessageBird", "nbf": int(now), "exp": int(now) + 60,
              "jti": str(uuid.uuid4()), "url_hash": hashlib.sha256(url.encode()).hexdigest()}
    if body:
        claims["payload_hash"] = hashlib.sha256(body).hexdigest()
    head = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(key.encode(), f"{head}.{payload}".encode(), hashlib.sha256).digest()
    return f"{head}.{payload}.{_b64url(mac)}"


def report(message, status, url, now):
    """The documented status report for `message`: (method, url, headers, body)."""
    if message["channel"] == "whatsapp":
        body = json.dumps({"type": "message.updated",
                           "message": {"id": message["id"], "channelId": message["from"],
                                       "to": message["to"], "status": status,
                                       "type": "hsm", "platform": "whatsapp"}}).encode()
        return "POST", url, {"Content-Type": "application/json",
                             "MessageBird-Signature-JWT": sign(url, body, now)}, body
    fields = [("id", message["id"]), ("reference", message.get("reference") or ""),
              ("recipient", message["to"]), ("status", status),
              ("statusDatetime", time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now)))]
    if status == "delivery_failed":
        fields += [("statusReason", "unknown subscriber"), ("statusErrorCode", "1")]
    full = url + ("&" if "?" in url else "?") + urllib.parse.urlencode(fields)
    return "GET", full, {"MessageBird-Signature-JWT": sign(full, b"", now)}, b""


def receipt(ns, message, status, url):
    """Server-scheduled receipts are POSTs: only Conversations (WhatsApp) reports are."""
    if message["channel"] != "whatsapp":
        raise ValueError("MessageBird SMS/voice status reports are GET requests; use /_report")
    _, _, headers, body = report(message, status, url, time.time())
    return headers, body


def _report_helper(req, ns):
    q = dict(req.query)
    with ns.lock:
        found = [m for m in ns.messages if m["id"] == q.get("id")]
    if not found:
        return Response(404, {"error": "no such message"})
    method, url, headers, body = report(found[0], q["status"], q["url"],
                                        float(q.get("now") or time.time()))
    return Response(200, {"method": method, "url": url, "headers": headers,
                          "body": body.decode()})


def handle(req, ns):
    if req.path == "/_report" and req.method == "GET":
        return _report_helper(req, ns)
    auth = req.header("authorization") or ""
    if not auth.startswith("AccessKey ") or not auth[len("AccessKey "):]:
        ns.violation("Authorization must be 'AccessKey <access key>'")
        return error(401)
    if auth[len("AccessKey "):] != ACCESS_KEY:
        return error(401)  # a well-formed but wrong key: the documented answer, no violation
    if "application/json" not in (req.header("accept") or ""):
        ns.violation("Accept must be application/json")
    if not (req.header("content-type") or "").startswith("application/json"):
        ns.violation("Content-Type must be application/json")
        return _errors(400, 21)
    try:
        body = req.json()
    except ValueError:
        ns.violation("body is not JSON")
        return _errors(400, 21)
    if not isinstance(body, dict):
        ns.violation("body is not a JSON object")
        return _errors(400, 21)
    route = (req.method, req.path)
    if route == ("POST", "/messages"):
        return _sms(body, ns)
    if route == ("POST", "/voicemessages"):
        return _voice(body, ns)
    if route == ("POST", "/v1/send"):
        return _send(body, ns)
    ns.violation(f"no such endpoint {req.method} {req.path}")
    return _errors(404, 98)
