#!/usr/bin/env python3
"""Regenerates the signed webhook vectors of tests/vectors/delivery.json for Vonage,
Bird/MessageBird and SleekFlow (their `configs` entries and `webhooks` cases), and gives every
webhook case a `unix_time` (the time the receipt is checked at). Python standard library only.

    python3 tests/vectors/gen_delivery_webhooks.py          # rewrite delivery.json
    python3 tests/vectors/gen_delivery_webhooks.py --check  # exit 1 if it is not up to date

The other providers' cases are kept as they are. The tokens are HS256 JWTs built here from the
documented shapes:

* Vonage signed webhooks (core/src/delivery/providers/vonage.rs, docs/providers/vonage.md):
  `Authorization: Bearer <JWT>` signed with the signature secret, claims `iat`, `jti`, `iss`,
  `payload_hash` (hex SHA-256 of the body), `api_key`, `application_id`; `iat` at most
  `webhook_max_age` (300 s) before the receipt's time and at most 60 s after it.
* MessageBird `MessageBird-Signature-JWT` (messagebird.rs, messagebird_signature.rs,
  docs/providers/messagebird.md): claims `iss = MessageBird`, `nbf` (or `iat`), `exp`, `jti`,
  `url_hash` (hex SHA-256 of the full URL), `payload_hash` exactly when there is a body; 1 s skew.
* SleekFlow (sleekflow.rs, docs/providers/sleekflow.md): unsigned; the receipt URL carries
  `?token=<webhook_token>`.
"""

import base64
import hashlib
import hmac
import json
import sys
from pathlib import Path

PATH = Path(__file__).with_name("delivery.json")
GENERATED = ("vonage", "messagebird", "sleekflow")
# 2026-12-01T16:00:00Z: the time every generated case is checked at.
NOW = 1_796_198_400
# The time the older (unsigned or HMAC) cases are checked at, when they have none yet.
OLD_NOW = 1_796_140_800

CONFIGS = {
    "vonage": {
        "api_key": "abcd1234",
        "api_secret": "vonage-vector-api-secret-0001",
        "signature_secret": "vonage-vector-signature-secret-0001",
    },
    "messagebird": {
        "access_key": "test_vectorAccessKey0001",
        "signing_key": "mb-vector-signing-key-0001",
    },
    "sleekflow": {
        "api_key": "sf-vector-platform-api-key-0001",
        "webhook_token": "sf_vector_webhook_token_0123456789",
        "template_name": "otp_code",
        "template_language": "en",
    },
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def jwt(claims: dict, key: str, alg: str = "HS256") -> str:
    header = b64url(compact({"alg": alg, "typ": "JWT"}).encode())
    payload = b64url(compact(claims).encode())
    signing_input = f"{header}.{payload}".encode()
    if alg == "none":
        return f"{header}.{payload}."
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    return f"{header}.{payload}.{b64url(hmac.new(key.encode(), signing_input, digest).digest())}"


def sha256_hex(data: str) -> str:
    return hashlib.sha256(data.encode()).hexdigest()


def case(name, provider, method, url, headers, body, expect, message_id=None, status=None, note=None):
    v = {"name": name, "provider": provider, "method": method, "url": url, "headers": headers,
         "body": body, "unix_time": NOW, "expect": expect}
    if expect == "valid":
        v["message_id"], v["status"] = message_id, status
    if note:
        v["note"] = note
    return v


# --- Vonage ---------------------------------------------------------------------------------

VONAGE_URL = "https://app.example/hooks/vonage"
VONAGE_ID = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"
VONAGE_APP = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"


def vonage_status(status, error=None, channel="sms"):
    """The Messages API status webhook as Vonage documents it."""
    body = {"message_uuid": VONAGE_ID, "to": "447700900123", "from": "Acme",
            "timestamp": "2026-12-01T15:59:58.000Z", "status": status}
    if error:
        body["error"] = error
    body.update({"usage": {"currency": "EUR", "price": "0.0333"}, "client_ref": "ch1.0", "channel": channel})
    return compact(body)


def drop_none(c: dict, changes: dict) -> dict:
    """`c` with `changes` applied (a None value removes the claim)."""
    c = {**c, **changes}
    return {k: v for k, v in c.items() if v is not None}


def vonage_claims(body, iat=NOW - 2, **changes):
    c = {"iat": iat, "jti": "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5", "iss": "Vonage",
         "payload_hash": sha256_hex(body), "api_key": CONFIGS["vonage"]["api_key"],
         "application_id": VONAGE_APP}
    return drop_none(c, changes)


def vonage_headers(token):
    h = {"Content-Type": "application/json"}
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    return h


def vonage_cases():
    secret = CONFIGS["vonage"]["signature_secret"]
    delivered = vonage_status("delivered")
    rejected = vonage_status("rejected", {"type": "https://developer.nexmo.com/api-errors/messages-olympus#1250",
                                          "title": 1250, "detail": "Unroutable",
                                          "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf"})
    submitted = vonage_status("submitted", channel="whatsapp")
    good = jwt(vonage_claims(delivered), secret)
    no_id = compact({"to": "447700900123", "from": "Acme", "timestamp": "2026-12-01T15:59:58.000Z",
                     "status": "delivered", "channel": "sms"})

    def signed(name, body, expect, claims=None, key=secret, alg="HS256", **kw):
        token = jwt(claims or vonage_claims(body), key, alg)
        return case(name, "vonage", "POST", VONAGE_URL, vonage_headers(token), body, expect, **kw)

    return [
        signed("vonage sms delivered", delivered, "valid", message_id=VONAGE_ID, status="delivered"),
        signed("vonage sms rejected (1250)", rejected, "valid", message_id=VONAGE_ID, status="failed"),
        signed("vonage whatsapp submitted", submitted, "valid", message_id=VONAGE_ID, status="sent"),
        signed("vonage iat exactly the max age (300 s) old", delivered, "valid",
               claims=vonage_claims(delivered, iat=NOW - 300), message_id=VONAGE_ID, status="delivered"),
        case("vonage tampered body", "vonage", "POST", VONAGE_URL, vonage_headers(good), rejected,
             "unauthenticated", note="the token of the delivered report with the rejected body"),
        signed("vonage other signature secret", delivered, "unauthenticated",
               key="vonage-vector-signature-secret-000X"),
        signed("vonage too old (iat 301 s before)", delivered, "unauthenticated",
               claims=vonage_claims(delivered, iat=NOW - 301)),
        signed("vonage issued in the future (iat 120 s after)", delivered, "unauthenticated",
               claims=vonage_claims(delivered, iat=NOW + 120)),
        signed("vonage exp passed", delivered, "unauthenticated",
               claims=vonage_claims(delivered, exp=NOW - 120)),
        case("vonage missing Authorization", "vonage", "POST", VONAGE_URL, vonage_headers(None), delivered,
             "unauthenticated"),
        signed("vonage another api_key (validly signed)", delivered, "unauthenticated",
               claims=vonage_claims(delivered, api_key="zzzz9999")),
        signed("vonage without payload_hash", delivered, "unauthenticated",
               claims=vonage_claims(delivered, payload_hash=None)),
        signed("vonage without iat", delivered, "unauthenticated", claims=vonage_claims(delivered, iat=None)),
        signed("vonage alg none", delivered, "unauthenticated", alg="none"),
        signed("vonage HS512 (only HS256 is accepted)", delivered, "unauthenticated", alg="HS512"),
        signed("vonage signed, neither message_uuid nor uuid", no_id, "malformed"),
        signed("vonage signed, not JSON", "status=delivered", "malformed"),
    ]


# --- Bird / MessageBird ---------------------------------------------------------------------

MB_HOOK = "https://app.example/hooks/messagebird"
MB_ID = "efa6405d518d4c0c88cce11f7db775fb"
MB_WA_ID = "2e15efafec384e1c82e9842075e87beb"


def mb_sms_url(status, extra="", base=MB_HOOK):
    """An SMS status report as MessageBird documents it (a GET to the reportUrl)."""
    return (f"{base}?id={MB_ID}&reference=ch1.0&recipient=447700900123&status={status}{extra}"
            "&statusDatetime=2026-12-01T15%3A59%3A58%2B00%3A00")


def mb_whatsapp(status, error=None):
    message = {"id": MB_WA_ID, "channelId": "619747f69cf940a98fb443140ce9aed2", "status": status}
    if error:
        message["error"] = error
    return compact({"type": "message.updated", "message": message})


def mb_claims(url, body, nbf=NOW - 1, exp=NOW + 59, **changes):
    c = {"iss": "MessageBird", "nbf": nbf, "exp": exp, "jti": "7b1f3c0e-5f2a-4b1e-9c3d-0a1b2c3d4e5f",
         "url_hash": sha256_hex(url)}
    if body:
        c["payload_hash"] = sha256_hex(body)
    return drop_none(c, changes)


def messagebird_cases():
    key = CONFIGS["messagebird"]["signing_key"]
    delivered_url = mb_sms_url("delivered")
    failed_url = mb_sms_url("delivery_failed", "&statusReason=unknown%20subscriber&statusErrorCode=1")
    wa_delivered = mb_whatsapp("delivered")
    wa_failed = mb_whatsapp("failed", {"code": 470, "description": "outside window"})
    good_sms = jwt(mb_claims(delivered_url, ""), key)
    good_wa = jwt(mb_claims(MB_HOOK, wa_delivered), key)

    def h(token):
        return {} if token is None else {"MessageBird-Signature-JWT": token}

    def sms(name, url, expect, claims=None, signing_key=key, alg="HS256", signed_url=None, **kw):
        token = jwt(claims or mb_claims(signed_url or url, ""), signing_key, alg)
        return case(name, "messagebird", "GET", url, h(token), "", expect, **kw)

    def wa(name, body, expect, claims=None, **kw):
        token = jwt(claims or mb_claims(MB_HOOK, body), key)
        headers = {"Content-Type": "application/json", **h(token)}
        return case(name, "messagebird", "POST", MB_HOOK, headers, body, expect, **kw)

    return [
        sms("messagebird sms delivered", delivered_url, "valid", message_id=MB_ID, status="delivered"),
        sms("messagebird sms delivery_failed (1)", failed_url, "valid", message_id=MB_ID, status="failed"),
        sms("messagebird sms expired", mb_sms_url("expired"), "valid", message_id=MB_ID, status="expired"),
        sms("messagebird sms signed with HS512", delivered_url, "valid", alg="HS512",
            message_id=MB_ID, status="delivered"),
        sms("messagebird sms earlier token (iat, no nbf)", delivered_url, "valid",
            claims=mb_claims(delivered_url, "", nbf=None, iat=NOW - 1), message_id=MB_ID, status="delivered"),
        wa("messagebird whatsapp delivered", wa_delivered, "valid", message_id=MB_WA_ID, status="delivered"),
        wa("messagebird whatsapp failed (470)", wa_failed, "valid", message_id=MB_WA_ID, status="failed"),
        case("messagebird sms status changed in the URL", "messagebird", "GET",
             mb_sms_url("delivery_failed"), h(good_sms), "", "unauthenticated",
             note="the token of the delivered report (url_hash of its URL)"),
        case("messagebird sms signed for another URL", "messagebird", "GET",
             mb_sms_url("delivered", base="https://other.example/hooks/messagebird"), h(good_sms), "",
             "unauthenticated", note="same query, another host: url_hash covers the whole URL"),
        case("messagebird whatsapp tampered body", "messagebird", "POST", MB_HOOK,
             {"Content-Type": "application/json", **h(good_wa)}, wa_failed, "unauthenticated"),
        sms("messagebird other signing key", delivered_url, "unauthenticated",
            signing_key="mb-vector-signing-key-000X"),
        sms("messagebird expired (exp 2 s before)", delivered_url, "unauthenticated",
            claims=mb_claims(delivered_url, "", nbf=NOW - 62, exp=NOW - 2)),
        sms("messagebird not valid yet (nbf 30 s after)", delivered_url, "unauthenticated",
            claims=mb_claims(delivered_url, "", nbf=NOW + 30, exp=NOW + 90)),
        case("messagebird missing signature", "messagebird", "GET", delivered_url, {}, "", "unauthenticated"),
        sms("messagebird iss is not MessageBird", delivered_url, "unauthenticated",
            claims=mb_claims(delivered_url, "", iss="Bird")),
        sms("messagebird without jti", delivered_url, "unauthenticated",
            claims=mb_claims(delivered_url, "", jti=None)),
        wa("messagebird body not covered (no payload_hash)", wa_delivered, "unauthenticated",
           claims=mb_claims(MB_HOOK, "")),
        sms("messagebird alg none", delivered_url, "unauthenticated", alg="none"),
        sms("messagebird signed, unknown sms status", mb_sms_url("teleported"), "malformed"),
        wa("messagebird signed, unknown conversations status", mb_whatsapp("teleported"), "malformed"),
        wa("messagebird signed, no message object", compact({"type": "message.updated"}), "malformed"),
    ]


# --- SleekFlow ------------------------------------------------------------------------------

SF_HOOK = "https://app.example/hooks/sleekflow"
SF_ID = "a1b2c3d4e5"


def sf_message(status, **extra):
    """SleekFlow's message object (its web client's shape; no published webhook example)."""
    m = {"id": 1234567, "conversationId": "c0ffee", "messageUniqueID": SF_ID, "channel": "whatsappcloudapi",
         "messageType": "template", "status": status, "isSentFromSleekflow": True}
    m.update(extra)
    return m


def sleekflow_cases():
    token = CONFIGS["sleekflow"]["webhook_token"]
    url = f"{SF_HOOK}?token={token}"
    json_h = {"Content-Type": "application/json"}
    delivered = compact(sf_message("Delivered"))
    numeric = sf_message("Read")
    del numeric["messageUniqueID"]

    def sf(name, body, expect, at=url, **kw):
        return case(name, "sleekflow", "POST", at, json_h, body, expect, **kw)

    return [
        sf("sleekflow delivered", delivered, "valid", message_id=SF_ID, status="delivered"),
        sf("sleekflow read (under message)", compact({"message": sf_message("Read")}), "valid",
           message_id=SF_ID, status="delivered"),
        sf("sleekflow failed", compact(sf_message("Failed", channelStatusMessage="outside window")), "valid",
           message_id=SF_ID, status="failed"),
        sf("sleekflow sent", compact(sf_message("Sent")), "valid", message_id=SF_ID, status="sent"),
        sf("sleekflow numeric id only", compact(numeric), "valid", message_id="1234567", status="delivered"),
        sf("sleekflow no token", delivered, "unauthenticated", at=SF_HOOK),
        sf("sleekflow wrong token", delivered, "unauthenticated", at=f"{SF_HOOK}?token={token[:-1]}X"),
        sf("sleekflow token under another name", delivered, "unauthenticated", at=f"{SF_HOOK}?otpkit_token={token}"),
        sf("sleekflow token only in body", compact(dict(sf_message("Delivered"), token=token)), "unauthenticated",
           at=SF_HOOK),
        sf("sleekflow unknown status", compact(sf_message("Teleported")), "malformed"),
        sf("sleekflow no message id", compact({"status": "Delivered", "channel": "whatsappcloudapi"}), "malformed"),
        sf("sleekflow not JSON", "status=Delivered", "malformed"),
    ]


def generate(data: dict) -> dict:
    for name in GENERATED:
        data["configs"][name] = CONFIGS[name]
    kept = []
    for v in data["webhooks"]:
        if v["provider"] in GENERATED:
            continue
        if "unix_time" not in v:
            # Insert after "body", as the generated cases have it.
            items = list(v.items())
            at = [k for k, _ in items].index("body") + 1
            v = dict(items[:at] + [("unix_time", OLD_NOW)] + items[at:])
        kept.append(v)
    data["webhooks"] = kept + vonage_cases() + messagebird_cases() + sleekflow_cases()
    return data


def main() -> int:
    text = PATH.read_text(encoding="utf-8")
    out = json.dumps(generate(json.loads(text)), indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv[1:]:
        if out != text:
            print(f"{PATH} is not up to date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    PATH.write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
