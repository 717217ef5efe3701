//! Keyword packs: the words that announce a one-time code, per language. Pure data; to add a
//! language, add a [`Pack`]. Matching is done by `lexicon.rs`.
//!
//! Entry syntax (entries are lower case; the message is lower-cased before matching):
//! * a space or `-` inside an entry matches any run of spaces/dashes, or none
//!   (`one time password` matches `one-time password` and `onetime password`);
//! * a trailing `*` allows inflections (no word boundary needed after the entry: `код*` matches
//!   `кодом`);
//! * a leading `~` allows the entry to end a compound word (no word boundary needed before it).
//!
//! Entries in scripts written without spaces (Han, kana, Hangul, Thai) never need boundaries.
//!
//! * `strong`: unambiguous (`verification code`, `OTP`, `验证码`);
//! * `weak`: usually a code but also used otherwise (`code`, `PIN`, `password`, `verify`);
//! * `negative`: phrases that look like keywords but announce something else (`promo code`,
//!   `postcode`, `barcode`, `tracking code`); they also block the weaker words they contain;
//! * `context`: words anywhere in the message that say it is not about signing in (`prize`,
//!   `course`, `cheque`, `promo`, `return label`): weak keywords stop counting there.

/// One language's keywords.
#[derive(Debug)]
pub(crate) struct Pack {
    pub lang: &'static str,
    pub strong: &'static [&'static str],
    pub weak: &'static [&'static str],
    pub negative: &'static [&'static str],
    /// Context words: the message is about something other than signing in (advertising,
    /// prizes and lottery scams, cheques, courses, parcel returns). In such a message a weak
    /// keyword (`code`, `PIN`) no longer supports a code and alphanumeric codes are never taken;
    /// strong keywords (`verification code`, `OTP`) still do.
    pub context: &'static [&'static str],
}

/// Parts of negative entries that mark a message as advertising: there, weak keywords count
/// less and alphanumeric codes are never taken.
#[rustfmt::skip]
pub(crate) const PROMO_MARKERS: &[&str] = &[
    "promo", "discount", "coupon", "voucher", "gift", "%", "off your", "offer", "sale", "redeem",
    "redemption", "descuento", "cupón", "cupon", "cupom", "desconto", "réduction", "rabatt",
    "gutschein", "aktionscode", "sconto", "промо", "скидк", "знижк", "indirim", "kupon", "خصم",
    "كوبون", "تخفیف", "הנחה", "קופון", "छूट", "कूपन", "प्रोमो", "diskon", "giảm", "khuyến",
    "giam gia", "ưu đãi", "ส่วนลด", "โปรโมชั่น", "クーポン", "割引", "プロモーション", "쿠폰", "할인", "rabat",
    "zniżk", "promocyj", "korting", "actiecode", "优惠", "兑换", "優惠", "兌換", "券",
];

#[rustfmt::skip]
pub(crate) const PACKS: &[Pack] = &[
    Pack {
        lang: "en",
        strong: &[
            "verification code", "verify code", "verification pin", "security code",
            "one time password", "one time passcode", "one time code", "one time pin", "otp*",
            "passcode*", "auth code", "authentication code", "authorization code", "login code",
            "log in code", "sign in code", "2fa code", "2 step verification code", "mfa code",
            "two factor code", "confirmation code", "activation code", "access code",
            "temporary code", "temporary password", "security pin", "tac", "sms code",
            "validation code", "verification number", "your code", "code is", "recovery code*",
            "backup code*",
        ],
        weak: &[
            "code*", "pin", "password", "verify", "verification", "login", "log in", "sign in",
            "authenticate", "authentication", "confirm", "2fa", "two factor", "token",
            "signing in", "logging in", "finish signing",
        ],
        negative: &[
            "promo code*", "promotional code*", "discount code*", "coupon*", "voucher*",
            "gift code*", "gift card*", "referral code*", "invite code*", "invitation code*",
            "zip code*", "zipcode*", "postal code*", "postcode*", "area code*", "country code*",
            "qr code*", "barcode*", "bar code*", "dress code*", "error code*", "tracking code*",
            "tracking number*", "product code*", "reference code*", "booking code*",
            "booking reference*", "sort code*", "swift code*", "source code*", "unicode*",
            "color code*", "colour code*", "offer code*", "sale code*", "redeem code*",
            "redemption code*", "pickup code*", "collection code*", "locker code*", "cvv",
            "code of conduct", "code word", "tax code*", "postal*", "% off", "off your", "pincode*",
            "shortcode*", "short code*", "promocode*", "geocode*", "opcode*",
        ],
        context: &["promo", "promotion*", "discount*", "course", "course code*", "module code*", "lecture*", "semester", "cheque*", "check code*", "prize*", "reward*", "winner*", "you have won", "you won", "congratulations", "lottery", "jackpot", "lucky draw", "referral", "return label*", "return code*", "drop off code*", "disc"],
    },
    Pack {
        lang: "zh-Hans",
        strong: &[
            "验证码", "校验码", "动态码", "动态密码", "确认码", "激活码", "登录码", "短信码", "验证代码", "安全码", "随机码", "授权码",
            "口令", "一次性密码", "认证码", "效验码",
        ],
        weak: &["密码", "代码", "验证"],
        negative: &[
            "优惠码", "兑换码", "邀请码", "取件码", "提货码", "取货码", "订单号", "单号", "流水号", "优惠券", "券码", "邮编", "邮政编码",
            "条形码", "二维码", "推荐码",
        ],
        context: &["中奖", "奖品", "奖金", "恭喜您", "课程", "支票", "返利", "积分兑换", "退货"],
    },
    Pack {
        lang: "zh-Hant",
        strong: &[
            "驗證碼", "認證碼", "確認碼", "動態密碼", "一次性密碼", "安全碼", "簡訊驗證碼", "啟用碼", "登入碼", "動態碼", "驗證代碼", "登入代碼", "登錄代碼",
            "授權碼",
        ],
        weak: &["密碼", "驗證", "代碼"],
        negative: &[
            "優惠碼", "取件碼", "訂單編號", "兌換碼", "邀請碼", "優惠券", "條碼", "郵遞區號",
        ],
        context: &["中獎", "獎品", "獎金", "恭喜您", "課程", "支票", "退貨"],
    },
    Pack {
        lang: "es",
        strong: &[
            "código de verificación", "codigo de verificacion", "código de seguridad",
            "codigo de seguridad", "código de acceso", "codigo de acceso", "código de confirmación",
            "codigo de confirmacion", "código de activación", "clave de un solo uso",
            "contraseña de un solo uso", "código de un solo uso", "clave dinámica",
            "clave dinamica", "código otp", "tu código", "su código", "código de validación",
            "clave de seguridad",
        ],
        weak: &[
            "código", "codigo", "clave", "contraseña", "verificación", "verificar",
        ],
        negative: &[
            "código promocional", "codigo promocional", "código de descuento", "cupón*", "cupon*",
            "código postal", "codigo postal", "código de barras", "código de seguimiento",
            "código de reserva", "código de pedido", "código de referencia", "descuento*",
        ],
        context: &["oferta", "promoción", "promocion", "premio*", "ganador*", "sorteo", "felicidades", "cheque", "curso", "asignatura", "recompensa*", "devolución", "devolucion", "referido*"],
    },
    Pack {
        lang: "pt",
        strong: &[
            "código de verificação", "codigo de verificacao", "código de segurança",
            "codigo de seguranca", "código de acesso", "codigo de acesso", "código de confirmação",
            "codigo de confirmacao", "código de ativação", "código de validação",
            "senha de uso único", "seu código", "o seu código", "código otp", "token de acesso",
            "código de autenticação",
        ],
        weak: &[
            "código", "codigo", "senha", "token", "verificação", "verificar",
        ],
        negative: &[
            "código promocional", "cupom*", "código de barras", "código de rastreamento",
            "código de rastreio", "código postal", "cep", "código do pedido", "código pix",
            "código de desconto", "desconto*", "código de retirada",
        ],
        context: &["promoção", "promocao", "prêmio*", "premio*", "ganhador*", "sorteio", "parabéns", "cheque", "curso", "disciplina", "recompensa*", "devolução", "devolucao", "indicação"],
    },
    Pack {
        lang: "fr",
        strong: &[
            "code de vérification", "code de verification", "code de confirmation",
            "code de sécurité", "code de securite", "code d'accès", "code d'acces",
            "mot de passe à usage unique", "code à usage unique", "code a usage unique",
            "code provisoire", "code d'activation", "code de validation", "votre code",
            "code d'authentification", "code de connexion",
        ],
        weak: &["mot de passe", "vérification", "vérifier", "connexion"],
        negative: &[
            "code promo*", "code postal", "code-barres", "code barre*", "code de réduction",
            "code de suivi", "code client", "code de retrait", "réduction*",
        ],
        context: &["promotion*", "gagnant*", "tirage au sort", "félicitations", "chèque*", "récompense*", "parrainage", "retour du colis"],
    },
    Pack {
        lang: "de",
        strong: &[
            "bestätigungscode", "bestaetigungscode", "sicherheitscode", "verifizierungscode",
            "einmalcode", "anmeldecode", "einmalpasswort", "einmal passwort", "freigabecode",
            "aktivierungscode", "authentifizierungscode", "zugangscode", "prüfcode", "mtan",
            "sms tan", "tan", "login code", "ihr code", "dein code", "code lautet",
            "verifikationscode", "bestätigungs code",
        ],
        weak: &[
            "passwort", "kennwort", "bestätigung", "anmeldung", "anmelden", "~code*",
        ],
        negative: &[
            "gutscheincode*", "gutschein*", "rabattcode*", "rabatt*", "aktionscode*",
            "postleitzahl*", "plz", "sendungsnummer*", "strichcode*", "bestellnummer*",
            "kundennummer*", "iban", "abholcode*", "packstation*", "paketcode*", "türcode*",
        ],
        context: &["gewinn*", "gewinner*", "glückwunsch", "herzlichen glückwunsch", "scheck*", "kursnummer*", "prämie*", "empfehlungscode*", "retoure*", "rücksendung*"],
    },
    Pack {
        lang: "it",
        strong: &[
            "codice di verifica", "codice di sicurezza", "codice otp", "password monouso",
            "codice di accesso", "codice di conferma", "codice di attivazione", "codice monouso",
            "il tuo codice", "codice di autenticazione", "codice di convalida",
        ],
        weak: &["codice", "verifica", "accesso"],
        negative: &[
            "codice sconto", "codice promozionale", "codice fiscale", "codice postale",
            "codice di spedizione", "codice a barre", "codice di ritiro", "sconto*",
        ],
        context: &["promozione", "premio", "vincitore", "vincita", "congratulazioni", "assegno", "corso", "ricompensa", "reso", "invita un amico"],
    },
    Pack {
        lang: "ru",
        strong: &[
            "код подтверждения", "одноразовый пароль", "одноразовый код", "код для входа",
            "проверочный код", "код доступа", "код активации", "код авторизации", "код верификации",
            "код из смс", "код безопасности", "ваш код",
        ],
        weak: &["код*", "пароль*", "подтверждени*"],
        negative: &[
            "промокод*", "промо код*", "штрихкод*", "штрих код*", "индекс*", "трек номер*",
            "номер заказа", "номер отправления", "скидк*", "код получения", "код для получения",
        ],
        context: &["акци*", "выигр*", "приз*", "поздравляем", "розыгрыш*", "чек", "бонус*", "возврат*"],
    },
    Pack {
        lang: "uk",
        strong: &[
            "код підтвердження", "одноразовий пароль", "одноразовий код", "код для входу",
            "код перевірки", "код доступу", "код активації", "ваш код",
        ],
        weak: &["код*", "пароль*"],
        negative: &[
            "промокод*", "штрихкод*", "номер замовлення", "знижк*", "код отримання",
        ],
        context: &["акці*", "виграш*", "приз*", "вітаємо", "розіграш*", "чек", "бонус*", "повернення"],
    },
    Pack {
        lang: "tr",
        strong: &[
            "doğrulama kod*", "dogrulama kod*", "tek kullanımlık şifre*", "tek kullanimlik sifre*",
            "onay kod*", "güvenlik kod*", "guvenlik kod*", "giriş kod*", "giris kod*",
            "aktivasyon kod*", "tek kullanımlık kod*", "otp şifre*",
        ],
        weak: &["kod*", "şifre*", "sifre*", "parola*"],
        negative: &[
            "indirim kod*", "kupon*", "promosyon kod*", "posta kod*", "takip numara*", "takip kod*",
            "sipariş numara*", "siparis numara*", "indirim*",
        ],
        context: &["kampanya*", "ikramiye*", "kazandınız", "kazandiniz", "tebrikler", "çekiliş*", "cekilis*", "çek", "ders", "ödül*", "iade"],
    },
    Pack {
        lang: "ar",
        strong: &[
            "رمز التحقق", "رمز التأكيد", "رمز التفعيل", "كلمة المرور لمرة واحدة", "رمز الدخول",
            "كود التفعيل", "كود التحقق", "رمز التحقّق", "الرمز السري", "رمز المرور",
            "كلمة السر المؤقتة", "رمز التحقيق",
        ],
        weak: &["~رمز*", "~كود*", "~الرمز*", "كلمة المرور"],
        negative: &[
            "كود الخصم", "رمز الخصم", "كوبون*", "خصم*", "الرمز البريدي", "رقم الطلب", "رقم الشحنة",
        ],
        context: &["عرض", "جائزة", "الجائزة", "فائز", "ربحت", "مبروك", "شيك", "دورة", "مكافأة", "إرجاع"],
    },
    Pack {
        lang: "fa",
        strong: &[
            "کد تایید", "کد تأیید", "رمز یکبار مصرف", "رمز عبور یکبار مصرف", "کد ورود",
            "کد فعالسازی", "کد فعال سازی", "رمز پویا", "کد یکبار مصرف", "کد احراز هویت", "کد تائید",
            "رمز دوم پویا",
        ],
        weak: &["کد*", "رمز*"],
        negative: &[
            "کد تخفیف", "کد پستی", "کد رهگیری", "کد پیگیری", "شماره سفارش", "تخفیف*",
        ],
        context: &["جشنواره", "جایزه", "برنده", "تبریک", "قرعه کشی", "چک", "دوره", "پاداش", "مرجوعی"],
    },
    Pack {
        lang: "he",
        strong: &[
            "קוד אימות", "קוד האימות", "סיסמה חד פעמית", "קוד הכניסה", "קוד כניסה", "קוד חד פעמי",
            "קוד זיהוי", "קוד האבטחה", "קוד אבטחה", "קוד הזיהוי",
        ],
        weak: &["~קוד*", "סיסמה*", "סיסמא*"],
        negative: &[
            "קוד קופון", "קוד הנחה", "קופון*", "הנחה*", "מיקוד*", "מספר הזמנה", "מספר משלוח",
        ],
        context: &["מבצע", "פרס", "זכית", "זוכה", "מזל טוב", "הגרלה", "צ'ק", "קורס", "החזרה"],
    },
    Pack {
        lang: "hi",
        strong: &[
            "ओटीपी", "सत्यापन कोड", "वन टाइम पासवर्ड", "एक बार का पासवर्ड", "पुष्टि कोड",
            "सत्यापन संख्या", "लॉगिन कोड",
        ],
        weak: &["कोड*", "पासवर्ड*"],
        negative: &["प्रोमो कोड", "कूपन*", "छूट*", "पिन कोड", "ऑर्डर*"],
        context: &["ऑफर", "इनाम", "पुरस्कार", "विजेता", "बधाई", "लॉटरी", "चेक", "कोर्स", "रिवॉर्ड"],
    },
    Pack {
        lang: "id",
        strong: &[
            "kode verifikasi", "kode otp", "kode rahasia", "kode aktivasi", "kode masuk",
            "kode keamanan", "kode konfirmasi", "kata sandi sekali pakai", "kode akses",
            "kode autentikasi", "kode anda", "kode kamu", "kode persetujuan",
        ],
        weak: &["kode", "sandi", "verifikasi"],
        negative: &[
            "kode promo", "kode voucher", "kode booking", "kode pos", "kode bayar",
            "kode pembayaran", "kode diskon", "kode referal", "kode kupon", "diskon*", "no resi",
            "nomor resi", "kode billing", "kode unik transfer",
        ],
        context: &["promo", "hadiah", "pemenang", "selamat anda", "undian", "kode cek", "cek tunai", "mata kuliah", "matkul", "kuliah", "dosen", "semester", "poin", "cashback", "retur"],
    },
    Pack {
        lang: "vi",
        strong: &[
            "mã xác thực", "mã xác nhận", "mã otp", "ma xac thuc", "ma xac nhan", "ma otp",
            "mã kích hoạt", "mã bảo mật", "mật khẩu một lần", "mã đăng nhập", "mã xác minh",
            "ma xac minh", "mã của bạn", "ma kich hoat", "ma bao mat", "mat khau mot lan",
            "ma dang nhap", "ma cua ban", "ma cua quy khach",
        ],
        weak: &["mã", "mật khẩu", "mat khau"],
        negative: &[
            "mã giảm giá", "ma giam gia", "mã khuyến mãi", "ma khuyen mai", "mã đơn hàng",
            "ma don hang", "mã vận đơn", "mã bưu chính", "mã ưu đãi", "giảm*",
        ],
        context: &["khuyến mại", "khuyen mai", "trúng thưởng", "trung thuong", "giải thưởng", "chúc mừng", "quay số", "séc", "khóa học", "môn học", "hoàn tiền", "đổi trả"],
    },
    Pack {
        lang: "th",
        strong: &[
            "รหัสยืนยัน", "รหัส otp", "รหัสผ่านใช้ครั้งเดียว", "รหัสผ่านแบบใช้ครั้งเดียว",
            "รหัสเข้าใช้งาน", "รหัสยืนยันตัวตน", "รหัสotp",
        ],
        weak: &["รหัส", "รหัสผ่าน"],
        negative: &[
            "รหัสอ้างอิง", "รหัสส่วนลด", "โค้ดส่วนลด", "รหัสไปรษณีย์", "เลขพัสดุ", "รหัสโปรโมชั่น",
            "ส่วนลด",
        ],
        context: &["โปรโมชัน", "รางวัล", "ถูกรางวัล", "ยินดีด้วย", "ชิงโชค", "เช็ค", "หลักสูตร", "รายวิชา", "คืนสินค้า"],
    },
    Pack {
        lang: "ja",
        strong: &[
            "認証コード", "確認コード", "ワンタイムパスワード", "認証番号", "確認番号", "パスコード", "ログインコード", "セキュリティコード",
            "検証コード", "認証キー",
        ],
        weak: &["コード", "暗証番号", "パスワード"],
        negative: &[
            "クーポン", "割引コード", "プロモーションコード", "郵便番号", "お問い合わせ番号", "追跡番号", "注文番号", "伝票番号",
        ],
        context: &["キャンペーン", "当選", "賞品", "懸賞", "おめでとう", "小切手", "講座", "科目", "ポイント", "返品"],
    },
    Pack {
        lang: "ko",
        strong: &[
            "인증번호", "인증 번호", "인증코드", "인증 코드", "확인 코드", "확인코드", "보안코드", "일회용 비밀번호", "승인코드", "본인확인",
            "otp 번호",
        ],
        weak: &["코드", "비밀번호"],
        negative: &[
            "승인번호", "쿠폰", "할인코드", "주문번호", "운송장", "우편번호", "송장번호",
        ],
        context: &["이벤트", "당첨", "경품", "축하", "추첨", "수표", "강의", "과목", "적립", "반품"],
    },
    Pack {
        lang: "pl",
        strong: &[
            "kod weryfikacyjny", "kod sms", "jednorazowe hasło", "jednorazowy kod",
            "kod autoryzacyjny", "kod potwierdzający", "kod dostępu", "kod do logowania",
            "kod aktywacyjny", "hasło jednorazowe", "kod uwierzytelniający", "twój kod",
        ],
        weak: &["kod*", "hasło*", "haslo*"],
        negative: &[
            "kod rabatowy", "kod promocyjny", "kod pocztowy", "kod odbioru", "numer przesyłki",
            "numer zamówienia", "rabat*", "zniżk*",
        ],
        context: &["promocja", "promocji", "wygran*", "nagrod*", "gratulacje", "losowani*", "czek*", "przedmiot", "zwrot*"],
    },
    Pack {
        lang: "nl",
        strong: &[
            "verificatiecode", "beveiligingscode", "inlogcode", "eenmalige code",
            "bevestigingscode", "toegangscode", "sms code", "activatiecode", "je code", "uw code",
            "controlecode", "authenticatiecode",
        ],
        weak: &[
            "wachtwoord", "inloggen", "verificatie", "bevestigen", "verifiëren", "verifieren",
            "in te loggen", "aanmelden",
        ],
        negative: &[
            "kortingscode*", "actiecode*", "ophaalcode*", "trackingcode*", "track en trace",
            "bestelnummer*", "korting*",
        ],
        context: &["actie", "gewonnen", "winnaar", "gefeliciteerd", "loterij", "cheque", "cursus", "beloning", "retour*"],
    },
    Pack {
        lang: "el",
        strong: &[
            "κωδικός επαλήθευσης", "κωδικος επαληθευση*", "κωδικοσ επαληθευση*",
            "κωδικός μιας χρήσης", "κωδικος μιας χρηση*", "κωδικοσ μιασ χρηση*",
            "κωδικός ασφαλείας", "κωδικος ασφαλεια*", "κωδικοσ ασφαλεια*", "ο κωδικός σας",
            "ο κωδικος σας", "ο κωδικοσ σασ", "κωδικός otp", "κωδικος otp", "κωδικοσ otp",
            "κωδικός επιβεβαίωσης", "κωδικος επιβεβαιωση*", "κωδικοσ επιβεβαιωση*",
            "κωδικός ενεργοποίησης", "κωδικος ενεργοποιηση*", "κωδικοσ ενεργοποιηση*",
        ],
        weak: &["κωδικ*", "συνθηματικ*"],
        negative: &[
            "εκπτωτικ*", "κουπόνι*", "κουπονι*", "ταχυδρομικός κώδικας", "ταχυδρομικοσ κωδικασ",
            "αριθμός παραγγελίας", "αριθμοσ παραγγελιασ", "αριθμός αποστολής", "έκπτωση*",
            "εκπτωση*",
        ],
        context: &[
            "συγχαρητήρια", "συγχαρητηρια", "κερδίσατε", "κερδισατε", "κέρδισες", "δώρο", "δωρο",
            "νικητ*", "κλήρωση*", "κληρωση*", "επιταγή*", "επιταγη*", "μάθημα*",
        ],
    },
    Pack {
        lang: "cs",
        strong: &[
            "ověřovací kód", "overovaci kod", "bezpečnostní kód", "bezpecnostni kod",
            "jednorázový kód", "jednorazovy kod", "jednorázové heslo", "jednorazove heslo",
            "potvrzovací kód", "potvrzovaci kod", "autorizační kód", "autorizacni kod",
            "autorizační sms kód", "přihlašovací kód", "prihlasovaci kod", "váš kód", "vas kod",
            "sms kód", "kód je",
        ],
        weak: &["kód*", "heslo*"],
        negative: &[
            "slevový kód*", "slevovy kod*", "promo kód*", "psč", "číslo zásilky", "cislo zasilky",
            "číslo objednávky", "cislo objednavky", "sleva*", "slevu", "slev*", "čárový kód*",
        ],
        context: &["výhra", "vyhrál*", "gratulujeme", "soutěž*", "soutez*", "šek*", "vrácení zboží"],
    },
    Pack {
        lang: "ca",
        strong: &[
            "codi de verificació", "codi de verificacio", "codi de seguretat", "codi d'accés",
            "codi d'acces", "codi de confirmació", "codi de confirmacio", "el teu codi",
            "el vostre codi", "contrasenya d'un sol ús", "codi d'un sol ús", "codi d'activació",
        ],
        weak: &["codi", "contrasenya"],
        negative: &[
            "codi promocional", "codi de descompte", "codi postal", "codi de barres",
            "codi de seguiment", "descompte*", "número de comanda",
        ],
        context: &["premi", "sorteig", "felicitats", "guanyador*", "devolució", "assignatura"],
    },
    Pack {
        lang: "fi",
        strong: &[
            "vahvistuskoodi*", "tunnistuskoodi*", "kertakäyttöinen koodi", "kertakäyttökoodi*",
            "kertakayttokoodi*", "turvakoodi*", "varmennuskoodi*", "kirjautumiskoodi*",
            "koodisi", "kertakäyttöinen salasana", "aktivointikoodi*",
        ],
        weak: &["koodi*", "salasana*"],
        negative: &[
            "alennuskoodi*", "kampanjakoodi*", "postinumero*", "seurantakoodi*", "noutokoodi*",
            "tilausnumero*", "lähetysnumero*", "alennus*", "viivakoodi*",
        ],
        context: &["voitit", "voittaja*", "palkinto*", "onnittelut", "arvonta*", "kurssi*", "palautus*"],
    },
    Pack {
        lang: "bn",
        strong: &[
            "ওটিপি", "যাচাইকরণ কোড", "ভেরিফিকেশন কোড", "নিশ্চিতকরণ কোড", "ওয়ান টাইম পাসওয়ার্ড",
            "আপনার কোড", "যাচাই কোড",
        ],
        weak: &["কোড*", "পাসওয়ার্ড*", "পিন"],
        negative: &["প্রোমো কোড", "ডিসকাউন্ট*", "কুপন*", "ছাড়*", "অর্ডার নম্বর"],
        context: &["অভিনন্দন", "পুরস্কার", "বিজয়ী", "লটারি", "কোর্স"],
    },
    Pack {
        lang: "sv",
        strong: &[
            "verifieringskod*", "bekräftelsekod*", "engångskod*", "säkerhetskod*",
            "inloggningskod*", "din kod", "engångslösenord*", "aktiveringskod*", "koden är",
        ],
        weak: &["kod*", "lösenord*"],
        negative: &[
            "rabattkod*", "kampanjkod*", "postnummer*", "spårningsnummer*", "ordernummer*",
            "streckkod*", "rabatt*", "kupong*",
        ],
        context: &["grattis", "vinnare", "vinst", "du har vunnit", "utlottning*", "returkod*"],
    },
    Pack {
        lang: "da",
        strong: &[
            "bekræftelseskode*", "engangskode*", "sikkerhedskode*", "verifikationskode*",
            "aktiveringskode*", "din kode", "koden er", "login kode", "nemid kode",
        ],
        weak: &["koden", "adgangskode*"],
        negative: &[
            "rabatkode*", "kampagnekode*", "pakkenummer*", "ordrenummer*", "stregkode*",
            "rabat*",
        ],
        context: &["tillykke", "vinder", "gevinst", "du har vundet", "lodtrækning*"],
    },
    Pack {
        lang: "nb",
        strong: &[
            "bekreftelseskode*", "sikkerhetskode*", "verifiseringskode*", "engangspassord*",
            "verifikasjonskode*", "aktiveringskode*", "bankid kode",
        ],
        weak: &["passord*"],
        negative: &[
            "rabattkode*", "kampanjekode*", "sporingsnummer*", "strekkode*", "hentekode*",
        ],
        context: &["gratulerer", "vinner", "du har vunnet", "trekning*"],
    },
    Pack {
        lang: "ro",
        strong: &[
            "cod de verificare", "codul de verificare", "cod de confirmare", "codul de confirmare",
            "cod de securitate", "codul de securitate", "parolă unică", "parola unica",
            "codul tău", "codul tau", "codul dvs", "codul este", "cod de activare",
            "codul de activare", "cod unic",
        ],
        weak: &["codul*", "parola*", "parolă*"],
        negative: &[
            "cod promoțional", "cod promotional", "cod de reducere", "codul de reducere",
            "cod poștal", "cod postal", "număr comandă", "numar comanda", "awb", "reducere*",
            "cupon*",
        ],
        context: &["felicitări", "felicitari", "câștigat", "castigat", "premiu*", "tombola", "cec"],
    },
    Pack {
        lang: "hu",
        strong: &[
            "ellenőrző kód*", "ellenorzo kod*", "megerősítő kód*", "megerosito kod*",
            "egyszer használatos jelszó*", "egyszer hasznalatos jelszo*", "biztonsági kód*",
            "biztonsagi kod*", "azonosító kód*", "azonosito kod*", "belépési kód*",
            "belepesi kod*", "aktiváló kód*", "kódja", "kodja", "egyszeri kód*", "egyszeri kod*",
        ],
        weak: &["kód*", "jelszó*", "jelszo*"],
        negative: &[
            "kuponkód*", "kedvezménykód*", "kedvezmenykod*", "irányítószám*", "iranyitoszam*",
            "csomagszám*", "csomagszam*", "rendelésszám*", "rendelesszam*", "vonalkód*",
            "kedvezmény*", "kedvezmeny*",
        ],
        context: &["nyeremény*", "nyeremeny*", "nyertes*", "gratulálunk", "gratulalunk", "sorsolás*", "csekk*", "kurzus*"],
    },
    Pack {
        lang: "ms",
        strong: &[
            "kod pengesahan", "kod keselamatan", "kod pengaktifan", "kata laluan sekali guna",
            "kod sekali guna", "kod log masuk", "nombor tac",
        ],
        weak: &["kod", "kata laluan", "pengesahan"],
        negative: &[
            "kod promo", "kod baucar", "baucar*", "kod diskaun", "diskaun*", "poskod*",
            "nombor pesanan", "nombor penjejakan", "nombor parsel",
        ],
        context: &["tahniah", "cabutan bertuah", "kursus", "ganjaran"],
    },
    Pack {
        lang: "fil",
        strong: &["iyong otp", "otp mo", "iyong verification code"],
        weak: &["pin mo", "iyong code", "code mo"],
        negative: &["diskwento*", "code ng promo"],
        context: &["nanalo", "panalo", "premyo", "binabati", "pagbati", "raffle", "kurso"],
    },
    Pack {
        lang: "ur",
        strong: &[
            "تصدیقی کوڈ", "او ٹی پی", "ون ٹائم پاس ورڈ", "ون ٹائم پن", "تصدیقی نمبر",
            "آپ کا کوڈ", "کوڈ یہ ہے",
        ],
        weak: &["~کوڈ*", "پاس ورڈ"],
        negative: &["پرومو کوڈ", "ڈسکاؤنٹ*", "کوپن*", "رعایت*", "آرڈر نمبر"],
        context: &["انعام", "مبارک ہو", "قرعہ اندازی", "جیت گئے"],
    },
    Pack {
        lang: "sw",
        strong: &[
            "nambari ya uthibitisho", "namba ya uthibitisho", "msimbo wa uthibitisho",
            "msimbo wa uthibitishaji", "nenosiri la mara moja", "msimbo wako",
            "nambari yako ya uthibitisho", "namba yako ya uthibitisho",
            "msimbo wako wa uthibitisho",
            "nambari yako ya siri ya mara moja",
        ],
        weak: &["msimbo", "nenosiri", "namba ya siri", "nambari ya siri"],
        negative: &[
            "msimbo wa punguzo", "punguzo*", "kuponi*", "nambari ya agizo",
            "nambari ya kifurushi", "msimbo wa posta",
        ],
        context: &["hongera", "umeshinda", "zawadi", "mshindi", "bahati nasibu", "hundi", "kozi"],
    },
    Pack {
        lang: "ta",
        strong: &[
            "சரிபார்ப்பு குறியீ*", "ஓடிபி", "ஒரு முறை கடவுச்சொல்*", "ஒருமுறை கடவுச்சொல்*",
            "உங்கள் குறியீ*",
        ],
        weak: &["குறியீ*", "கடவுச்சொல்*"],
        negative: &["தள்ளுபடி*", "கூப்பன்*", "அஞ்சல் குறியீ*", "ஆர்டர் எண்*"],
        context: &["பரிசு*", "வாழ்த்துக்கள்", "வெற்றியாளர்*"],
    },
    Pack {
        lang: "af",
        strong: &[
            "verifikasiekode*", "bevestigingskode*", "eenmalige wagwoord", "eenmalige pin",
            "sekuriteitskode*", "jou kode", "u kode",
        ],
        weak: &["wagwoord*"],
        negative: &["afslagkode*", "promosiekode*", "poskode*", "bestelnommer*", "afslag*"],
        context: &["baie geluk", "wenner*", "trekking", "prysgeld"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn packs_are_lower_case_and_unique() {
        let mut langs = HashSet::new();
        for pack in PACKS {
            assert!(langs.insert(pack.lang), "duplicate pack {}", pack.lang);
            let entries = pack.strong.iter().chain(pack.weak).chain(pack.negative);
            for entry in entries.chain(pack.context) {
                assert_eq!(
                    entry.to_lowercase(),
                    *entry,
                    "{}: {entry:?} is not lower case",
                    pack.lang
                );
                assert!(!entry.trim_matches(['~', '*']).is_empty());
            }
        }
        for lang in [
            "en", "zh-Hans", "zh-Hant", "es", "pt", "fr", "de", "it", "ru", "uk", "tr", "ar", "fa",
            "he", "hi", "id", "vi", "th", "ja", "ko", "pl", "nl", "el", "cs", "ca", "fi", "bn",
            "sv", "da", "nb", "ro", "hu", "ms", "fil", "ur", "sw", "ta", "af",
        ] {
            assert!(langs.contains(lang), "missing pack {lang}");
        }
    }
}
