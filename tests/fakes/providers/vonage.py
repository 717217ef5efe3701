"""Fake Vonage: the Messages API (SMS, WhatsApp) and the Voice API (calls with a talk NCCO).

Checks every request against Vonage's documented shape and answers as Vonage documents:
  POST /v1/messages   (developer.vonage.com/en/api/messages)
  - Authorization: Basic base64(api_key:api_secret), or Bearer an application JWT (RS256 with
    the application's private key; claims application_id, iat, exp, unique jti)
  - Content-Type application/json; JSON object with documented keys only
  - message_type "text" (text <= 1000 characters) or "custom" (WhatsApp authentication
    template: template.name, language {policy "deterministic", code with "_"}, the code as
    the body parameter and as the url button parameter, index "0")
  - channel "sms" or "whatsapp"; to: 7-15 digits, no "+"; from: digits, or (SMS) an
    alphanumeric sender id of at most 11 characters without spaces (Vonage drops spaces)
  - client_ref <= 100 characters; webhook_url an absolute http(s) URL
  answer 202 {"message_uuid": ...}
  POST /v1/calls      (developer.vonage.com/en/api/voice)
  - Bearer application JWT only; to [{type phone, number}], from {type phone, number},
    ncco [{action talk, text <= 1500, language, style, loop}], event_url [url], event_method
  answer 201 {uuid, status "started", direction "outbound", conversation_uuid}
Errors are RFC 7807 bodies {type, title, detail, instance}. This fake's own triggers for the
documented errors: to 447700900998 -> 402 low-balance, to 447700900999 -> 422 #1160
(non-whitelisted destination), from "Blocked" -> 422 #1120 (illegal sender address).
Receipts are the documented status webhooks (message status, or voice call events) signed as
Vonage signs them: Authorization: Bearer <HS256 JWT with the signature secret> whose claims
carry iat, jti, iss, api_key, application_id and payload_hash = hex SHA-256 of the body.
"""
import base64
import hashlib
import hmac
import json
import re
import time
import urllib.parse
import uuid

NAME = "vonage"

# The credentials the tests configure the adapter with.
API_KEY = "abcd1234"
API_SECRET = "abcdef0123456789"
SIGNATURE_SECRET = "fake-vonage-signature-secret-0123456789"
APPLICATION_ID = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"
# The public half of the throwaway test key in core/src/delivery/providers/vonage_tests.rs.
RSA_N = int("C469DA3A167C4DD10859A1F8B7B0ECA1CA5089CEDAB33D78003FB7AA4184416D40F167E68546556F760D297015348EE57A486315B09DE273617CE1CB73B99CC0D904BCEC161C562AB7E148350F2BF47D918E8A57DE4FAB5004A6AD42BD7EA87ED0BD5E52E612F20BE98F41DF7DC2377A1DF9DF462A2508CC35DB306335DD1927043CE6205844B66890520965CC2E2D635F10D1DEC35A0A89899D8A0F1C8D5246F17B42740CE3D8D3F2B86A043BA354A8FC800BAD5B7EDF5A2ECF2337ECD8FCAA203F735C0F495989CE3BD06415D8C53E2BAA4AF155D74E898ACE645930AD37F6ED3DEFC036E8E63972514FC3FA1C10B48D68989BCF3067B9651CA72B0072DACB", 16)
RSA_E = 65537

DIGITS = re.compile(r"^[1-9][0-9]{6,14}$")
ALPHA = re.compile(r"^[A-Za-z0-9]{1,11}$")
LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MESSAGE_KEYS = {"message_type", "channel", "to", "from", "text", "client_ref", "webhook_url",
                "webhook_version", "ttl", "sms", "custom", "whatsapp", "context"}
CALL_KEYS = {"to", "from", "ncco", "event_url", "event_method", "answer_url", "random_from_number",
             "machine_detection", "length_timer", "ringing_timer", "advanced_machine_detection"}


def _response_class():
    """server.Response (the server runs as __main__ and loads this module)."""
    import sys
    main = sys.modules.get("__main__")
    return getattr(main, "Response", None) or __import__("server").Response


def _problem(status, kind, title, detail):
    base = "https://developer.vonage.com/api-errors"
    type_ = f"{base}/messages#{kind}" if kind[0].isdigit() else f"{base}#{kind}"
    return _response_class()(status, {"type": type_, "title": title, "detail": detail,
                                      "instance": uuid.uuid4().hex},
                             content_type="application/problem+json")


def error(status):
    """The documented error body for a scripted failure status."""
    if status == 401:
        return _problem(401, "unauthorized", "Unauthorized",
                        "You did not provide correct credentials.")
    if status == 429:
        return _problem(429, "1000", "Throttled",
                        "You have exceeded the submission capacity allowed on this account.")
    return _problem(status, "1030", "Internal error",
                    "There was an error processing your request in the Platform.")


def _fail(ns, status, kind, title, what):
    ns.violation(what)
    return _problem(status, kind, title, what)


def _b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def _b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def _rs256_ok(signing_input, sig):
    """RSASSA-PKCS1-v1_5 with SHA-256 against the test application's public key."""
    k = (RSA_N.bit_length() + 7) // 8
    if len(sig) != k:
        return False
    em = pow(int.from_bytes(sig, "big"), RSA_E, RSA_N).to_bytes(k, "big")
    t = SHA256_DIGEST_INFO + hashlib.sha256(signing_input).digest()
    return hmac.compare_digest(em, b"\x00\x01" + b"\xff" * (k - 3 - len(t)) + b"\x00" + t)


def _check_app_jwt(ns, token):
    """None when token is a valid application JWT, else the violation."""
    parts = token.split(".")
    if len(parts) != 3:
        return "Bearer token is not a JWT"
    try:
        header = json.loads(_b64d(parts[0]))
        claims = json.loads(_b64d(parts[1]))
        sig = _b64d(parts[2])
    except Exception:
        return "JWT parts are not base64url JSON"
    if header.get("alg") != "RS256":
        return f"application JWT alg {header.get('alg')!r}, not RS256"
    if not _rs256_ok(f"{parts[0]}.{parts[1]}".encode(), sig):
        return "application JWT signature does not verify with the application's key"
    if claims.get("application_id") != APPLICATION_ID:
        return "application_id claim is not the application's id"
    now = time.time()
    iat, exp, jti = claims.get("iat"), claims.get("exp"), claims.get("jti")
    if not isinstance(iat, int) or abs(iat - now) > 900:
        return "iat missing or not now"
    if exp is not None and (not isinstance(exp, int) or exp <= now):
        return "exp in the past"
    if not isinstance(jti, str) or not jti:
        return "jti missing"
    with ns.lock:
        seen = ns.__dict__.setdefault("vonage_jtis", set())
        if jti in seen:
            return "jti reused"
        seen.add(jti)
    return None


def _check_auth(req, ns, allow_basic):
    auth = req.header("authorization") or ""
    if auth.startswith("Basic ") and allow_basic:
        try:
            user, _, password = base64.b64decode(auth[6:], validate=True).decode().partition(":")
        except Exception:
            return _fail(ns, 401, "unauthorized", "Unauthorized", "Basic value is not base64")
        if user == API_KEY and hmac.compare_digest(password, API_SECRET):
            return None
        return _fail(ns, 401, "unauthorized", "Unauthorized", f"wrong credentials for {user!r}")
    if auth.startswith("Bearer "):
        bad = _check_app_jwt(ns, auth[7:].strip())
        return _fail(ns, 401, "unauthorized", "Unauthorized", bad) if bad else None
    return _fail(ns, 401, "unauthorized", "Unauthorized",
                 "no Basic (Messages) or Bearer application JWT Authorization header")


def _json_body(req, ns, keys):
    ctype = (req.header("content-type") or "").split(";")[0].strip()
    if ctype != "application/json":
        return None, _fail(ns, 415, "invalid-params", "Unsupported Media Type",
                           f"Content-Type {ctype!r}, not application/json")
    try:
        body = json.loads(req.body.decode("utf-8"))
    except ValueError:
        return None, _fail(ns, 400, "invalid-json", "Invalid JSON", "body is not JSON")
    if not isinstance(body, dict):
        return None, _fail(ns, 400, "invalid-json", "Invalid JSON", "body is not an object")
    unknown = set(body) - keys
    if unknown:
        return None, _fail(ns, 422, "1150", "Invalid params", f"unknown keys {sorted(unknown)}")
    return body, None


def _url_ok(u):
    p = urllib.parse.urlsplit(u) if isinstance(u, str) else None
    return bool(p and p.scheme in ("http", "https") and p.hostname)


def _invalid(ns, what):
    return _fail(ns, 422, "1150", "Invalid params", what)


def _check_template(ns, custom):
    try:
        assert custom["type"] == "template"
        t = custom["template"]
        assert set(t) == {"name", "language", "components"}
        assert isinstance(t["name"], str) and re.fullmatch(r"[a-z0-9_]+", t["name"])
        lang = t["language"]
        assert lang.get("policy") == "deterministic"
        assert re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang.get("code", "")), "code with _"
        body_c, button = t["components"]
        assert body_c["type"] == "body"
        assert button["type"] == "button" and button["sub_type"] == "url"
        assert button["index"] == "0"
        [p1], [p2] = body_c["parameters"], button["parameters"]
        assert p1["type"] == "text" and p2["type"] == "text"
        assert p1["text"] == p2["text"] and 0 < len(p1["text"]) <= 15
        return p1["text"], None
    except (AssertionError, KeyError, TypeError, ValueError) as e:
        return None, _invalid(ns, f"custom is not a WhatsApp authentication template: {e!r}")


def _message(req, ns):
    bad = _check_auth(req, ns, allow_basic=True)
    if bad:
        return bad
    body, bad = _json_body(req, ns, MESSAGE_KEYS)
    if bad:
        return bad
    channel, mtype = body.get("channel"), body.get("message_type")
    to, frm = body.get("to"), body.get("from")
    if channel not in ("sms", "whatsapp"):
        return _invalid(ns, f"channel {channel!r}")
    if not isinstance(to, str) or not DIGITS.match(to):
        return _invalid(ns, f"to {to!r} is not E.164 digits without +")
    if not isinstance(frm, str):
        return _invalid(ns, "from missing")
    if channel == "whatsapp" and not DIGITS.match(frm):
        return _invalid(ns, "WhatsApp from must be the business number's digits")
    if channel == "sms" and not (DIGITS.match(frm) or re.fullmatch(r"[0-9]{3,8}", frm)
                                 or (ALPHA.match(frm) and re.search(r"[A-Za-z]", frm))):
        return _invalid(ns, f"SMS from {frm!r} is not digits or an 11-character sender id"
                            " without spaces")
    ref = body.get("client_ref")
    if ref is not None and (not isinstance(ref, str) or len(ref) > 100):
        return _invalid(ns, "client_ref over 100 characters")
    if "webhook_url" in body and not _url_ok(body["webhook_url"]):
        return _invalid(ns, "webhook_url is not a URL")
    code = None
    if mtype == "text":
        text = body.get("text")
        if not isinstance(text, str) or not text or len(text) > 1000:
            return _invalid(ns, "text missing or over 1000 characters")
        if "custom" in body:
            return _invalid(ns, "custom with message_type text")
    elif mtype == "custom" and channel == "whatsapp":
        if "text" in body:
            return _invalid(ns, "text with message_type custom")
        code, bad = _check_template(ns, body.get("custom"))
        if bad:
            return bad
    else:
        return _invalid(ns, f"message_type {mtype!r} on {channel} (otpkit sends text/custom)")
    if to == "447700900998":
        return _problem(402, "low-balance", "Low balance",
                        "This request could not be performed due to your account balance being low.")
    if to == "447700900999":
        return _problem(422, "1160", "Non White-listed Destination",
                        "The phone number you set in to is not in your pre-approved destination list.")
    if frm == "Blocked":
        return _problem(422, "1120", "Illegal Sender Address - rejected",
                        "Due to local regulations, the SenderID you set in from was not accepted.")
    mid = str(uuid.uuid4())
    ns.accepted({"id": mid, "kind": "message", "channel": channel, "to": to, "from": frm,
                 "text": body.get("text"), "code": code, "client_ref": ref,
                 "webhook_url": body.get("webhook_url"),
                 "auth": (req.header("authorization") or "").split(" ")[0]})
    return _response_class()(202, {"message_uuid": mid})


def _call(req, ns):
    bad = _check_auth(req, ns, allow_basic=False)
    if bad:
        return bad
    body, bad = _json_body(req, ns, CALL_KEYS)
    if bad:
        return bad
    try:
        [to] = body["to"]
        assert to == {"type": "phone", "number": to.get("number")} and DIGITS.match(to["number"])
        frm = body["from"]
        assert frm == {"type": "phone", "number": frm.get("number")} and DIGITS.match(frm["number"])
        [talk] = body["ncco"]
        assert talk["action"] == "talk"
        assert set(talk) <= {"action", "text", "language", "style", "loop", "level", "bargeIn",
                             "premium"}
        assert isinstance(talk["text"], str) and 0 < len(talk["text"]) <= 1500
        assert LANG_TAG.match(talk.get("language", "en-US"))
        assert isinstance(talk.get("style", 0), int) and talk.get("style", 0) >= 0
        assert isinstance(talk.get("loop", 1), int) and 0 <= talk.get("loop", 1) <= 10
        if "event_url" in body:
            [ev] = body["event_url"]
            assert _url_ok(ev)
            assert body.get("event_method", "POST") in ("POST", "GET")
    except (AssertionError, KeyError, TypeError, ValueError) as e:
        return _fail(ns, 400, "invalid-params", "Bad Request", f"call body not as documented: {e!r}")
    cid = str(uuid.uuid4())
    ns.accepted({"id": cid, "kind": "call", "channel": "voice", "to": to["number"],
                 "from": frm["number"], "spoken": talk["text"], "language": talk.get("language"),
                 "loop": talk.get("loop"), "event_url": body.get("event_url")})
    return _response_class()(201, {"uuid": cid, "status": "started", "direction": "outbound",
                                   "conversation_uuid": "CON-" + str(uuid.uuid4())})


def handle(req, ns):
    if req.method == "POST" and req.path == "/v1/messages":
        return _message(req, ns)
    if req.method == "POST" and req.path == "/v1/calls":
        return _call(req, ns)
    return _fail(ns, 404, "not-found", "Not Found", f"{req.method} {req.path} is not documented")


def sign(body, iat=None, secret=SIGNATURE_SECRET):
    """Authorization header value for a webhook body, as Vonage signs it."""
    header = _b64e(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"iat": int(time.time()) if iat is None else iat, "jti": str(uuid.uuid4()),
              "iss": "Vonage", "payload_hash": hashlib.sha256(body).hexdigest(),
              "api_key": API_KEY, "application_id": APPLICATION_ID}
    payload = _b64e(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"Bearer {header}.{payload}.{_b64e(sig)}"


# otpkit's generic names -> what Vonage reports (message status, call event).
GENERIC = {"delivered": ("delivered", "completed"), "failed": ("rejected", "unanswered"),
           "expired": ("rejected", "timeout"), "sent": ("submitted", "ringing")}


def receipt(ns, message, status, url):
    """The documented status webhook (or call event) for message, signed as Vonage does."""
    is_call = message.get("kind") == "call"
    status = GENERIC.get(status, (status, status))[1 if is_call else 0]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    if is_call:
        event = {"uuid": message["id"], "conversation_uuid": "CON-" + str(uuid.uuid4()),
                 "status": status, "direction": "outbound", "timestamp": stamp,
                 "to": message["to"], "from": message["from"]}
        if status == "completed":
            event.update({"duration": "12", "rate": "0.01400000", "price": "0.00280000",
                          "start_time": stamp, "end_time": stamp, "network": "23410"})
    else:
        event = {"message_uuid": message["id"], "to": message["to"], "from": message["from"],
                 "timestamp": stamp, "status": status, "channel": message["channel"]}
        if message.get("client_ref"):
            event["client_ref"] = message["client_ref"]
        if status in ("rejected", "undeliverable"):
            event["error"] = {"type": "https://developer.vonage.com/api-errors/messages#1250",
                              "title": 1250, "detail": "Unroutable message",
                              "instance": uuid.uuid4().hex}
        if status in ("submitted", "delivered"):
            event["usage"] = {"currency": "EUR", "price": "0.0333"}
    body = json.dumps(event, separators=(",", ":")).encode()
    return {"Content-Type": "application/json", "Authorization": sign(body)}, body
