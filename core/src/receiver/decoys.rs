//! Numbers that must never be returned as codes: amounts, card and account endings, phone
//! numbers, dates, times, validity periods, order/tracking/reference numbers, URLs, app hashes.
//!
//! Three rule sets, all on normalized (lower-case, ASCII-digit) text, compiled once:
//! * spans: whole decoy expressions (`$1,234.56`, `+1 (555) 123-4567`, `2024-05-12`, `12:30`);
//! * prefixes: words right before a number that say what it is (`card ending`, `order #`,
//!   `call`, `尾号`);
//! * suffixes: units right after a number (`minutes`, `%`, `руб`, `分钟`).

use super::trie::{layout, trie_form, Trie, TrieBuilder};
use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// Month names and abbreviations (en, es, pt, fr, de, it, nl, tr, pl, ru), for dates.
const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|augustus|ocak|şubat|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря";

/// Currency symbols and codes written before or after an amount.
const CURRENCY_SIGNS: &str = r"[€£¥₹₽₩₺₪₫฿₱₦₴₸]";
const CURRENCY_BEFORE: &str = r"(?:usd|eur|gbp|rs|inr|rp|idr|r\$|rm|sgd|hkd|aed|sar|jpy|cny|rmb|krw|try|pln|mxn|brl|vnd|thb|php|ngn|kes|egp|irr|ils|nis|chf|sek|nok|dkk|czk|huf|uah|rub|us\$|a\$|c\$|hk\$|s\$|nt\$)\.?";
const CURRENCY_AFTER_ASCII: &str = r"(?:usd|eur|euros?|gbp|inr|rs|rupees?|idr|rp|sgd|hkd|aed|sar|jpy|yen|cny|rmb|yuan|krw|won|try|tl|lira|pln|zl|czk|kc|huf|ft|lei|mxn|pesos?|brl|reais|vnd|dong|thb|baht|chf|sek|nok|dkk|kr|uah|rub|dollars?)";
const CURRENCY_AFTER_OTHER: &str = r"(?:zł|kč|dólares|đồng|đ|руб|рубл|р\.|грн|тг|сум|元|圆|块|円|원|บาท|ريال|ر\.س|درهم|دينار|جنيه|تومان|ریال|ש״ח|ש\x22ח|שקל|रुपये|रु)";

/// Lazy-DFA cache per regex: large enough that a stream of varied messages in many scripts does
/// not keep clearing it (which would make the regex engine fall back to a slower one).
pub(crate) const DFA_CACHE_BYTES: usize = 8 << 20;

/// Compiles one of the fixed patterns of this module (a bug, not an input error, if invalid).
pub(crate) fn compile(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .dfa_size_limit(DFA_CACHE_BYTES)
        .size_limit(64 << 20)
        .build()
        .expect("receiver patterns are valid regexes")
}

/// The span rules, as two regexes: expressions written with ASCII only (always needed) and
/// those with characters of other scripts (CJK and Korean dates and times, currency signs and
/// words, `№`, `…1234`), built and run only for text with non-ASCII characters.
fn span_regex(other_scripts: bool) -> &'static Regex {
    static ASCII: OnceLock<Regex> = OnceLock::new();
    static OTHER: OnceLock<Regex> = OnceLock::new();
    let cell = if other_scripts { &OTHER } else { &ASCII };
    cell.get_or_init(|| compile(&span_parts(other_scripts).join("|")))
}

/// The ASCII span regex without its last alternative, the app hash at the end of the text. That
/// alternative can start at any space, which makes the automaton much larger (and every message
/// slower); where it cannot match, the two regexes find the same spans, so this one is run on
/// messages that do not end with an app-hash-shaped token ([`app_hash_possible`]).
fn span_regex_no_hash() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let mut parts = span_parts(false);
        parts.pop();
        compile(&parts.join("|"))
    })
}

/// Whether the app-hash alternative of the span regex can match: the text ends (before
/// spaces, tabs and newlines) with exactly 11 of `[a-z0-9+/]` after a space or the text start.
fn app_hash_possible(text: &str) -> bool {
    let t = text.trim_end_matches([' ', '\t', '\n', '\r']).as_bytes();
    t.len() >= 11
        && t[t.len() - 11..]
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'+' || b == b'/')
        && (t.len() == 11 || matches!(t[t.len() - 12], b' ' | b'\t' | b'\n' | b'\r'))
}

/// URLs, short links and e-mail addresses: built and run only for text with a `/`, an `@` or
/// `www.` (every form of them has one).
fn link_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        compile(concat!(
            r"(?:https?://|www\.)[^ \t\n\r]+",
            r"|[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.[a-z]{2,6}/[^ \t\n\r]*",
            r"|[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+",
        ))
    })
}

/// Dates written with a month name (`12 May 2024`, `May 12, 2024`, `mayo de 2024`): only a
/// year-like four-digit number can be mistaken for a code there, so this pattern is compiled
/// and run only for messages with such a candidate (it is the costliest one to build).
fn month_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let b = r"(?-u:\b)";
        // Longest names first, so `mayo` is not read as `may` + `o`.
        let mut names: Vec<&str> = MONTHS.split('|').collect();
        names.sort_by_key(|m| std::cmp::Reverse(m.len()));
        let months = names.join("|");
        let parts = [
            format!(r"{b}(?:{months})\.?[ \t\n\r][0-9]{{1,2}}(?:st|nd|rd|th)?(?:,?[ \t\n\r][0-9]{{4}})?{b}"),
            format!(r"{b}[0-9]{{1,2}}(?:st|nd|rd|th|er|\.)?[ \t\n\r](?:de[ \t\n\r])?(?:{months})\.?(?:,?[ \t\n\r](?:de[ \t\n\r])?[0-9]{{4}})?"),
            format!(r"(?:{months})\.?[ \t\n\r](?:de[ \t\n\r])?[0-9]{{4}}{b}"),
        ];
        compile(&parts.join("|"))
    })
}

/// Byte spans (in `text`) of dates written with a month name.
pub(crate) fn month_date_spans(text: &str) -> Vec<(usize, usize)> {
    month_regex()
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// The alternatives of the span regex.
fn span_parts(other_scripts: bool) -> Vec<String> {
    let b = r"(?-u:\b)";
    if other_scripts {
        return vec![
            r"[0-9]{2,4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?|[0-9]{1,2}月[0-9]{1,2}[日号號]?"
                .to_string(),
            r"[0-9]{2,4}년|[0-9]{1,2}월(?:[ \t\n\r]?[0-9]{1,2}일)?".to_string(),
            r"[0-9]{1,2}[時点點][0-9]{1,2}分?|[0-9]{1,2}시[ \t\n\r]?[0-9]{1,2}분".to_string(),
            format!(
                r"(?:{CURRENCY_SIGNS}|руб\.?|грн\.?)[ \t\n\r]?[0-9][[0-9],.']*(?:[ \t\n\r][0-9]{{3}}{b})*"
            ),
            format!(
                r"[0-9][[0-9],.']*(?:[ \t\n\r][0-9]{{3}}{b})*[ \t\n\r]?(?:{CURRENCY_SIGNS}|{CURRENCY_AFTER_OTHER})"
            ),
            r"[•·]+[ \t\n\r]?[0-9]{2,}|…[0-9]+|№[ \t\n\r]?[0-9]+|n[°º][ \t\n\r]?[0-9]+".to_string(),
        ];
    }
    let parts = [
        // IBANs, spaced or not (`de89 3704 0044 0532 0130 00`, `gb33 bukb 2020 1555 5555 55`).
        format!(
            r"{b}[a-z]{{2}}[0-9]{{2}} ?[a-z0-9]{{4}}(?: ?[0-9]{{4}}){{2,7}}(?: ?[0-9]{{1,3}})?{b}"
        ),
        // Phone numbers.
        r"\+[ \t\n\r]?[0-9][[0-9][ \t\n\r]().\-]{6,}[0-9]".to_string(),
        r"\([0-9]{2,5}\)[ \t\n\r]?[0-9]{2,4}(?:[[ \t\n\r].\-]?[0-9]{2,4}){1,2}".to_string(),
        format!(r"{b}1[[ \t\n\r].\-][0-9]{{3}}[[ \t\n\r].\-][0-9]{{3}}[[ \t\n\r].\-][0-9]{{4}}{b}"),
        format!(r"{b}[0-9]{{2,4}}[[ \t\n\r].\-][0-9]{{3,4}}[[ \t\n\r].\-][0-9]{{4}}{b}"),
        format!(
            r"{b}0[0-9]{{1,4}}[[ \t\n\r].\-][0-9]{{2,4}}[[ \t\n\r].\-][0-9]{{2,4}}(?:[[ \t\n\r].\-][0-9]{{2,4}})?{b}"
        ),
        format!(r"{b}1[5-9][0-9][0-9]-[0-9]{{4}}{b}"),
        format!(r"{b}[0-9]{{3}}-[0-9]{{4}}{b}"),
        // Dates.
        format!(r"{b}[0-9]{{4}}[\-./][0-9]{{1,2}}[\-./][0-9]{{1,2}}{b}"),
        format!(r"{b}[0-9]{{1,2}}[\-./][0-9]{{1,2}}[\-./][0-9]{{2,4}}{b}"),
        format!(r"{b}[0-9]{{1,2}}/[0-9]{{1,4}}{b}"),
        format!(r"{b}[0-9]{{4}}\.[ \t\n\r]?[0-9]{{1,2}}\.[ \t\n\r]?[0-9]{{1,2}}\.?"),
        // Times.
        format!(r"{b}[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?:[ \t\n\r]?[ap]\.?m\.?)?"),
        format!(r"{b}[0-9]{{1,4}}[ \t\n\r]?[ap]\.?m{b}\.?"),
        format!(r"{b}[0-9]{{1,2}}h[0-9]{{2}}{b}"),
        // Amounts, thousands separators, decimals, percentages.
        format!(
            r"(?:\$|{b}{CURRENCY_BEFORE})[ \t\n\r]?[0-9][[0-9],.']*(?:[ \t\n\r][0-9]{{3}}{b})*"
        ),
        format!(
            r"[0-9][[0-9],.']*(?:[ \t\n\r][0-9]{{3}}{b})*[ \t\n\r]?(?:\$|{CURRENCY_AFTER_ASCII}{b})"
        ),
        format!(r"{b}[0-9]{{1,3}}(?:[,.'][0-9]{{3}})+(?:[.,][0-9]+)?{b}"),
        format!(r"{b}[0-9]+\.[0-9]+{b}"),
        format!(r"{b}[0-9]+,[0-9]{{1,2}}{b}"),
        r"[0-9]+(?:[.,][0-9]+)?[ \t\n\r]?%".to_string(),
        // Masked card/account numbers and hash-numbered things.
        format!(r"{b}x+[0-9]{{2,}}|\*+[ \t\n\r]?[0-9]{{2,}}|\.{{2,}}[0-9]+|#[ \t\n\r]?[0-9]+"),
        // Ordinals.
        format!(r"{b}[0-9]+(?:st|nd|rd|th){b}"),
        // Android app hash as the last token (last: `span_regex_no_hash` leaves it out).
        r"(?:^|[ \t\n\r])[a-z0-9+/]{11}[ \t\n\r]*$".to_string(),
    ];
    parts.to_vec()
}

/// Words right before a number that say what it is (`card`, `order`, `ref`, `balance`, `call`,
/// `expires`, …; Latin script), matched by a trie at each word start of the text before the
/// number; what follows them must be [`PREFIX_TAIL`]. Generated from the former regex list (its
/// character classes and optional letters expanded).
#[rustfmt::skip]
const PREFIX_WORDS: &[&str] = &[
    "a/c", "account", "acct", "after", "amount", "annee", "anno", "année", "ano", "anrufen",
    "appelez", "apt", "arayin", "arayın", "article", "at", "atm", "awb", "año", "bakiye",
    "balance", "before", "bel", "bestelling", "bestellung", "betrag", "booking", "box", "branch",
    "buchung", "build", "bus", "by", "call", "cap", "card", "carta", "cartao", "carte", "cartão",
    "case", "cep", "chapter", "chiama", "claim", "client", "cliente", "colis", "commande",
    "compte", "conta", "conto", "cuenta", "customer", "customer id", "due", "encomenda", "envio",
    "envío", "exp", "expire", "expires", "ext", "extension", "factura", "facture", "fattura",
    "fatura", "fax", "flight", "flug", "from", "gate", "goi", "gọi", "helpline", "hesap",
    "hotline", "hubungi", "id", "imei", "importe", "importo", "invoice", "jaar", "jahr", "jumlah",
    "kargo", "kart", "karte", "karti", "kartu", "kartı", "kode pos", "konto", "kto", "kunde",
    "kwota", "level", "ligue", "limit", "line", "llama", "llame", "login id", "member",
    "membership", "miles", "mobile", "model", "montant", "nam", "nr", "n°", "nº", "năm", "on",
    "order", "orders", "ordine", "package", "paczka", "paczki", "page", "paket", "pakket",
    "parcel", "pedido", "pesanan", "phone", "pincode", "platform", "plz", "pnr", "points",
    "policy", "poliza", "pontos", "postal", "postcode", "prenotazione", "przesylka", "przesylki",
    "przesyłka", "przesyłki", "pts", "puntos", "póliza", "qty", "quantity", "rastreio", "rechnung",
    "ref", "reference", "referencia", "referenz", "referência", "reférence", "rekening", "reserva",
    "reservation", "resi", "rezervasyon", "riferimento", "road", "rok", "room", "route",
    "réference", "référence", "réservation", "saldo", "score", "seat", "section", "seller",
    "sendung", "serial", "shipment", "since", "siparis", "sipariş", "solde", "step", "store",
    "street", "suite", "tahun", "tai khoan", "tai khoản", "tarjeta", "tel", "terminada en",
    "terminal", "the", "thẻ", "ticket", "till", "total", "tracking", "train", "tren", "tutar",
    "tài khoan", "tài khoản", "unit", "until", "user id", "ver", "version", "vin", "volo", "voo",
    "vuelo", "waybill", "year", "yil", "yıl", "zadzwon", "zadzwoń", "zamowienia", "zamowienie",
    "zamówienia", "zamówienie", "zip", "zug",
];

/// The prefix rules in Latin script that are not plain words (`ending in`, `last 4 digits of`,
/// `text STOP to`, `no.`), as a regex ending in [`PREFIX_TAIL`].
const PREFIX_PHRASES: &str = r"ending(?:[ \t\n\r](?:in|with))?|ends?[ \t\n\r](?:in|with)|last[ \t\n\r](?:[0-9]|four)[ \t\n\r]?digits(?:[ \t\n\r]of)?|(?:stop|help|info|start|join|quit|cancel|end|unsubscribe|yes|baja|alta|arr[êe]t|stopp|sair|parar|ayuda|aide|hilfe)(?:[ \t\n\r]+(?:to|al|a|an|au|ao|para|naar|na|do))?|(?:text|txt|reply|send|sms|msg)[ \t\n\r]+[^ \t\n\r]+[ \t\n\r]+(?:to|al|a|an|au|ao|para|naar|na|do)|no[.:#]";

/// The first words of [`PREFIX_PHRASES`] (none of them is a prefix word).
#[rustfmt::skip]
const PHRASE_HEADS: &[&str] = &[
    "ending", "ends", "end", "last", "stop", "help", "info", "start", "join", "quit", "cancel",
    "unsubscribe", "yes", "baja", "alta", "arrêt", "arret", "stopp", "sair", "parar", "ayuda",
    "aide", "hilfe", "text", "txt", "reply", "send", "sms", "msg", "no",
];

/// What may follow a prefix word before the number: a number word (`no.`, `#`, `número`), an
/// article (`the`, `al`), a copula (`is`, `:`), one punctuation mark, up to the end.
const PREFIX_TAIL: &str = r"(?:[ \t\n\r]*(?:no\.?|number|num|nr\.?|#|id|n°|nº|№|número|numero|nummer|номер[^ \t\n\r]*|numara(?:s[ıi])?|numer|số))?(?:[ \t\n\r]+(?:al|el|le|la|the|at|on|para|ao|an|a|us[ \t\n\r]at|us[ \t\n\r]on))?[ \t\n\r]*(?:is|es|est|ist|è|é|ha|:)?[ \t\n\r]*[:#.№=\-]?[ \t\n\r]*$";

/// Prefix words in other scripts (`尾号`, `حساب`, `số dư`), followed only by [`PREFIX_TAIL`].
#[rustfmt::skip]
const PREFIX_OTHER_WORDS: &[&str] = &[
    "尾号", "尾號", "尾数", "尾數", "末尾", "卡号", "账户", "账号", "帳戶", "帳號", "口座", "계좌", "카드", "حساب", "بطاقة",
    "کارت", "כרטיס", "חשבון", "खाता", "कार्ड", "订单", "訂單", "注文", "주문", "طلب", "سفارش", "הזמנה",
    "ऑर्डर", "운송장", "송장", "运单", "快递", "快遞", "單號", "单号", "件号", "取件码", "取件碼", "电话", "電話", "致电", "拨打",
    "客服", "热线", "熱線", "전화", "고객센터", "اتصل", "تماس", "התקשר", "कॉल", "тел", "звоните", "позвоните",
    "остаток", "залишок", "余额", "餘額", "金额", "金額", "残高", "잔액", "رصيد", "مبلغ", "موجودی", "יתרה",
    "סכום", "शेष", "राशि", "เลขที่", "บัญชี", "บัตร", "ยอด", "โทร", "số dư", "số tiền", "mã đơn",
    "đơn hàng",
];

/// Stems in other scripts that take any ending (`заказ` → `заказа`, `заказу`) before the tail.
#[rustfmt::skip]
const PREFIX_STEMS: &[&str] = &[
    "заказ", "телефон", "карт", "счет", "счёт", "рахун", "посылк", "відправлен", "трек", "баланс",
    "сумм",
];

fn prefix_word_trie() -> &'static Trie {
    static TRIE: OnceLock<Trie> = OnceLock::new();
    TRIE.get_or_init(|| {
        let mut builder = TrieBuilder::default();
        let all = PREFIX_WORDS
            .iter()
            .chain(PREFIX_OTHER_WORDS)
            .chain(PREFIX_STEMS)
            .chain(PHRASE_HEADS);
        for (id, word) in all.enumerate() {
            builder.insert(trie_form(word).into_bytes(), id as u32);
        }
        layout(&builder.sorted())
    })
}

/// `^TAIL`: checked right after a prefix word found by the trie.
fn prefix_tail_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| compile(&format!("^{PREFIX_TAIL}")))
}

/// The phrase rules (Latin script), a regex ending in [`PREFIX_TAIL`].
fn prefix_phrase_regex() -> &'static Regex {
    static PHRASES: OnceLock<Regex> = OnceLock::new();
    PHRASES.get_or_init(|| compile(&format!(r"(?-u:\b)(?:{PREFIX_PHRASES}){PREFIX_TAIL}")))
}

/// What the prefix trie found in the text before a number.
#[derive(Default)]
struct PrefixScan {
    /// A prefix word followed only by [`PREFIX_TAIL`].
    word: bool,
    /// The first word of a phrase rule (`ending`, `last`, `text`, `no`) at a word start: the
    /// phrase regex must be run.
    phrase: bool,
}

/// Longest text a tail (`no. is :`) spans in practice; longer rests are not tails.
const MAX_TAIL: usize = 32;

/// The bytes of a word for the prefix rules (as `\w` in ASCII): letters, digits and `_`.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// Prefix words and phrase starts at the word starts of `before` (`found`: the buffer of the
/// trie walks).
fn prefix_scan(before: &str, found: &mut Vec<(usize, u32)>) -> PrefixScan {
    let trie = prefix_word_trie();
    let bytes = before.as_bytes();
    let stems = (PREFIX_WORDS.len() + PREFIX_OTHER_WORDS.len()) as u32;
    let phrases = stems + PREFIX_STEMS.len() as u32;
    let mut scan = PrefixScan::default();
    let word_byte = |b: u8| WORD_BYTES[usize::from(b)];
    // `s` is always a word start: the text start or a byte after a non-word byte.
    let mut s = 0;
    while s < bytes.len() {
        let at = s;
        // The next word start: after a run of word bytes, the byte after the one ending it.
        s += 1;
        if word_byte(bytes[at]) {
            while s < bytes.len() && word_byte(bytes[s]) {
                s += 1;
            }
            s += 1;
        }
        if !trie.may_match(bytes, at) {
            continue;
        }
        let s = at;
        found.clear();
        trie.matches(bytes, s, found);
        for &(end, id) in found.iter() {
            if id >= phrases {
                scan.phrase = true;
                continue;
            }
            let mut end = end;
            if id >= stems {
                let rest = &before[end..];
                end += rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
            }
            // A tail is at most a number word, a two-word article, a copula and a mark.
            let rest = &before[end..];
            if rest.len() <= MAX_TAIL
                && rest.split_whitespace().nth(5).is_none()
                && prefix_tail_regex().is_match(rest)
            {
                scan.word = true;
                return scan;
            }
        }
    }
    scan
}

/// Units written in Latin script right after a number (`4821 minutes`, `10 min`, `5 Tage`),
/// sorted (binary search): with `%` and `a.m`/`p.m`, the Latin-script unit rules.
#[rustfmt::skip]
const LATIN_UNITS: &[&str] = &[
    "am", "chiffres", "cifre", "cm", "cyfr", "dagen", "dakika", "day", "days", "detik", "dia",
    "dias", "digit", "digitos", "digits", "dni", "dpi", "día", "días", "dígitos", "fps", "g", "gb",
    "giay", "gio", "giorni", "giây", "giờ", "gun", "gün", "h", "haneli", "hari", "heure", "heures",
    "hora", "horas", "hour", "hours", "hr", "hrs", "item", "items", "jam", "jour", "jours", "kb",
    "kcal", "kg", "km", "l", "lb", "lbs", "m", "mah", "mb", "menit", "mi", "miles", "min", "mins",
    "minut", "minute", "minuten", "minutes", "minuti", "minuto", "minutos", "minuty", "ml", "mm",
    "mp", "nd", "ngay", "ngày", "ore", "oz", "pax", "pcs", "people", "percent", "person",
    "persons", "phut", "phút", "pm", "point", "points", "pontos", "pts", "puntos", "px", "rd",
    "saat", "saniye", "sec", "second", "seconde", "secondes", "secondi", "seconds", "secs",
    "segundo", "segundos", "sekund", "sekunde", "sekunden", "st", "stellen", "steps", "stunde",
    "stunden", "tag", "tage", "tagen", "tagn", "tb", "th", "times", "units", "x",
];

/// Units in other scripts (and Vietnamese words with non-ASCII letters), alternatives of
/// [`suffix_regex`].
const OTHER_UNITS: &str = r"минут[^ \t\n\r]*|мин\.?|час[^ \t\n\r]*|дн[^ \t\n\r]*|сек[^ \t\n\r]*|цифр[^ \t\n\r]*|хвилин[^ \t\n\r]*|годин[^ \t\n\r]*|分钟|分鐘|分|秒|小时|小時|時間|天|日|号|號|月|年|분|초|시간|일|개|ساعة|دقيقة|دقائق|دقیقه|ساعت|روز|ثانیه|דקות|שעות|ימים|मिनट|घंटे|दिन|นาที|ชั่วโมง|วัน|วินาที|ครั้ง|件|个|個|次|位|名|人|lần|triệu|nghìn|ngàn";

/// The unit rules for units in other scripts (`минут`, `分钟`, `นาที`), built and run only for
/// text with non-ASCII characters.
fn suffix_regex() -> &'static Regex {
    static OTHER: OnceLock<Regex> = OnceLock::new();
    OTHER.get_or_init(|| compile(&format!(r"^[ \t\n\r]?-?[ \t\n\r]?(?:{OTHER_UNITS})")))
}

/// Byte spans (in `text`) of decoy expressions.
#[cfg(test)]
pub(crate) fn decoy_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    decoy_spans_into(text, &mut spans);
    spans
}

/// [`decoy_spans`] into `spans` (cleared first; the buffer of one extraction is reused by the
/// next).
pub(crate) fn decoy_spans_into(text: &str, spans: &mut Vec<(usize, usize)>) {
    let ascii = if app_hash_possible(text) {
        span_regex(false)
    } else {
        span_regex_no_hash()
    };
    spans.clear();
    spans.extend(ascii.find_iter(text).map(|m| (m.start(), m.end())));
    let links = text.contains(['/', '@']) || text.contains("www.");
    if links {
        let found = link_regex().find_iter(text);
        spans.extend(found.map(|m| (m.start(), m.end())));
    }
    if !text.is_ascii() && other_script_span_possible(text.as_bytes()) {
        let other = span_regex(true).find_iter(text);
        spans.extend(other.map(|m| (m.start(), m.end())));
    }
    if links || !text.is_ascii() {
        merge_spans(spans);
    }
}

/// Whether the other-script span regex can match in `text`: each of its expressions has an ASCII
/// digit next to a character of another script, with at most a space and a dot before the digit
/// (`руб. 120`, `№ 5`, `…1234`, `n° 5`) or, after it, thousands/decimal marks and a space before
/// that character or a letter and that character (`128.50元`, `5分钟`, `100 zł`, `12 dólares`).
/// Checked before running it, which most messages in other scripts do not need.
fn other_script_span_possible(text: &[u8]) -> bool {
    let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    (0..text.len()).any(|p| {
        if !text[p].is_ascii_digit() {
            return false;
        }
        let mut q = p;
        if q > 0 && ws(text[q - 1]) {
            q -= 1;
        }
        if q > 0 && text[q - 1] == b'.' {
            q -= 1;
        }
        if q > 0 && !text[q - 1].is_ascii() {
            return true;
        }
        let mut r = p + 1;
        while r < text.len() && matches!(text[r], b',' | b'.' | b'\'') {
            r += 1;
        }
        if r < text.len() && ws(text[r]) {
            r += 1;
        }
        match (text.get(r), text.get(r + 1)) {
            (Some(b), _) if !b.is_ascii() => true,
            (Some(b), Some(next)) => b.is_ascii_alphabetic() && !next.is_ascii(),
            _ => false,
        }
    })
}

/// Sorts `spans` and merges them, in place, into non-overlapping spans covering the same bytes
/// (distances subtract each byte once).
pub(crate) fn merge_spans(spans: &mut Vec<(usize, usize)>) {
    spans.sort_unstable();
    let mut n = 0;
    for k in 0..spans.len() {
        let (s, e) = spans[k];
        if n > 0 && s <= spans[n - 1].1 {
            spans[n - 1].1 = spans[n - 1].1.max(e);
        } else {
            spans[n] = (s, e);
            n += 1;
        }
    }
    spans.truncate(n);
}

/// True when the text right before a number (same line) says it is not a code.
#[cfg(test)]
pub(crate) fn prefix_is_decoy(before: &str) -> bool {
    prefix_is_decoy_with(before, &mut Vec::new())
}

/// [`prefix_is_decoy`], with `found` as the buffer of the trie walks.
pub(crate) fn prefix_is_decoy_with(before: &str, found: &mut Vec<(usize, u32)>) -> bool {
    let scan = prefix_scan(before, found);
    scan.word || (scan.phrase && prefix_phrase_regex().is_match(before))
}

/// True when the text right after a number is a unit (minutes, %, currency, ...).
pub(crate) fn suffix_is_decoy(after: &str) -> bool {
    latin_unit(after) || (other_script_unit_possible(after) && suffix_regex().is_match(after))
}

/// Whether [`suffix_regex`] can match: each of its units starts, after at most a space, a dash
/// and a space, with a character of another script or is one of the Vietnamese `lần`, `triệu`,
/// `nghìn`, `ngàn`.
fn other_script_unit_possible(after: &str) -> bool {
    let ws = [' ', '\t', '\n', '\r'];
    let rest = after.strip_prefix(ws).unwrap_or(after);
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let rest = rest.strip_prefix(ws).unwrap_or(rest);
    rest.as_bytes()
        .first()
        .is_some_and(|b| !b.is_ascii() || matches!(b, b'l' | b't' | b'n'))
}

/// A letter for the unit rules (ASCII, Latin extended, Greek, Cyrillic).
fn unit_letter(c: char) -> bool {
    c.is_ascii_lowercase() || matches!(c as u32, 0xC0..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF)
}

/// `after` starts (after at most a space, a dash and a space) with `%` or a whole Latin-script
/// unit word (`minutes`, `min.`, `Tage`, `a.m`).
fn latin_unit(after: &str) -> bool {
    let mut rest = after;
    for sep in [
        &[' ', '\t', '\n', '\r'][..],
        &['-'][..],
        &[' ', '\t', '\n', '\r'][..],
    ] {
        rest = rest.strip_prefix(sep).unwrap_or(rest);
    }
    if rest.starts_with('%') {
        return true;
    }
    let end = rest.find(|c: char| !unit_letter(c)).unwrap_or(rest.len());
    let word = &rest[..end];
    if matches!(word, "a" | "p") && rest[end..].starts_with(".m") {
        return !rest[end + 2..].starts_with(unit_letter);
    }
    !word.is_empty() && LATIN_UNITS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::super::normalize::Normalized;
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        decoy_spans(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn span_decoys() {
        assert_eq!(spans("paid $1,234.56 today"), vec!["$1,234.56"]);
        let months = |t: &str| {
            month_date_spans(t)
                .into_iter()
                .map(|(s, e)| t[s..e].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            months("due 12 may 2024 or june 3, 2025"),
            ["12 may 2024", "june 3, 2025"]
        );
        assert_eq!(months("el 5 de mayo de 2024"), ["5 de mayo de 2024"]);
        assert_eq!(
            spans("call +1 (555) 123-4567 now"),
            vec!["+1 (555) 123-4567"]
        );
        assert_eq!(spans("on 2024-05-12 at 12:30"), vec!["2024-05-12", "12:30"]);
        assert_eq!(spans("see bit.ly/3xyz12"), vec!["bit.ly/3xyz12"]);
        assert_eq!(spans("消费128.50元"), vec!["128.50元"]);
        assert_eq!(spans("your code is 123456"), Vec::<&str>::new());
        assert_eq!(spans("code 123-456"), Vec::<&str>::new());
        assert_eq!(spans("验证码：123456;5分钟内有效"), Vec::<&str>::new());
    }

    /// Every corpus message (dev and the four held-out sets), normalised as `extract` sees it.
    fn normalized_corpus() -> Vec<String> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sms/");
        let mut texts = Vec::new();
        for name in ["corpus", "holdout", "holdout2", "holdout3", "holdout4"] {
            let file = std::fs::read_to_string(format!("{root}{name}.jsonl")).expect("corpus file");
            for line in file.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).expect("corpus line");
                texts.push(Normalized::new(v["text"].as_str().expect("text")).text);
            }
        }
        texts
    }

    #[test]
    fn other_script_pre_check_never_hides_a_span() {
        let mut texts: Vec<String> = [
            "消费128.50元",
            "руб. 120",
            "руб.120",
            "итого 100. руб",
            "№ 5",
            "…1234",
            "n° 5",
            "100 zł",
            "12 dólares",
            "5分钟",
            "2024年5月",
            "3시 30분",
            "₹ 500",
            "•• 4821",
            "12,50.\u{20ac}",
            "ש\"ח 50",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        texts.extend(normalized_corpus());
        let mut skipped = 0;
        let mut other = 0;
        for t in texts.iter().filter(|t| !t.is_ascii()) {
            other += 1;
            let found = span_regex(true).find_iter(t).count();
            if !other_script_span_possible(t.as_bytes()) {
                assert_eq!(found, 0, "{t:?}");
                skipped += 1;
            }
        }
        // The check does skip the regex for many messages in other scripts.
        assert!(skipped * 3 > other, "{skipped} of {other}");
    }

    #[test]
    fn word_bytes_are_ascii_word_characters() {
        let word = Regex::new(r"(?-u:^\w$)").unwrap();
        for b in 0..=255u8 {
            let is_word = word.is_match(&char::from(b).to_string());
            assert_eq!(WORD_BYTES[usize::from(b)], is_word && b.is_ascii(), "{b}");
        }
    }

    #[test]
    fn span_regex_without_the_hash_finds_the_same_spans() {
        let mut texts: Vec<String> = [
            "code 482913\nfa+9qcx9vsu",
            "fa+9qcx9vsu",
            "x fa+9qcx9vsu \n",
            "call 12345678901",
            "123456789th",
            "xxx12345678",
            "pay $12.50 now abcdefghijk",
            "a 2024/05/12/1",
            "abcdefghijkl",
            "x abcdefghij",
            "+1 555 12345678901",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        texts.extend(normalized_corpus());
        let mut hashes = 0;
        for t in &texts {
            let all: Vec<_> = span_regex(false).find_iter(t).map(|m| m.range()).collect();
            if app_hash_possible(t) {
                hashes += 1;
            } else {
                let without: Vec<_> = span_regex_no_hash()
                    .find_iter(t)
                    .map(|m| m.range())
                    .collect();
                assert_eq!(all, without, "{t:?}");
            }
        }
        assert!(hashes > 5 && hashes * 4 < texts.len(), "{hashes}");
    }

    #[test]
    fn unit_pre_check_never_hides_a_unit() {
        for after in [
            " минут",
            "-分钟",
            " - дн",
            "\t- \tнатиже",
            "分",
            " a分",
            "  分",
            "-- 分",
            " -  分",
            ". 分",
            "x",
            "",
            " lần",
            "-triệu",
            " nghìn",
            "ngàn",
            " 3 lần",
        ] {
            if !other_script_unit_possible(after) {
                assert!(!suffix_regex().is_match(after), "{after:?}");
            }
        }
        assert!(other_script_unit_possible(" - дн") && !other_script_unit_possible(". 分"));
        assert!(suffix_is_decoy(" lần") && suffix_is_decoy(" triệu"));
        // Every unit passes the pre-check by its first character.
        for unit in OTHER_UNITS.split('|') {
            assert!(other_script_unit_possible(unit), "{unit}");
        }
    }

    #[test]
    fn prefix_and_suffix_decoys() {
        assert!(prefix_is_decoy("card ending in "));
        assert!(prefix_is_decoy("your order #"));
        assert!(prefix_is_decoy("您尾号"));
        assert!(prefix_is_decoy("номер вашего заказа: "));
        assert!(prefix_is_decoy("số dư "));
        assert!(!prefix_is_decoy("заказ доставлен, код "));
        assert!(prefix_is_decoy("text stop to "));
        // Words from the trie, with the tail rules after them.
        for before in [
            "con la tarjeta terminada en ",
            "kode pos: ",
            "customer id: ",
            "call us at ",
            "order no. ",
            "your balance is ",
            "sipariş no: ",
            "tài khoản ",
            "expires ",
        ] {
            assert!(prefix_is_decoy(before), "{before:?}");
        }
        // Not at a word start, or followed by more words.
        for before in [
            "discard ",
            "the card was declined and ",
            "your code is ",
            "use ",
        ] {
            assert!(!prefix_is_decoy(before), "{before:?}");
        }
        assert!(!prefix_is_decoy("your verification code is "));
        assert!(!prefix_is_decoy("인증번호 "));
        assert!(suffix_is_decoy(" minutes."));
        assert!(suffix_is_decoy(" - tage"));
        assert!(suffix_is_decoy("% off"));
        assert!(suffix_is_decoy(" a.m."));
        assert!(suffix_is_decoy(" phút"));
        assert!(suffix_is_decoy(" минут"));
        assert!(!suffix_is_decoy(" minuteman"));
        assert!(!suffix_is_decoy(" is the code"));
        assert!(
            LATIN_UNITS.windows(2).all(|w| w[0] < w[1]),
            "LATIN_UNITS sorted"
        );
        assert!(suffix_is_decoy("分钟内有效"));
        assert!(!suffix_is_decoy(" is your code"));
        assert!(!suffix_is_decoy(". do not share"));
    }
}
