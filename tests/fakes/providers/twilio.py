"""Fake Twilio: Programmable Messaging (SMS, WhatsApp) and Calls with inline TwiML.

Checks every request against Twilio's documented shape and answers as Twilio documents:
  POST /2010-04-01/Accounts/{AccountSid}/Messages.json   (twilio.com/docs/messaging/api/message-resource)
  POST /2010-04-01/Accounts/{AccountSid}/Calls.json      (twilio.com/docs/voice/api/call-resource)
  - HTTP basic auth AccountSid:AuthToken or ApiKeySid:ApiKeySecret (twilio.com/docs/iam/api-keys)
  - application/x-www-form-urlencoded body, known parameters only, each once
  - To/From in E.164 (SMS From may also be a short code or an alphanumeric sender id:
    up to 11 of A-Z a-z 0-9 space + - & _, at least one letter); WhatsApp To and From both
    "whatsapp:+E164" (error 21910 when the channels differ)
  - Body (<= 1600 characters) or ContentSid (HX + 32 hex) with ContentVariables, a JSON
    object; an authentication template takes exactly one variable, the code, < 15 characters
  - Calls: Twiml, a <Response> holding <Say> (<= 4000 characters)
  - StatusCallback: an absolute http(s) URL
Twilio's test-credential magic numbers give the documented errors: To +15005550001 -> 21211,
+15005550002 -> 21612, +15005550003 -> 21408, +15005550004 -> 21610, +15005550009 -> 21614;
From +15005550001 -> 21212.
Receipts are the documented status callbacks (form POST: MessageSid/MessageStatus/ErrorCode or
CallSid/CallStatus), signed with X-Twilio-Signature = base64(HMAC-SHA1(auth token, URL +
sorted name/value pairs)).
"""
import base64
import hashlib
import hmac
import json
import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

NAME = "twilio"

# The credentials the tests configure the adapter with.
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "fake-twilio-auth-token-0123456789"
API_KEY_SID = "SK0123456789abcdef0123456789abcdef"
API_KEY_SECRET = "fake-twilio-api-key-secret"

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
SHORT_CODE = re.compile(r"^[0-9]{3,8}$")
ALPHA = re.compile(r"^[A-Za-z0-9 +\-&_]{1,11}$")
CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")
MESSAGE_PARAMS = {"To", "From", "Body", "StatusCallback", "ContentSid", "ContentVariables",
                  "MessagingServiceSid", "ValidityPeriod", "ApplicationSid", "MaxPrice",
                  "ProvideFeedback", "Attempt", "ForceDelivery", "SmartEncoded", "ShortenUrls"}
CALL_PARAMS = {"To", "From", "Twiml", "Url", "Method", "StatusCallback", "StatusCallbackEvent",
               "StatusCallbackMethod", "Timeout", "MachineDetection", "Record", "CallerId"}
MAGIC_TO = {"+15005550001": 21211, "+15005550002": 21612, "+15005550003": 21408,
            "+15005550004": 21610, "+15005550009": 21614}
MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    20503: "Service Unavailable",
    21201: "No 'To' number is specified",
    21205: "Url parameter is required",
    21210: "'From' phone number not verified",
    21211: "Invalid 'To' Phone Number",
    21212: "Invalid 'From' Number",
    21213: "No 'From' number is specified",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
    21602: "Message body is required",
    21604: "'To' phone number is required to send a Message",
    21609: "Invalid StatusCallback",
    21610: "Attempt to send to unsubscribed recipient",
    21612: "The 'To' phone number is not currently reachable via SMS",
    21614: "'To' number is not a valid mobile number",
    21617: "The concatenated message body exceeds the 1600 character limit",
    21656: "The ContentVariables Parameter is invalid",
    21910: "Invalid From and To pair. From and To should be of the same channel",
    12100: "Document parse failure",
    22001: "Unknown parameter",
}


def _body(code, status):
    return {"code": code, "message": MESSAGES.get(code, "Error"),
            "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}


def _response_class():
    """server.Response (the server runs as __main__ and loads this module)."""
    import sys
    main = sys.modules.get("__main__")
    return getattr(main, "Response", None) or __import__("server").Response


def error(status):
    """The documented error body for a scripted failure status."""
    code = {401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503}.get(status, 20500)
    headers = {"Retry-After": "1"} if status == 429 else {}
    return _response_class()(status, _body(code, status), headers=headers)


def _fail(ns, status, code, what):
    """A documented error answer that is also a violation (otpkit must never cause it)."""
    ns.violation(what)
    return _response_class()(status, _body(code, status))


def _check_auth(req, ns, account):
    auth = req.header("authorization") or ""
    if not auth.startswith("Basic "):
        return _fail(ns, 401, 20003, "no HTTP basic Authorization header")
    try:
        user, _, password = base64.b64decode(auth[6:], validate=True).decode().partition(":")
    except Exception:
        return _fail(ns, 401, 20003, "Authorization is not base64(user:password)")
    if user == account and hmac.compare_digest(password, AUTH_TOKEN):
        return None
    if user == API_KEY_SID and hmac.compare_digest(password, API_KEY_SECRET):
        return None
    return _fail(ns, 401, 20003, f"wrong credentials for user {user!r}")


def _parse_form(req, ns, allowed):
    ctype = (req.header("content-type") or "").split(";")[0].strip()
    if ctype != "application/x-www-form-urlencoded":
        return None, _fail(ns, 400, 21602, f"Content-Type {ctype!r}, not a form")
    raw = req.body.decode("utf-8")
    pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True, strict_parsing=bool(raw))
    form = {}
    for k, v in pairs:
        if k in form:
            return None, _fail(ns, 400, 22001, f"parameter {k} given twice")
        if k not in allowed:
            return None, _fail(ns, 400, 22001, f"unknown parameter {k}")
        form[k] = v
    # A literal '+' in the raw body is a space to Twilio: numbers must arrive percent-encoded.
    for k in ("To", "From"):
        if k in form and form[k].startswith(" "):
            return None, _fail(ns, 400, 21211 if k == "To" else 21212,
                               f"{k} has '+' unencoded (read as a space)")
    return form, None


def _check_callback(form, ns):
    cb = form.get("StatusCallback")
    if cb is None:
        return None
    u = urllib.parse.urlsplit(cb)
    if u.scheme not in ("http", "https") or not u.hostname or "_" in u.hostname:
        return _fail(ns, 400, 21609, f"StatusCallback {cb!r} is not a valid URL")
    return None


def _message(req, ns, account):
    form, bad = _parse_form(req, ns, MESSAGE_PARAMS)
    if bad:
        return bad
    to, frm = form.get("To"), form.get("From")
    if not to:
        return _fail(ns, 400, 21604, "To missing")
    if not frm:
        return _fail(ns, 400, 21213, "From missing")
    wa_to, wa_from = to.startswith("whatsapp:"), frm.startswith("whatsapp:")
    if wa_to != wa_from:
        return _fail(ns, 400, 21910, "To and From are on different channels")
    channel = "whatsapp" if wa_to else "sms"
    to_num = to[len("whatsapp:"):] if wa_to else to
    from_id = frm[len("whatsapp:"):] if wa_from else frm
    if not E164.match(to_num):
        return _fail(ns, 400, 21211, f"To {to!r} is not E.164")
    if channel == "whatsapp":
        if not E164.match(from_id):
            return _fail(ns, 400, 21212, "WhatsApp From must be whatsapp:+E164")
    elif not (E164.match(from_id) or SHORT_CODE.match(from_id)
              or (ALPHA.match(from_id) and re.search(r"[A-Za-z]", from_id))):
        return _fail(ns, 400, 21212, f"From {frm!r} is not a number, short code or sender id")
    bad = _check_callback(form, ns)
    if bad:
        return bad
    body, content = form.get("Body"), form.get("ContentSid")
    code = None
    if content is not None:
        if channel != "whatsapp":
            return _fail(ns, 400, 21656, "ContentSid used outside WhatsApp (otpkit sends none)")
        if not CONTENT_SID.match(content):
            return _fail(ns, 400, 21656, "ContentSid is not HX + 32 hex digits")
        try:
            variables = json.loads(form.get("ContentVariables", ""))
        except ValueError:
            return _fail(ns, 400, 21656, "ContentVariables is not JSON")
        if (not isinstance(variables, dict) or list(variables) != ["1"]
                or not isinstance(variables["1"], str) or not variables["1"]
                or len(variables["1"]) >= 15):
            return _fail(ns, 400, 21656,
                         "authentication template takes exactly {\"1\": code < 15 chars}")
        if body is not None:
            return _fail(ns, 400, 21656, "Body and ContentSid both given")
        code = variables["1"]
    elif "ContentVariables" in form:
        return _fail(ns, 400, 21656, "ContentVariables without ContentSid")
    elif not body:
        return _fail(ns, 400, 21602, "Body missing")
    elif len(body) > 1600:
        return _fail(ns, 400, 21617, "Body over 1600 characters")
    if to_num in MAGIC_TO:
        return _response_class()(400, _body(MAGIC_TO[to_num], 400))
    if from_id == "+15005550001":
        return _response_class()(400, _body(21212, 400))
    sid = "SM" + uuid.uuid4().hex
    ns.accepted({"id": sid, "kind": "message", "channel": channel, "to": to, "from": frm,
                 "body": body, "code": code, "content_sid": content,
                 "status_callback": form.get("StatusCallback"), "account": account})
    return _response_class()(201, {
        "account_sid": account, "api_version": "2010-04-01", "body": body or "",
        "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": None,
        "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api",
        "error_code": None, "error_message": None, "from": frm, "messaging_service_sid": None,
        "num_media": "0", "num_segments": "1", "price": None, "price_unit": "USD",
        "sid": sid, "status": "queued", "subresource_uris": {
            "media": f"/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"},
        "to": to, "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json"})


def _call(req, ns, account):
    form, bad = _parse_form(req, ns, CALL_PARAMS)
    if bad:
        return bad
    to, frm = form.get("To"), form.get("From")
    if not to:
        return _fail(ns, 400, 21201, "To missing")
    if not frm:
        return _fail(ns, 400, 21213, "From missing")
    if not E164.match(to):
        return _fail(ns, 400, 21211, f"To {to!r} is not E.164")
    if not E164.match(frm):
        return _fail(ns, 400, 21212, "call From must be an E.164 number")
    bad = _check_callback(form, ns)
    if bad:
        return bad
    twiml = form.get("Twiml")
    if twiml is None:
        return _fail(ns, 400, 21205, "neither Twiml nor Url (otpkit sends Twiml)")
    if len(twiml) > 4000:
        return _fail(ns, 400, 12100, "Twiml over 4000 characters")
    try:
        root = ET.fromstring(twiml)
    except ET.ParseError as e:
        return _fail(ns, 400, 12100, f"Twiml is not XML: {e}")
    says = list(root)
    if root.tag != "Response" or not says or any(s.tag != "Say" for s in says):
        return _fail(ns, 400, 12100, "Twiml must be <Response> holding <Say> verbs")
    for s in says:
        if set(s.attrib) - {"voice", "language", "loop"}:
            return _fail(ns, 400, 12100, f"unknown <Say> attributes {sorted(s.attrib)}")
        if "loop" in s.attrib and not re.fullmatch(r"[0-9]+", s.attrib["loop"]):
            return _fail(ns, 400, 12100, "<Say loop> must be a number")
        if not (s.text or "").strip() or list(s):
            return _fail(ns, 400, 12100, "<Say> must hold plain text")
    spoken = " ".join(s.text for s in says)
    if to in MAGIC_TO:
        return _response_class()(400, _body(21211 if MAGIC_TO[to] == 21211 else 21215, 400))
    sid = "CA" + uuid.uuid4().hex
    ns.accepted({"id": sid, "kind": "call", "channel": "voice", "to": to, "from": frm,
                 "spoken": spoken, "language": says[0].attrib.get("language"),
                 "status_callback": form.get("StatusCallback"), "account": account})
    return _response_class()(201, {
        "account_sid": account, "annotation": None, "answered_by": None,
        "api_version": "2010-04-01", "caller_name": None, "date_created": None,
        "date_updated": None, "direction": "outbound-api", "duration": None,
        "end_time": None, "forwarded_from": None, "from": frm, "from_formatted": frm,
        "group_sid": None, "parent_call_sid": None, "phone_number_sid": None, "price": None,
        "price_unit": "USD", "sid": sid, "start_time": None, "status": "queued",
        "to": to, "to_formatted": to, "uri": f"/2010-04-01/Accounts/{account}/Calls/{sid}.json"})


PATH = re.compile(r"^/2010-04-01/Accounts/([^/]+)/(Messages|Calls)\.json$")


def handle(req, ns):
    m = PATH.match(req.path)
    if req.method != "POST" or not m:
        return _fail(ns, 404, 20404, f"{req.method} {req.path} is not a documented endpoint")
    account, resource = m.group(1), m.group(2)
    bad = _check_auth(req, ns, account)
    if bad:
        return bad
    if account != ACCOUNT_SID:
        return _fail(ns, 404, 20404, f"unknown account {account}")
    return _message(req, ns, account) if resource == "Messages" else _call(req, ns, account)


def signature(url, params, token=AUTH_TOKEN):
    data = url + "".join(k + v for k, v in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


# otpkit's generic names -> the status Twilio reports (message, call).
GENERIC = {"delivered": ("delivered", "completed"), "failed": ("undelivered", "no-answer"),
           "expired": ("failed", "no-answer"), "sent": ("sent", "in-progress")}


def receipt(ns, message, status, url):
    """The documented status callback for `message`, signed as Twilio signs it."""
    is_call = message.get("kind") == "call"
    status = GENERIC.get(status, (status, status))[1 if is_call else 0]
    if is_call:
        params = [("AccountSid", message["account"]), ("ApiVersion", "2010-04-01"),
                  ("CallSid", message["id"]), ("CallStatus", status), ("Called", message["to"]),
                  ("Caller", message["from"]), ("Direction", "outbound-api"),
                  ("From", message["from"]), ("To", message["to"]),
                  ("CallbackSource", "call-progress-events"), ("SequenceNumber", "0"),
                  ("Timestamp", "Thu, 24 Aug 2023 05:02:10 +0000")]
        if status == "completed":
            params += [("CallDuration", "12"), ("Duration", "1")]
    else:
        params = [("AccountSid", message["account"]), ("ApiVersion", "2010-04-01"),
                  ("From", message["from"]), ("MessageSid", message["id"]),
                  ("MessageStatus", status), ("SmsSid", message["id"]), ("SmsStatus", status),
                  ("To", message["to"])]
        if status in ("undelivered", "failed"):
            params.append(("ErrorCode", "30003" if status == "undelivered" else "30001"))
        if message["channel"] == "whatsapp":
            params.append(("ChannelPrefix", "whatsapp"))
    body = urllib.parse.urlencode(params).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "X-Twilio-Signature": signature(url, params),
               "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
               "User-Agent": "TwilioProxy/1.1"}
    return headers, body
