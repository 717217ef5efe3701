"""Loopback fake of SleekFlow's platform API for WhatsApp: POST /api/message/send/json with
`X-Sleekflow-Api-Key` (see docs/providers/sleekflow.md for the sources and what could not be
confirmed).

Checks every request against the documented shape: the API key header (never the legacy
`?apikey=` query, which would put the key in logs), a JSON object body with the documented
fields only, `channel` "whatsappcloudapi", `from`/`to` as digits with a country code and no
`+`, `messageType` "template" with `extendedMessage.whatsappCloudApiTemplateMessageObject`
(`templateName`, `language`, `components` of body/header/button with text parameters), or
"text" with `messageContent`. Breaks are violations, answered 400.

A `from` that is not the fake account's channel number (CHANNEL_NUMBER) is answered like an
unknown channel (400), without a violation: it is a configuration error a test may provoke.

Receipts: SleekFlow signs no webhook, so `receipt()` posts the message object with its new
status and no signature header; the receiving side authenticates it by the secret token the
test put in the webhook URL's query.
"""
import json
import re
import time
import uuid

NAME = "sleekflow"
API_KEY = "sf-fake-platform-api-key-0001"
CHANNEL_NUMBER = "85252226066"
FIELDS = {"channel", "from", "to", "messageType", "messageContent", "extendedMessage",
          "analyticTags", "fileURLs", "messageTag"}


def Response(*args, **kwargs):  # noqa: N802 (stands for the server's class)
    """A server.Response: the server runs as __main__ and loads this module from a file."""
    import sys
    cls = getattr(sys.modules.get("__main__"), "Response", None)
    if cls is None:
        import server
        cls = server.Response
    return cls(*args, **kwargs)


def _fail(status, message):
    return Response(status, {"code": status, "message": message})


def error(status):
    """The error answer for a scripted failure status."""
    messages = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
                429: "Too many requests", 500: "Internal server error",
                503: "Service unavailable"}
    headers = {"Retry-After": "1"} if status == 429 else {}
    return Response(status, {"code": status, "message": messages.get(status, "Error")},
                    headers=headers)


def _template_ok(t):
    if not isinstance(t, dict):
        return False
    if not (isinstance(t.get("templateName"), str) and re.fullmatch(r"[a-z0-9_]+", t["templateName"])):
        return False
    if not (isinstance(t.get("language"), str)
            and re.fullmatch(r"[a-z]{2}(_[A-Za-z0-9]{2,4})?", t["language"])):
        return False
    comps = t.get("components", [])
    if not isinstance(comps, list):
        return False
    for c in comps:
        if not isinstance(c, dict) or c.get("type") not in ("header", "body", "button"):
            return False
        if c["type"] == "button" and (c.get("sub_type") not in ("url", "quick_reply")
                                      or not isinstance(c.get("index"), int)):
            return False
        params = c.get("parameters", [])
        if not isinstance(params, list) or not all(
                isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
                for p in params):
            return False
    return True


def handle(req, ns):
    if any(k.lower() == "apikey" for k, _ in req.query):
        ns.violation("API key in the URL query; it belongs in X-Sleekflow-Api-Key")
    key = req.header("x-sleekflow-api-key")
    if not key:
        ns.violation("X-Sleekflow-Api-Key header missing")
        return error(401)
    if key != API_KEY:
        return error(401)  # a wrong key: the documented answer, no violation
    if (req.method, req.path) != ("POST", "/api/message/send/json"):
        ns.violation(f"no such endpoint {req.method} {req.path}")
        return error(404)
    if not (req.header("content-type") or "").startswith("application/json"):
        ns.violation("Content-Type must be application/json")
        return _fail(400, "Content-Type must be application/json")
    try:
        body = req.json()
    except ValueError:
        ns.violation("body is not JSON")
        return _fail(400, "Invalid JSON")
    if not isinstance(body, dict):
        ns.violation("body is not a JSON object")
        return _fail(400, "Invalid body")
    bad = sorted(set(body) - FIELDS)
    if bad:
        ns.violation(f"undocumented fields {bad}")
        return _fail(400, f"Unknown field {bad[0]}")
    if body.get("channel") != "whatsappcloudapi":
        ns.violation("channel must be whatsappcloudapi")
        return _fail(400, "Invalid channel")
    for k in ("from", "to"):
        if not isinstance(body.get(k), str) or not re.fullmatch(r"[1-9][0-9]{5,14}", body[k]):
            ns.violation(f"{k} must be digits with the country code and no '+'")
            return _fail(400, f"Invalid {k}")
    if body["from"] != CHANNEL_NUMBER:
        return _fail(400, "Channel not found for the from number")
    kind = body.get("messageType")
    if kind == "template":
        ext = body.get("extendedMessage")
        tpl = None
        if isinstance(ext, dict):
            tpl = ext.get("whatsappCloudApiTemplateMessageObject",
                          ext.get("WhatsappCloudApiTemplateMessageObject"))
        if not _template_ok(tpl):
            ns.violation("extendedMessage.whatsappCloudApiTemplateMessageObject must have "
                         "templateName, language and text-parameter components")
            return _fail(400, "Invalid template message")
        code = None
        for c in tpl.get("components", []):
            if c["type"] == "body" and c.get("parameters"):
                code = c["parameters"][0]["text"]
        sent = {"template": tpl["templateName"], "language": tpl["language"], "code": code,
                "components": tpl.get("components", [])}
    elif kind == "text":
        if not isinstance(body.get("messageContent"), str) or not body["messageContent"]:
            ns.violation("a text message needs messageContent")
            return _fail(400, "messageContent required")
        sent = {"text": body["messageContent"]}
    else:
        ns.violation("messageType must be template (or text)")
        return _fail(400, "Invalid messageType")
    numeric = ns.next_id() + 100000
    unique = uuid.uuid4().hex
    message = {"id": numeric, "conversationId": uuid.uuid4().hex, "messageUniqueID": unique,
               "channel": "whatsappcloudapi", "messageType": kind,
               "messageContent": body.get("messageContent"), "status": "Sending",
               "isSentFromSleekflow": True, "channelStatusMessage": None,
               "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    ns.accepted({"id": unique, "numeric_id": numeric, "to": body["to"], "from": body["from"],
                 **sent})
    return Response(200, message)


def receipt(ns, message, status, url):
    """The status-update webhook for `message`: the message object, unsigned."""
    body = {"id": message["numeric_id"], "messageUniqueID": message["id"],
            "channel": "whatsappcloudapi", "messageType": "template", "status": status,
            "isSentFromSleekflow": True,
            "channelStatusMessage": "(#131026) Message undeliverable" if status == "Failed" else None,
            "updatedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    return {"Content-Type": "application/json"}, json.dumps(body).encode()
