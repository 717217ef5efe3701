//! Twilio adapter: request shapes, answer mapping and status-callback verification, from the
//! documented examples.

use super::*;
use crate::delivery::message::PhoneNumber;

const SID: &str = "AC00000000000000000000000000000000";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn twilio(f: impl FnOnce(&mut TwilioConfig)) -> Twilio {
    let mut c = TwilioConfig::new(SID, TOKEN);
    f(&mut c);
    Twilio::new(c).unwrap()
}

fn form(r: &HttpRequest) -> Vec<(String, String)> {
    form_urlencoded::parse(&r.body).into_owned().collect()
}

fn send<'a>(
    channel: Channel,
    to: &'a PhoneNumber,
    from: &'a SenderId,
    callback: Option<&'a str>,
) -> OutboundMessage<'a> {
    OutboundMessage {
        channel,
        to,
        from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch1.0",
        callback_url: callback,
    }
}

fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("retry-after".into(), "3".into())],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn sms_request_is_the_documented_form_post() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let t = twilio(|_| {});
    let r = t
        .request(&send(
            Channel::Sms,
            &to,
            &from,
            Some("https://h.example/twilio?token=x"),
        ))
        .unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(
        r.url,
        format!("https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json")
    );
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{SID}:{TOKEN}"))
    );
    assert_eq!(r.header_value("authorization"), Some(expected.as_str()));
    assert_eq!(
        r.header_value("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let f = form(&r);
    assert_eq!(field(&f, "To"), Some("+447700900123"));
    assert_eq!(field(&f, "From"), Some("Acme"));
    assert_eq!(field(&f, "Body"), Some("482913 is your Acme code"));
    assert_eq!(
        field(&f, "StatusCallback"),
        Some("https://h.example/twilio?token=x")
    );
    // `+` must travel percent-encoded, or Twilio reads a space.
    assert!(std::str::from_utf8(&r.body)
        .unwrap()
        .contains("To=%2B447700900123"));
}

#[test]
fn api_key_sends_but_path_keeps_the_account() {
    let t = twilio(|c| {
        c.api_key = Some(TwilioApiKey {
            sid: "SK11111111111111111111111111111111".into(),
            secret: Zeroizing::new("keysecret".into()),
        })
    });
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let r = t.request(&send(Channel::Sms, &to, &from, None)).unwrap();
    assert!(r.url.contains(SID));
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode("SK11111111111111111111111111111111:keysecret")
    );
    assert_eq!(r.header_value("authorization"), Some(expected.as_str()));
    assert!(field(&form(&r), "StatusCallback").is_none());
}

#[test]
fn whatsapp_template_or_body() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+14155550100").unwrap();
    let content = "HX0123456789abcdef0123456789abcdef";
    let t = twilio(|c| c.whatsapp_content_sid = Some(content.into()));
    let r = t
        .request(&send(Channel::WhatsApp, &to, &from, None))
        .unwrap();
    let f = form(&r);
    assert_eq!(field(&f, "To"), Some("whatsapp:+447700900123"));
    assert_eq!(field(&f, "From"), Some("whatsapp:+14155550100"));
    assert_eq!(field(&f, "ContentSid"), Some(content));
    assert_eq!(field(&f, "ContentVariables"), Some(r#"{"1":"482913"}"#));
    assert!(field(&f, "Body").is_none());

    let plain = twilio(|_| {});
    let f = form(
        &plain
            .request(&send(Channel::WhatsApp, &to, &from, None))
            .unwrap(),
    );
    assert_eq!(field(&f, "Body"), Some("482913 is your Acme code"));
    assert!(field(&f, "ContentSid").is_none());

    // An alphanumeric sender cannot send WhatsApp; a long code does not fit the template.
    let name = SenderId::parse("Acme").unwrap();
    assert!(matches!(
        t.request(&send(Channel::WhatsApp, &to, &name, None)),
        Err(SendError::Invalid { .. })
    ));
    let mut long = send(Channel::WhatsApp, &to, &from, None);
    long.code = "123456789012345";
    assert!(matches!(t.request(&long), Err(SendError::Invalid { .. })));
}

#[test]
fn voice_reads_the_code_digit_by_digit_in_escaped_twiml() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+14155550100").unwrap();
    let t = twilio(|c| {
        c.voice_language = "en-GB".into();
        c.voice_name = Some("Polly.Amy".into());
    });
    let mut m = send(Channel::Voice, &to, &from, Some("https://h.example/cb"));
    m.text = "Your <Acme> & co code: 482913";
    let r = t.request(&m).unwrap();
    assert!(r.url.ends_with(&format!("/Accounts/{SID}/Calls.json")));
    let f = form(&r);
    assert_eq!(field(&f, "To"), Some("+447700900123"));
    assert_eq!(field(&f, "From"), Some("+14155550100"));
    assert_eq!(
        field(&f, "Twiml"),
        Some(
            "<Response><Say language=\"en-GB\" voice=\"Polly.Amy\" loop=\"2\">Your &lt;Acme&gt; \
             &amp; co code: 4, 8, 2, 9, 1, 3</Say></Response>"
        )
    );
    assert_eq!(field(&f, "StatusCallback"), Some("https://h.example/cb"));
    assert_eq!(spoken("Call now", "12"), "Call now. 1, 2.");

    let off = twilio(|c| c.voice = false);
    assert!(!off.supports(Channel::Voice));
    assert!(matches!(off.request(&m), Err(SendError::Invalid { .. })));
    let mut long = m;
    let text = "x".repeat(MAX_TWIML);
    long.text = &text;
    assert!(matches!(t.request(&long), Err(SendError::Invalid { .. })));
}

#[test]
fn config_is_checked_and_debug_hides_secrets() {
    let bad = |f: fn(&mut TwilioConfig)| {
        let mut c = TwilioConfig::new(SID, TOKEN);
        f(&mut c);
        Twilio::new(c).is_err()
    };
    assert!(bad(|c| c.account_sid = "AC123".into()));
    assert!(bad(
        |c| c.account_sid = "XX00000000000000000000000000000000".into()
    ));
    assert!(bad(|c| c.auth_token = Zeroizing::new(String::new())));
    assert!(bad(|c| c.base_url = "http://api.twilio.com".into()));
    assert!(bad(|c| c.base_url = "https://api.twilio.com/".into()));
    assert!(bad(|c| c.whatsapp_content_sid = Some("HX1".into())));
    assert!(bad(|c| c.voice_language = "en US\"".into()));
    assert!(bad(|c| c.voice_name = Some("a\"b".into())));
    assert!(bad(|c| c.voice_repeat = 0));
    assert!(bad(|c| c.api_key = Some(TwilioApiKey {
        sid: "SK1".into(),
        secret: Zeroizing::new("s".into())
    })));
    let d = format!("{:?}", twilio(|_| {}));
    assert!(!d.contains(TOKEN), "{d}");
}

#[test]
fn documented_answers_map_to_typed_results() {
    let t = twilio(|_| {});
    let ok = t
        .response(&resp(
            201,
            r#"{"sid":"SM1f0e8ae6ade43cb3c0ce4525424e404f","status":"queued","error_code":null}"#,
        ))
        .unwrap();
    assert_eq!(ok.message_id, "SM1f0e8ae6ade43cb3c0ce4525424e404f");
    assert_eq!(ok.status, DeliveryStatus::Accepted);
    assert!(matches!(
        t.response(&resp(201, r#"{"status":"queued"}"#)),
        Err(SendError::Protocol { .. })
    ));
    assert!(matches!(
        t.response(&resp(201, "<xml/>")),
        Err(SendError::Protocol { .. })
    ));

    let err = |code: u32, status: u16| {
        format!(
            r#"{{"code":{code},"message":"The 'To' number +15005550001 is not valid.","more_info":"https://www.twilio.com/docs/errors/{code}","status":{status}}}"#
        )
    };
    for code in [21211, 21408, 21610, 21614, 63016] {
        match t.response(&resp(400, &err(code, 400))) {
            Err(SendError::Rejected {
                status: 400,
                code: Some(c),
                detail,
                ..
            }) => {
                assert_eq!(c, code.to_string());
                // The number Twilio quotes does not reach the error.
                assert_eq!(detail, "The 'To' number … is not valid.");
            }
            other => panic!("{code}: {other:?}"),
        }
    }
    assert_eq!(
        t.response(&resp(401, &err(20003, 401))),
        Err(SendError::Unauthorized {
            provider: KIND,
            status: 401
        })
    );
    assert_eq!(
        t.response(&resp(429, &err(20429, 429))),
        Err(SendError::RateLimited {
            provider: KIND,
            retry_after: Some(3)
        })
    );
    let e = t.response(&resp(503, "")).unwrap_err();
    assert!(e.maybe_sent() && e.is_transient());
    assert!(matches!(
        t.response(&resp(404, "not json")),
        Err(SendError::Protocol { .. })
    ));
    assert!(matches!(
        t.response(&resp(302, "")),
        Err(SendError::Protocol { .. })
    ));
    assert_eq!(t.idempotency(), Idempotency::None);
}

#[test]
fn signature_matches_twilios_documented_example() {
    // twilio.com/docs/usage/webhooks/webhooks-security: token 12345, this URL and these
    // parameters sign to 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
    let params: Vec<(String, String)> = [
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+12349013030"),
        ("Digits", "1234"),
        ("From", "+12349013030"),
        ("To", "+18005551212"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let mut shuffled = params.clone();
    shuffled.reverse();
    assert_eq!(
        signature(
            "12345",
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            &shuffled
        ),
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    );
}

const HOOK: &str = "https://hooks.example.com/twilio/status?token=abc";
const BODY: &str = "SmsSid=SM11111111111111111111111111111111&SmsStatus=undelivered\
    &MessageStatus=undelivered&To=%2B15558675310&MessageSid=SM11111111111111111111111111111111\
    &AccountSid=AC00000000000000000000000000000000&From=%2B15017122661&ApiVersion=2010-04-01\
    &ErrorCode=30003";
/// HMAC-SHA1 of HOOK + sorted BODY parameters with TOKEN, computed independently
/// (Python's hmac module).
const BODY_SIG: &str = "NBhbbY4ff8+FC6CG3D2usF2SpbQ=";

fn hook<'a>(headers: &'a [(String, String)], url: &'a str, body: &'a [u8]) -> WebhookRequest<'a> {
    WebhookRequest {
        method: "POST",
        url,
        headers,
        body,
    }
}

fn sig(v: &str) -> Vec<(String, String)> {
    vec![("X-Twilio-Signature".to_owned(), v.to_owned())]
}

#[test]
fn signed_status_callback_is_read() {
    let t = twilio(|_| {});
    let h = sig(BODY_SIG);
    let reports = t.receipt(&hook(&h, HOOK, BODY.as_bytes()), 0).unwrap();
    assert_eq!(
        reports,
        vec![DeliveryReport {
            provider: KIND,
            message_id: "SM11111111111111111111111111111111".into(),
            status: DeliveryStatus::Failed,
            error_code: Some("30003".into()),
        }]
    );
}

#[test]
fn forged_tampered_or_unsigned_callbacks_are_refused() {
    let t = twilio(|_| {});
    let h = sig(BODY_SIG);
    let tampered = BODY.replace("undelivered", "delivered");
    for (headers, url, body) in [
        (sig(BODY_SIG), HOOK, tampered.as_str()),
        (
            h.clone(),
            "https://hooks.example.com/twilio/status?token=abd",
            BODY,
        ),
        (sig("NBhbbY4ff8+FC6CG3D2usF2SpbR="), HOOK, BODY),
        (vec![], HOOK, BODY),
    ] {
        assert!(
            matches!(
                t.receipt(&hook(&headers, url, body.as_bytes()), 0),
                Err(WebhookError::Unauthenticated(_))
            ),
            "{url} {headers:?}"
        );
    }
    // Another account's token.
    let other = Twilio::new(TwilioConfig::new(SID, "ffffffffffffffffffffffffffffffff")).unwrap();
    assert!(matches!(
        other.receipt(&hook(&h, HOOK, BODY.as_bytes()), 0),
        Err(WebhookError::Unauthenticated(_))
    ));
}

#[test]
fn numbers_are_scrubbed_from_provider_texts() {
    assert_eq!(scrub_numbers("+447700900123 is bad"), "… is bad");
    assert_eq!(
        scrub_numbers("code 482913, try 2 times"),
        "code …, try 2 times"
    );
    assert_eq!(scrub_numbers("a+b 123"), "a+b 123");
}

#[test]
fn default_port_may_be_written_or_not() {
    assert_eq!(
        with_other_port_form("https://h.example:443/p?q=1").as_deref(),
        Some("https://h.example/p?q=1")
    );
    assert_eq!(
        with_other_port_form("https://h.example/p").as_deref(),
        Some("https://h.example:443/p")
    );
    assert_eq!(
        with_other_port_form("http://[::1]/p").as_deref(),
        Some("http://[::1]:80/p")
    );
    assert_eq!(with_other_port_form("https://h.example:8443/p"), None);
    let t = twilio(|_| {});
    let h = sig(BODY_SIG);
    let with_port = HOOK.replace("hooks.example.com", "hooks.example.com:443");
    assert!(t.receipt(&hook(&h, &with_port, BODY.as_bytes()), 0).is_ok());
    let other_port = HOOK.replace("hooks.example.com", "hooks.example.com:8443");
    assert!(t
        .receipt(&hook(&h, &other_port, BODY.as_bytes()), 0)
        .is_err());
}

fn signed(t: &Twilio, params: &[(&str, &str)]) -> (Vec<(String, String)>, Vec<u8>) {
    let mut enc = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        enc.append_pair(k, v);
    }
    let body = enc.finish().into_bytes();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    (sig(&signature(&t.config().auth_token, HOOK, &pairs)), body)
}

#[test]
fn call_and_message_statuses_map() {
    let t = twilio(|_| {});
    for (status, expected) in [
        ("completed", DeliveryStatus::Delivered),
        ("no-answer", DeliveryStatus::Failed),
        ("busy", DeliveryStatus::Failed),
        ("failed", DeliveryStatus::Failed),
        ("in-progress", DeliveryStatus::Sent),
    ] {
        let (h, body) = signed(
            &t,
            &[
                ("CallSid", "CA22222222222222222222222222222222"),
                ("CallStatus", status),
                ("AccountSid", SID),
            ],
        );
        let r = t.receipt(&hook(&h, HOOK, &body), 0).unwrap();
        assert_eq!(r[0].status, expected, "{status}");
        assert_eq!(r[0].message_id, "CA22222222222222222222222222222222");
    }
    for (status, expected) in [
        ("queued", DeliveryStatus::Accepted),
        ("sent", DeliveryStatus::Sent),
        ("delivered", DeliveryStatus::Delivered),
        ("read", DeliveryStatus::Delivered),
        ("failed", DeliveryStatus::Failed),
    ] {
        let (h, body) = signed(
            &t,
            &[
                ("MessageSid", "SM3"),
                ("MessageStatus", status),
                ("AccountSid", SID),
            ],
        );
        assert_eq!(
            t.receipt(&hook(&h, HOOK, &body), 0).unwrap()[0].status,
            expected
        );
    }
    // Inbound message: verified, no report.
    let (h, body) = signed(&t, &[("MessageSid", "SM4"), ("SmsStatus", "received")]);
    assert!(t.receipt(&hook(&h, HOOK, &body), 0).unwrap().is_empty());
    // Signed but another account, or not a status callback.
    let (h, body) = signed(
        &t,
        &[
            ("MessageSid", "SM5"),
            ("MessageStatus", "delivered"),
            ("AccountSid", "AC99999999999999999999999999999999"),
        ],
    );
    assert!(matches!(
        t.receipt(&hook(&h, HOOK, &body), 0),
        Err(WebhookError::Unauthenticated(_))
    ));
    let (h, body) = signed(&t, &[("Foo", "bar")]);
    assert!(matches!(
        t.receipt(&hook(&h, HOOK, &body), 0),
        Err(WebhookError::Malformed(_))
    ));
}
