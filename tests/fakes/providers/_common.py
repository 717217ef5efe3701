"""Helpers the provider fakes share (server.py does not load files starting with '_').

Import from a provider module with:
    sys.path.insert(0, os.path.dirname(__file__))
    import _common
"""
import base64
import datetime
import hashlib
import hmac
import json
import re
import sys
import urllib.parse

# International number, digits only (no '+'), as most providers take it.
DIGITS_NUMBER = re.compile(r"[1-9][0-9]{6,14}")


def Response(*args, **kwargs):  # noqa: N802 (stands for the server's class)
    """A server.Response: the server runs as __main__ and loads the fakes from files."""
    cls = getattr(sys.modules.get("__main__"), "Response", None)
    if cls is None:
        import server
        cls = server.Response
    return cls(*args, **kwargs)


def content_type(req):
    """The request's media type without parameters ('' when absent)."""
    return (req.header("content-type") or "").split(";")[0].strip()


def basic_credentials(req):
    """(user, password) of a Basic Authorization header; None without one; ValueError when the
    value is not base64(user:password)."""
    auth = req.header("authorization") or ""
    if not auth.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(auth[6:], validate=True).decode().partition(":")
    except Exception as e:
        raise ValueError("Basic value is not base64") from e
    return user, password


def same_secret(given, expected):
    """Constant-time comparison of two secrets (strings)."""
    return hmac.compare_digest(given, expected)


def load_json(req):
    """The body as JSON; ValueError when it is not UTF-8 JSON."""
    return json.loads(req.body.decode("utf-8"))


def unknown_fields(fields, allowed):
    """The sorted field names not in `allowed`."""
    return sorted(set(fields) - set(allowed))


def is_digits_number(value):
    """Whether `value` is an international number as digits only."""
    return isinstance(value, str) and DIGITS_NUMBER.fullmatch(value) is not None


def is_absolute_url(value):
    """Whether `value` is an absolute http(s) URL."""
    u = urllib.parse.urlsplit(value)
    return u.scheme in ("http", "https") and bool(u.netloc)


def b64url(data):
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(s):
    """base64url with or without padding."""
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def hmac_b64(key, data, digest=hashlib.sha256):
    """base64(HMAC(key, data)) with `digest` (SHA-256 unless told)."""
    return base64.b64encode(hmac.new(key.encode(), data, digest).digest()).decode()


def hs256_jwt(claims, key):
    """A compact HS256 JWT of `claims` (JSON without spaces, header {alg, typ})."""
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(key.encode(), f"{head}.{payload}".encode(), hashlib.sha256).digest()
    return f"{head}.{payload}.{b64url(mac)}"


def utc_now():
    """The current UTC time as 'YYYY-MM-DD HH:MM:SS' (the providers' report timestamps)."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def form_post(fields):
    """(headers, body) of an unsigned form POST, as the providers that sign nothing send."""
    body = urllib.parse.urlencode(fields).encode()
    return {"Content-Type": "application/x-www-form-urlencoded"}, body
