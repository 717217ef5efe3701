"""tests/vectors/receiver.json through the receiver binding: extract_code (code, evidence, spans in
UTF-8 bytes, UTF-16 units and Unicode scalars = Python str indices, origin), parse_origin_bound
(strict) and find_origin_bound (tolerant),
android_app_hash from DER and PEM bytes, format_sms, sms_encoding_info, voice_message,
push_message and keyword_languages; error vectors map to the right OtpError subclass."""

import base64
import unicodedata

import pytest

import otpkit
from otpkit import (
    CodeEvidence,
    InvalidInputKind,
    OneTimeCode,
    OriginBoundCode,
    OtpError,
    PushStyle,
    SensitiveText,
    SmsBodyOptions,
    SmsCode,
    SmsEncoding,
    SmsEncodingInfo,
    SmsMessage,
    SmsWarning,
    TextSpan,
    VoiceMessage,
    AppHashMatch,
    android_app_hash,
    check_app_hash,
    extract_code,
    find_origin_bound,
    format_sms,
    keyword_languages,
    message_languages,
    parse_origin_bound,
    push_message,
    sms_encoding_info,
    voice_message,
)
from otp_vectors import cases, load, sms_warning_name

RX = load("receiver.json")

EVIDENCE = {
    "origin_bound": CodeEvidence.ORIGIN_BOUND,
    "keyword": CodeEvidence.KEYWORD,
    "layout": CodeEvidence.LAYOUT,
}
ENCODING = {"gsm7": SmsEncoding.GSM7, "ucs2": SmsEncoding.UCS2}
STYLE = {"push": PushStyle.PUSH, "whatsapp": PushStyle.WHATS_APP}

# The keyword packs the receiver must ship (tags as in core/src/receiver/keywords.rs).
REQUIRED_LANGUAGES = [
    "en", "zh-Hans", "zh-Hant", "es", "pt", "fr", "de", "it", "ru", "uk", "tr",
    "ar", "fa", "he", "hi", "id", "vi", "th", "ja", "ko", "pl", "nl",
    "el", "cs", "ca", "fi", "bn", "sv", "da", "nb", "ro", "hu", "ms", "fil", "ur", "sw", "ta", "af",
]

# A word of the core error's reason for each error name in the vectors: one InvalidInput kind per
# concern, so the reason is what tells the core variants apart.
ORIGIN_ERROR_WORDS = {
    "empty": "empty",
    "missing_host": "@host",
    "invalid_host": "invalid host",
    "missing_separator": "space",
    "missing_code": "#code",
}
APP_HASH_ERROR_WORDS = {
    "invalid_package_name": "package name",
    "empty_certificate": "empty",
    "missing_pem_block": "PEM",
    "invalid_pem_base64": "base64",
    "invalid_der": "DER",
}
FORMAT_ERROR_WORDS = {
    "invalid_code": "invalid code",
    "invalid_app_hash": "app hash",
    "invalid_host": "invalid host",
    "embedded_without_origin": "embedded host",
    "invalid_service_name": "service name",
    "unsupported_language": "language",
}


def check_spans(got, text):
    """The three spans of a code (SmsCode / OriginBoundCode) all cover the same characters: str
    indices (scalars) directly, UTF-8 bytes and UTF-16 code units through Python's own codecs."""
    for span in (got.utf8, got.utf16, got.scalars):
        assert isinstance(span, TextSpan) and 0 <= span.start < span.end
    displayed = text[got.scalars.start:got.scalars.end]
    assert text.encode("utf-8")[got.utf8.start:got.utf8.end].decode("utf-8") == displayed
    utf16 = text.encode("utf-16-le")
    assert utf16[2 * got.utf16.start:2 * got.utf16.end].decode("utf-16-le") == displayed
    return displayed


SPAN_KEYS = {"utf8": ("start", "end"), "utf16": ("utf16_start", "utf16_end"),
             "scalars": ("scalar_start", "scalar_end")}


def vector_span(v, unit):
    """The vector's span in `unit` ("utf8", "utf16", "scalars"), or None when it has none."""
    start, end = SPAN_KEYS[unit]
    return (v[start], v[end]) if start in v else None


def displayed_to_code(displayed):
    """The code a displayed span stands for: any Unicode decimal digit (fullwidth, Arabic-Indic,
    Persian, Devanagari, ...) as ASCII, separators (spaces, dashes) dropped."""
    out = []
    for ch in displayed:
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif ch.isalnum():
            out.append(ch)
    return "".join(out)


def sms_options(o):
    return SmsBodyOptions(
        service=o["service"],
        validity_minutes=o.get("validity_minutes"),
        app_hash=o.get("app_hash"),
        origin_host=o.get("origin_host"),
        embedded_host=o.get("embedded_host"),
    )


def assert_kind(info, kind):
    assert isinstance(info.value, OtpError.InvalidInput)
    assert info.value.kind == kind, info.value
    return info.value.reason


def test_vector_file_is_complete():
    for group in ("extract", "origin_bound", "app_hash", "app_hash_errors", "format_sms",
                  "format_sms_errors", "encoding", "voice", "push"):
        assert RX[group], group
    assert any(v["code"] is None for v in RX["extract"]), "no decoy vectors"
    # Every code vector gives its span in all three units; some differ (non-ASCII before the code).
    with_code = [v for v in RX["extract"] if v["code"]]
    assert all(None not in (vector_span(v, u) for u in SPAN_KEYS) for v in with_code)
    assert any(vector_span(v, "scalars") != vector_span(v, "utf16") != vector_span(v, "utf8") for v in with_code)
    assert {v["evidence"] for v in RX["extract"] if v["code"]} == set(EVIDENCE)
    assert any("error" in v["strict"] for v in RX["origin_bound"])
    assert any(v["tolerant"] is None for v in RX["origin_bound"])
    assert {v["style"] for v in RX["push"]} == {"push", "whatsapp"}


# ---------------------------------------------------------------------------------- extract


@pytest.mark.parametrize("v", cases(RX["extract"]))
def test_extract(v):
    got = extract_code(v["text"])
    if v["code"] is None:
        assert got is None, got
        return
    assert isinstance(got, SmsCode)
    assert isinstance(got.code, OneTimeCode)
    assert got.code.reveal() == v["code"]
    assert got.evidence == EVIDENCE[v["evidence"]]
    for unit in ("utf8", "utf16", "scalars"):
        want = vector_span(v, unit)
        if want is not None:
            span = getattr(got, unit)
            assert (span.start, span.end) == want, unit
    assert got.origin == v["origin"]
    assert got.embedded_origin == v["embedded_origin"]
    # The spans are the code as displayed in the message; the scalar span indexes a Python str.
    displayed = check_spans(got, v["text"])
    assert displayed_to_code(displayed) == got.code.reveal(), displayed
    assert displayed[0].isalnum() and displayed[-1].isalnum(), displayed
    assert 0 < got.confidence <= 100
    if got.evidence == CodeEvidence.KEYWORD:
        assert got.keyword, "keyword evidence names its keyword"
        assert got.language in keyword_languages()
    if got.evidence == CodeEvidence.ORIGIN_BOUND:
        assert got.origin
        # The origin-bound line agrees with the tolerant parser.
        ob = find_origin_bound(v["text"])
        assert (ob.host, ob.embedded_host, ob.code) == (got.origin, got.embedded_origin, got.code)
        assert (ob.utf8, ob.utf16, ob.scalars) == (got.utf8, got.utf16, got.scalars)
        assert got.confidence == (100 if ob.strict else 90)


def test_spans_on_non_ascii_text():
    # Non-BMP characters before the code: 4 UTF-8 bytes, 2 UTF-16 units, 1 str index each.
    text = "😀😀 Your verification code is 482913"
    got = extract_code(text)
    start = text.index("482913")
    assert (got.scalars.start, got.scalars.end) == (start, start + 6)
    assert (got.utf16.start, got.utf16.end) == (start + 2, start + 8)
    assert (got.utf8.start, got.utf8.end) == (start + 6, start + 12)
    assert check_spans(got, text) == "482913"


def test_extract_is_deterministic_and_empty_is_none():
    text = RX["extract"][0]["text"]
    first = extract_code(text)
    assert all(extract_code(text) == first for _ in range(50))
    assert extract_code("") is None


# ----------------------------------------------------------------------------- origin-bound


def assert_origin(got, want, text):
    assert isinstance(got, OriginBoundCode)
    assert got.host == want["host"]
    assert got.embedded_host == want["embedded_host"]
    assert got.code.reveal() == want["code"]
    assert check_spans(got, text) == want["code"]
    for unit in ("utf8", "utf16", "scalars"):
        span = vector_span(want, unit)
        if span is not None:
            assert (getattr(got, unit).start, getattr(got, unit).end) == span, unit


@pytest.mark.parametrize("v", cases(RX["origin_bound"]))
def test_origin_bound_strict(v):
    want = v["strict"]
    if "error" in want:
        with pytest.raises(OtpError.InvalidInput) as e:
            parse_origin_bound(v["text"])
        assert ORIGIN_ERROR_WORDS[want["error"]] in assert_kind(e, InvalidInputKind.ORIGIN_BOUND)
    else:
        got = parse_origin_bound(v["text"])
        assert_origin(got, want, v["text"])
        assert got.strict is True


@pytest.mark.parametrize("v", cases(RX["origin_bound"]))
def test_origin_bound_tolerant(v):
    want = v["tolerant"]
    got = find_origin_bound(v["text"])
    if want is None:
        assert got is None, got
        return
    assert_origin(got, want, v["text"])
    assert got.strict is want["strict"]
    # A strict result is exactly what parse_origin_bound returns.
    if want["strict"]:
        assert got == parse_origin_bound(v["text"])


# ---------------------------------------------------------------------------------- app hash


@pytest.mark.parametrize("v", cases(RX["app_hash"]))
def test_app_hash_from_der(v):
    der = bytes.fromhex(v["certificate_der_hex"])
    assert android_app_hash(v["package"], der) == v["hash"]


@pytest.mark.parametrize("v", cases([v for v in RX["app_hash"] if v["certificate_pem"]]))
def test_app_hash_from_pem(v):
    got = android_app_hash(v["package"], v["certificate_pem"].encode("ascii"))
    assert got == v["hash"]
    assert len(got) == 11


def pem_of(der, width=64):
    body = base64.b64encode(der).decode("ascii")
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n").encode("ascii")


@pytest.mark.parametrize("v", cases(RX["app_hash"]))
def test_app_hash_from_pem_made_here(v):
    """Every vector (also those without a PEM form) wrapped in a PEM block here, CRLF too."""
    der = bytes.fromhex(v["certificate_der_hex"])
    assert android_app_hash(v["package"], pem_of(der)) == v["hash"]
    assert android_app_hash(v["package"], pem_of(der).replace(b"\n", b"\r\n")) == v["hash"]


@pytest.mark.parametrize("v", cases(RX["app_hash_errors"]))
def test_app_hash_errors(v):
    with pytest.raises(OtpError.InvalidInput) as e:
        android_app_hash(v["package"], bytes.fromhex(v["certificate_der_hex"]))
    assert APP_HASH_ERROR_WORDS[v["error"]] in assert_kind(e, InvalidInputKind.APP_HASH)


def test_app_hash_depends_on_package():
    v = RX["app_hash"][0]
    der = bytes.fromhex(v["certificate_der_hex"])
    assert android_app_hash(v["package"], der) != android_app_hash(v["package"] + "x", der)


# -------------------------------------------------------------------------------- format_sms


@pytest.mark.parametrize("v", cases(RX["format_sms"]))
def test_format_sms(v):
    code = v["options"]["code"]
    got = format_sms(code, sms_options(v["options"]))
    assert isinstance(got, SmsMessage)
    assert isinstance(got.body, SensitiveText)
    body = got.body.reveal()
    assert body == v["text"]
    assert isinstance(got.info, SmsEncodingInfo)
    assert got.info.encoding == ENCODING[v["encoding"]]
    assert got.info.units == v["units"]
    assert got.info.segments == v["segments"]
    assert [sms_warning_name(w) for w in got.warnings] == v["warnings"]
    for w in got.warnings:
        if isinstance(w, SmsWarning.MULTIPLE_SEGMENTS):
            assert w.segments == got.info.segments > 1
    # The body's own counts are what sms_encoding_info says of the same text.
    assert sms_encoding_info(body) == got.info
    assert (got.info.encoding == SmsEncoding.UCS2) == bool(got.info.non_gsm_chars)
    # A receiver never extracts a wrong code from a body, and finds the code in every
    # single-segment body. (Not in `long_service`: there the keyword "verification code" comes
    # ~150 characters after the code, beyond the extractor's keyword distance.)
    extracted = extract_code(body)
    if extracted is not None:
        assert extracted.code.reveal() == code
    if got.info.segments == 1:
        assert extracted is not None
    if v["options"]["origin_host"]:
        assert extracted.evidence == CodeEvidence.ORIGIN_BOUND
        assert extracted.origin == v["options"]["origin_host"]
        assert extracted.embedded_origin == v["options"]["embedded_host"]


def test_sms_body_options_defaults():
    o = SmsBodyOptions(service="ACME")
    assert (o.validity_minutes, o.app_hash, o.origin_host, o.embedded_host) == (None, None, None, None)
    assert format_sms("123456", o).body.reveal().startswith("123456 is your ACME")


@pytest.mark.parametrize("v", cases(RX["format_sms_errors"]))
def test_format_sms_errors(v):
    o = v["options"]
    with pytest.raises(OtpError.InvalidInput) as e:
        format_sms(o["code"], sms_options({"validity_minutes": None, "app_hash": None, "origin_host": None,
                                           "embedded_host": None, **o}))
    assert FORMAT_ERROR_WORDS[v["error"]] in assert_kind(e, InvalidInputKind.MESSAGE)


def test_sms_validity_minutes_is_checked():
    for minutes in (-1, -(2**31)):
        with pytest.raises(OtpError.InvalidInput) as e:
            format_sms("123456", SmsBodyOptions(service="ACME", validity_minutes=minutes))
        assert e.value.field == "validity_minutes"


# ---------------------------------------------------------------------------------- encoding


@pytest.mark.parametrize("v", cases(RX["encoding"], key="text"))
def test_encoding(v):
    got = sms_encoding_info(v["text"])
    assert got.encoding == ENCODING[v["encoding"]]
    assert got.units == v["units"]
    assert got.segments == v["segments"]
    if got.encoding == SmsEncoding.GSM7:
        assert got.non_gsm_chars == []
    else:
        assert got.non_gsm_chars and all(c in v["text"] for c in got.non_gsm_chars)


# ------------------------------------------------------------------------------ voice, push


@pytest.mark.parametrize("v", cases(RX["voice"], key="lang"))
def test_voice(v):
    got = voice_message(v["code"], v["service"], v["lang"])
    assert isinstance(got, VoiceMessage)
    assert isinstance(got.text, SensitiveText) and isinstance(got.ssml, SensitiveText)
    assert got.text.reveal() == v["text"]
    ssml = got.ssml.reveal()
    assert ssml.startswith("<speak>") and ssml.endswith("</speak>")
    # A pause between the characters, in the code and in its repetition.
    assert ssml.count('<break time="400ms"/>') == 2 * (len(v["code"]) - 1)
    if v["lang"] == "en":
        assert voice_message(v["code"], v["service"]).text == got.text  # language defaults to "en"


@pytest.mark.parametrize("v", cases(RX["push"], key="style"))
def test_push(v):
    got = push_message(v["code"], v["service"], STYLE[v["style"]], v["lang"], v["validity_minutes"])
    assert got == v["text"]
    got = push_message(v["code"], v["service"], style=STYLE[v["style"]], language=v["lang"],
                       validity_minutes=v["validity_minutes"])
    assert got == v["text"]


def test_push_defaults():
    assert push_message("123456", "Acme", PushStyle.PUSH) == push_message(
        "123456", "Acme", PushStyle.PUSH, "en", None)
    assert "10 minutes" not in push_message("123456", "Acme", PushStyle.PUSH)


def test_voice_and_push_errors():
    with pytest.raises(OtpError.InvalidInput) as e:
        voice_message("1234", "Acme", "xx")
    assert "language" in assert_kind(e, InvalidInputKind.MESSAGE)
    with pytest.raises(OtpError.InvalidInput) as e:
        voice_message("12", "Acme", "en")
    assert_kind(e, InvalidInputKind.MESSAGE)
    with pytest.raises(OtpError.InvalidInput) as e:
        push_message("123456", "Acme", PushStyle.PUSH, "xx")
    assert_kind(e, InvalidInputKind.MESSAGE)
    with pytest.raises(OtpError.InvalidInput) as e:
        push_message("12 34", "Acme", PushStyle.WHATS_APP, "en", None)
    assert_kind(e, InvalidInputKind.MESSAGE)


# --------------------------------------------------------------------------- keyword packs


def test_keyword_languages():
    langs = keyword_languages()
    assert len(langs) == len(set(langs))
    assert len(langs) >= 38
    missing = [lang for lang in REQUIRED_LANGUAGES if lang not in langs]
    assert not missing, missing


def test_receiver_names_are_exported():
    for name in ("extract_code", "parse_origin_bound", "find_origin_bound", "android_app_hash",
                 "format_sms", "sms_encoding_info", "voice_message", "push_message",
                 "keyword_languages", "SmsCode", "OriginBoundCode", "SmsMessage", "SmsBodyOptions",
                 "SmsEncodingInfo", "VoiceMessage", "PushStyle", "SmsWarning", "TextSpan", "CodeEvidence",
                 "SmsEncoding", "SensitiveText", "OneTimeCode"):
        assert name in otpkit.__all__, name


def test_message_languages_cover_the_voice_and_push_vectors():
    langs = message_languages()
    assert {"en", "es", "fr", "de", "pt"} <= set(langs)
    for v in RX["voice"] + RX["push"]:
        assert v["lang"].split("-")[0].lower() in langs
    with pytest.raises(OtpError.InvalidInput):
        voice_message("1234", "Acme", "xx")


# ------------------------------------------------------------------- Python str indices


@pytest.mark.parametrize("v", cases([v for v in RX["extract"] if v["code"]]))
def test_start_end_index_the_python_str(v):
    """SmsCode.start/end are str indices (code points): slicing the message gives the code as
    displayed, the same characters as the scalars span."""
    text = v["text"]
    got = extract_code(text)
    assert (got.start, got.end) == (got.scalars.start, got.scalars.end) == vector_span(v, "scalars")
    assert displayed_to_code(text[got.start:got.end]) == v["code"]


@pytest.mark.parametrize("prefix", [
    "😀",  # one non-BMP code point: 2 UTF-16 units, 4 UTF-8 bytes
    "👩‍👩‍👧‍👦 ",  # a ZWJ family: 7 code points, 11 UTF-16 units
    "🇩🇪 ",  # a flag: two regional indicators
    "é ",  # e + combining acute (2 code points, one glyph)
    "日本語 ",  # BMP, 3 UTF-8 bytes each
    "\u200f",  # RTL mark, invisible
])
def test_span_indexes_python_str_after_non_ascii(prefix):
    text = prefix + "Your verification code is 482913. Do not share it."
    got = extract_code(text)
    assert got is not None and got.code.reveal() == "482913"
    assert text[got.start:got.end] == "482913"
    assert got.start == text.index("482913") and got.end == got.start + 6
    assert got.utf16.start == len(text[:got.start].encode("utf-16-le")) // 2
    assert got.utf8.start == len(text[:got.start].encode("utf-8"))


def test_origin_bound_start_end_index_the_python_str():
    text = "😀 Your ACME code is 123456\n\n@acme.example #123456"
    for got in (find_origin_bound(text), parse_origin_bound(text), extract_code(text)):
        assert text[got.start:got.end] == "123456"
        assert (got.start, got.end) == (got.scalars.start, got.scalars.end)
        assert got.start == text.rindex("123456")  # the last line's code, not the sentence's


# ------------------------------------------------------------------ records and enums


def test_records_construct_compare_and_repr():
    span = TextSpan(start=1, end=7)
    assert span == TextSpan(start=1, end=7) != TextSpan(start=1, end=8)
    assert hash(span) == hash(TextSpan(start=1, end=7))
    assert repr(span) == "TextSpan(start=1, end=7)"
    got = extract_code("Your verification code is 482913")
    copy = SmsCode(code=got.code, utf8=got.utf8, utf16=got.utf16, scalars=got.scalars,
                   evidence=got.evidence, confidence=got.confidence, keyword=got.keyword,
                   language=got.language)
    assert copy == got
    assert SmsCode(code=extract_code("code is 111111").code, utf8=got.utf8, utf16=got.utf16,
                   scalars=got.scalars, evidence=got.evidence, confidence=got.confidence,
                   keyword=got.keyword, language=got.language) != got
    o = SmsBodyOptions(service="ACME", validity_minutes=5)
    assert o == SmsBodyOptions(service="ACME", validity_minutes=5) != SmsBodyOptions(service="ACME")
    assert "service='ACME'" in repr(o) and "validity_minutes=5" in repr(o)
    with pytest.raises(TypeError):
        SmsBodyOptions("ACME")  # keyword-only, like the uniffi records


def test_sms_warning_variants():
    many = SmsWarning.MULTIPLE_SEGMENTS(segments=3)
    assert isinstance(many, SmsWarning) and many.segments == 3
    assert many.is_multiple_segments() and not many.is_ucs2()
    assert SmsWarning.UCS2() == SmsWarning.UCS2() != many
    assert SmsWarning.UCS2().is_UCS2()
    assert repr(many) == "SmsWarning.MULTIPLE_SEGMENTS(segments=3)"
    message = format_sms("123456", SmsBodyOptions(service="ACME ✓ " * 12))
    assert SmsWarning.UCS2() in message.warnings
    assert message == format_sms("123456", SmsBodyOptions(service="ACME ✓ " * 12))


def test_enum_arguments_are_checked():
    with pytest.raises(TypeError, match="PushStyle"):
        push_message("123456", "Acme", "push")
    with pytest.raises(TypeError):
        android_app_hash("com.example", "not bytes")
    assert android_app_hash(RX["app_hash"][0]["package"],
                            bytearray.fromhex(RX["app_hash"][0]["certificate_der_hex"])) == RX["app_hash"][0]["hash"]

def test_check_app_hash_whole_token():
    h = "FA+9qCX9VSu"
    assert check_app_hash(f"<#> Your code is 123456\n\n{h}", h) == AppHashMatch.PRESENT
    assert check_app_hash(f"Code 123456 {h}.", h) == AppHashMatch.PRESENT
    for text in (f"<#> 123456\n\nx{h}", f"<#> 123456\n\n{h}Q", f"<#> 123456\n\n{h.lower()}", "<#> 123456", ""):
        assert check_app_hash(text, h) == AppHashMatch.MISSING, text
    v = RX["app_hash"][0]
    own = android_app_hash(v["package"], bytes.fromhex(v["certificate_der_hex"]))
    assert check_app_hash(f"<#> 123456\n{own}", own) == AppHashMatch.PRESENT


@pytest.mark.parametrize("bad", ["", "short", "FA+9qCX9VSuX", "FA-9qCX9VSu"])
def test_check_app_hash_refuses_a_malformed_hash(bad):
    with pytest.raises(OtpError.InvalidInput) as e:
        check_app_hash("FA+9qCX9VSu", bad)
    assert "invalid app hash" in assert_kind(e, InvalidInputKind.APP_HASH)
