//! Unit tests of `extract.rs` (a separate file to keep that one short).

use super::*;

fn code(text: &str) -> Option<String> {
    extract(text).map(|e| e.code)
}

#[test]
fn letter_codes_only_near_strong_keywords_change_nothing() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sms/");
    let file = std::fs::read_to_string(format!("{root}corpus.jsonl")).expect("corpus");
    let mut texts: Vec<String> = file
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus line");
            v["text"].as_str().expect("text").to_string()
        })
        .collect();
    let gaps = [
        "",
        " ",
        ": ",
        " is ",
        " $12.50 is: ",
        " on 12/05/2024: ",
        " at 12:30 is ",
        " for your account ",
        " https://x.example/a1 : ",
        " 4821 ",
    ];
    for gap in gaps {
        for lead in [
            "Your login code",
            "Verification code",
            "Ваш код подтверждения",
            "OTP",
        ] {
            for code in ["xkqpmt", "hrtwzq", "bcdfghjk", "pmt6bhcd"] {
                texts.push(format!("{lead}{gap}{code}"));
                texts.push(format!("{lead}{gap}{code}. Order 55120 ships soon"));
                texts.push(format!("Call 5512 now. {lead}{gap}{code}"));
            }
        }
    }
    let mut letter_codes = 0;
    for t in &texts {
        let (fast, full) = (extract(t), extract_with(t, true));
        letter_codes +=
            usize::from(fast.as_ref().is_some_and(|e| {
                e.code.len() > 5 && e.code.bytes().all(|b| b.is_ascii_lowercase())
            }));
        assert_eq!(fast, full, "{t:?}");
    }
    assert!(letter_codes > 10, "{letter_codes}");
}

#[test]
fn basic_shapes() {
    assert_eq!(
        code("Your verification code is 123456"),
        Some("123456".into())
    );
    assert_eq!(
        code("G-123456 is your Google verification code."),
        Some("123456".into())
    );
    assert_eq!(
        code("您的验证码是：８８２９１０，5分钟内有效"),
        Some("882910".into())
    );
    assert_eq!(code("رمز التحقق: ٤٥٦٧٨٩"), Some("456789".into()));
    assert_eq!(code("Your code: 123-456"), Some("123456".into()));
    assert_eq!(code("Paid $1,234.56 with card ending 4821"), None);
    assert_eq!(code("Use promo code SAVE20 for 20% off"), None);
}

#[test]
fn new_packs_find_their_codes() {
    for (text, want, lang) in [
        (
            "Ο κωδικός επαλήθευσης σας είναι 482916. Μην τον γνωστοποιήσετε σε κανέναν.",
            "482916",
            "el",
        ),
        (
            "Autorizační SMS kód: 73920155. Platba 1 299,00 Kč u ALZA.CZ.",
            "73920155",
            "cs",
        ),
        (
            "El teu codi de verificació és 381204. No el comparteixis amb ningú.",
            "381204",
            "ca",
        ),
        (
            "Vahvistuskoodisi on 274019. Älä kerro koodia kenellekään.",
            "274019",
            "fi",
        ),
        ("bKash যাচাইকরণ কোড: ৭৩৮২৯১. মেয়াদ ৩ মিনিট।", "738291", "bn"),
        (
            "BankID: Engångskod 52817 för inloggning. Gäller i 3 minuter.",
            "52817",
            "sv",
        ),
        (
            "Din engangskode er 318402. Koden udløber om 10 minutter.",
            "318402",
            "da",
        ),
        (
            "Vipps: Bekreftelseskode 8815. Koden er gyldig i 5 minutter.",
            "8815",
            "nb",
        ),
        (
            "BT: Cod de confirmare 5519 pentru plata de 120,50 RON la EMAG.",
            "5519",
            "ro",
        ),
        (
            "Az Ön ellenőrző kódja: 481920. Ne adja meg senkinek.",
            "481920",
            "hu",
        ),
        (
            "Kod pengesahan anda ialah 629401. Jangan kongsi kod ini.",
            "629401",
            "ms",
        ),
        (
            "GCash: Ang iyong verification code ay 5521. Valid ng 5 minuto.",
            "5521",
            "fil",
        ),
        (
            "آپ کا تصدیقی کوڈ 518290 ہے۔ یہ کوڈ کسی کو نہ بتائیں۔",
            "518290",
            "ur",
        ),
        (
            "Nambari yako ya uthibitisho ni 604821. Usimpe mtu yeyote.",
            "604821",
            "sw",
        ),
        (
            "உங்கள் சரிபார்ப்பு குறியீடு 493021. இதை யாருடனும் பகிர வேண்டாம்.",
            "493021",
            "ta",
        ),
    ] {
        let e = extract(text).unwrap_or_else(|| panic!("{lang}: no code in {text:?}"));
        assert_eq!(e.code, want, "{lang}");
        assert_eq!(e.language.as_deref(), Some(lang), "{lang}: {:?}", e.keyword);
    }
}

#[test]
fn bidi_marks_around_codes() {
    let m = "رمز التحقق: \u{200f}482-913\u{200f}";
    let e = extract(m).expect("code between right-to-left marks");
    assert_eq!(e.code, "482913");
    assert_eq!(&m[e.start as usize..e.end as usize], "482-913");
    assert_eq!(
        code("کد تایید شما \u{2067}۵۵۱۲۰۹\u{2069} است"),
        Some("551209".into())
    );
    assert_eq!(
        code("Your code is \u{2066}7731\u{2069}."),
        Some("7731".into())
    );
    // Marks inside the code, between a digit group and its separator.
    let m = "رمز التحقق \u{200f}٤٨٢\u{200f}-\u{200f}٩١٣\u{200f} لا تشاركه";
    let e = extract(m).expect("marks inside a dashed code");
    assert_eq!(e.code, "482913");
    assert_eq!(
        &m[e.start as usize..e.end as usize],
        "٤٨٢\u{200f}-\u{200f}٩١٣"
    );
    assert_eq!(code("Code: 123\u{200e} \u{200e}456"), Some("123456".into()));
    // Two visible separators are still two numbers.
    assert_eq!(code("Code: 123 - 456"), None);
}

#[test]
fn app_hash_messages_without_a_pack() {
    // Estonian and Lithuanian: no keyword pack, but the SMS Retriever hash ends the message.
    let e = extract("<#> Teie kinnituskood: 604117\nFA+9qCX9VSu").expect("retriever layout");
    assert_eq!((e.code.as_str(), e.evidence), ("604117", Evidence::Layout));
    assert_eq!(
        code("Jūsų patvirtinimo kodas yra 77 31 kR9sT2bQ1xW"),
        Some("7731".into())
    );
    // Two numbers, an amount only, or no hash: nothing.
    assert_eq!(code("Makse 4471 ja 9920 kinnitus\nFA+9qCX9VSu"), None);
    assert_eq!(code("Makse 25,50 EUR kinnitatud\nFA+9qCX9VSu"), None);
    assert_eq!(code("Tellimus 44120, summa 25,50 EUR.\nFA+9qCX9VSu"), None);
    assert_eq!(code("Teie kinnituskood on siin 604117 palun"), None);
    // An 11-letter word is not a hash.
    assert_eq!(code("Teie number 604117 information"), None);
}

#[test]
fn finnish_on_after_a_keyword_is_a_copula() {
    assert_eq!(code("Vahvistuskoodisi on 274019."), Some("274019".into()));
    // Elsewhere `on` still introduces a date or a place, not a code.
    assert_eq!(code("Your code was used on 1204 devices"), None);
}

#[test]
fn context_words_silence_weak_keywords() {
    // Lottery scam: "PIN code" next to a random-looking token.
    assert_eq!(
        code("Congratulations! You won a prize. PIN CODE 7Q4W8E2R, call now"),
        None
    );
    assert_eq!(
        code("Selamat anda pemenang undian Rp50jt. Kode 55120984"),
        None
    );
    // Cheque, course and parcel-return codes.
    assert_eq!(code("Your cheque code 30118842 has been issued"), None);
    assert_eq!(code("Reminder: course code is CS204, room B12"), None);
    assert_eq!(code("Mata kuliah Basis Data dgn kode TI304 dipindah"), None);
    assert_eq!(
        code("Return label ready. Code: 8KX2QP, drop it at any locker"),
        None
    );
    // Advertising without a negative keyword: alphanumerics are never taken.
    assert_eq!(code("Disc.25% all pizzas this week. Kode:PZ25K"), None);
    // A letter prefix before digits needs a strong keyword.
    assert_eq!(code("Exam hall code: MA2041"), None);
    assert_eq!(code("Your code is MA2041"), Some("MA2041".into()));
    // Strong keywords still work in such messages.
    assert_eq!(
        code("Your OTP is 482913 to redeem your reward points."),
        Some("482913".into())
    );
    assert_eq!(
        code("Kode OTP 551902 untuk klaim hadiah. Jangan berikan ke siapa pun."),
        Some("551902".into())
    );
}

#[test]
fn keyword_linked_across_amounts_cards_and_ibans() {
    assert_eq!(
        code("Le code pour confirmer votre achat de 120,00 EUR chez DARTY avec la carte ****5521 est : 39018822"),
        Some("39018822".into())
    );
    assert_eq!(
        code("La clave para autorizar tu compra de 45,00 EUR en AMAZON con la tarjeta *1234 es 8821."),
        Some("8821".into())
    );
    // The negative `IBAN` names the IBAN, not the code after it.
    assert_eq!(
        code("Ihre TAN für die Zahlung von 89,00 EUR, IBAN DE12 5001 0517 0648 4898 90, lautet 44018273."),
        Some("44018273".into())
    );
    assert_eq!(
        code("Transfer to IBAN GB33 BUKB 2020 1555 5555 55 completed."),
        None
    );
    // Still one sentence: a code in the next sentence is not linked.
    assert_eq!(code("The code for your order. Total is 4412."), None);
}

#[test]
fn more_code_shapes() {
    // Three digits only as the value of a keyword.
    assert_eq!(
        code("Your Starbucks verification code is 418."),
        Some("418".into())
    );
    assert_eq!(code("Ihr Code lautet 512."), Some("512".into()));
    assert_eq!(code("Press 1 for code 200 help"), None);
    assert_eq!(code("Room 512 is ready. Your key code will follow."), None);
    // Random-looking lower-case letter codes right after a strong keyword and a colon/copula.
    assert_eq!(
        code("Your Tumblr login code: xkqpmt"),
        Some("xkqpmt".into())
    );
    assert_eq!(code("Your verification code is invalid. Try again."), None);
    assert_eq!(code("Codul de verificare pentru contul tau"), None);
    // Two dashed groups of five alone on a line.
    assert_eq!(
        code("Your recovery code:\n48291-03817\nKeep it safe."),
        Some("4829103817".into())
    );
    assert_eq!(code("Call us at\n98765-43210\nMon-Fri 9-5"), None);
    // Display prefixes from the data list.
    assert_eq!(
        code("Your approval code is AMEX-551920. It expires in 10 minutes."),
        Some("551920".into())
    );
    assert_eq!(code("REF-882019 Your parcel has been dispatched."), None);
    // Three or more unequal groups are one longer number, not a code and two others.
    assert_eq!(code("Your Webex access code: 2401 992 881"), None);
    // A strong keyword opening the clause owns the value after the copula.
    assert_eq!(
        code("IRCTC: OTP for your booking is 551203. PNR 4410293881."),
        Some("551203".into())
    );
    assert_eq!(code("Your booking is 551203."), None);
}

#[test]
fn compounds_verbs_and_unaccented_words() {
    assert_eq!(
        code("N26: Dein Kopplungscode lautet 8832."),
        Some("8832".into())
    );
    assert_eq!(
        code("Dein Rabattcode SOMMER20 ist bis Sonntag gültig."),
        None
    );
    assert_eq!(code("Text JOIN to shortcode 88022 for updates."), None);
    assert_eq!(
        code("Enter 402918 to finish logging in. Don't share it."),
        Some("402918".into())
    );
    assert_eq!(
        code("Gebruik 4410 om in te loggen bij Marktplaats."),
        Some("4410".into())
    );
    assert_eq!(
        code("5520 為您的登入代碼，請勿提供給他人。"),
        Some("5520".into())
    );
    assert_eq!(
        code("Ma kich hoat tai khoan cua ban la 4419"),
        Some("4419".into())
    );
    // Customer, card and sort-code numbers are not codes; the code still wins.
    assert_eq!(
        code("Sort code 20-45-77, account 41203398. Your confirmation code is 882013."),
        Some("882013".into())
    );
    assert_eq!(code("Sort code 20-45-77, account number 41203398."), None);
}

#[test]
fn spans_point_into_the_original() {
    let m = "Код: ١٢٣٤٥٦";
    let e = extract(m).unwrap();
    assert_eq!(&m[e.start as usize..e.end as usize], "١٢٣٤٥٦");
    assert_eq!(e.evidence, Evidence::Keyword);
    assert_eq!(e.language.as_deref(), Some("ru"));
}

#[test]
fn origin_bound_wins() {
    let e = extract("Your code is 111111\n\n@example.com #222222").unwrap();
    assert_eq!(
        (e.code.as_str(), e.evidence),
        ("222222", Evidence::OriginBound)
    );
    assert_eq!(e.origin.as_deref(), Some("example.com"));
}

#[test]
fn sentence_breaks() {
    for text in ["code. 1234", "code! x", "code? x", "a\n\nb", "验证码。123"] {
        assert!(sentence_break(text), "{text:?}");
    }
    for text in ["code: 1234", "v1.2 is", "a\nb", "3.50 eur", "、"] {
        assert!(!sentence_break(text), "{text:?}");
    }
}

#[test]
fn overlapping_decoys_are_merged() {
    let mut spans = vec![(5, 9), (0, 3), (2, 4), (8, 12)];
    merge_spans(&mut spans);
    assert_eq!(spans, vec![(0, 4), (5, 12)]);
    // A month date overlapping a numeric date: no distance underflow, still no code.
    assert_eq!(code("Due jun 12/2024, code 12/2024"), None);
}

#[test]
fn layout_and_limits() {
    let e = extract("Acme\n482913").unwrap();
    assert_eq!(e.evidence, Evidence::Layout);
    assert_eq!(extract(&"1".repeat(MAX_MESSAGE_BYTES + 1)), None);
    assert_eq!(extract(""), None);
}
