#!/usr/bin/env python3
"""Writes tests/vectors/receiver.json: extraction, origin-bound, app-hash, SMS-format, voice and
push cases shared by the Rust, Kotlin, Swift and Python tests.

Expected values are computed here independently of the Rust code: byte spans with Python string
search, app hashes with hashlib/base64 (the same steps as Google's AppSignatureHelper and the
keytool | xxd | sha256sum | base64 pipeline of the SMS Retriever docs), GSM-7 septets with the
3GPP TS 23.038 tables. The test certificate is a self-signed P-256 certificate made with openssl
for these vectors only (no real app is signed with it).

Usage: python3 tests/sms/make_receiver_vectors.py [CERT.der]
"""
import base64
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "vectors" / "receiver.json"



def span(text, shown):
    b = text.encode()
    s = b.index(shown.encode())
    return s, s + len(shown.encode())


def platform_spans(case):
    """The byte span of `case` in UTF-16 code units (Kotlin/Java, Swift NSRange) and in code
    points (Python str indices), computed from Python's own string model."""
    text = case["text"].encode()
    before = text[:case["start"]].decode()
    inside = text[case["start"]:case["end"]].decode()
    u16 = lambda t: len(t.encode("utf-16-le")) // 2
    case["utf16_start"], case["utf16_end"] = u16(before), u16(before) + u16(inside)
    case["scalar_start"], case["scalar_end"] = len(before), len(before) + len(inside)


EXTRACT = [
    # An emoji (outside the BMP) before the code: UTF-16 and scalar spans differ.
    ("emoji_before_code", "\U0001F510 Your Acme verification code is 482913. Do not share it.", "482913", "482913", "keyword", None, None),
    # name, text, code, shown (as displayed in text), evidence, origin, embedded
    ("google_prefix", "G-123456 is your Google verification code.", "123456", "123456", "keyword", None, None),
    ("whatsapp_dashed", "<#> Your WhatsApp code: 482-913\nYou can also tap on this link to verify your phone: v.whatsapp.com/482913\nDon't share this code with others\n4sgLq1p5sV6", "482913", "482-913", "keyword", None, None),
    ("instagram_spaced", "Use 771 024 to verify your Instagram account.", "771024", "771 024", "keyword", None, None),
    ("leading_zeros", "Your Acme code is 0042.", "0042", "0042", "keyword", None, None),
    ("alphanumeric", "Your Acme verification code is KX9T2Q", "KX9T2Q", "KX9T2Q", "keyword", None, None),
    ("india_bank_amount_card", "OTP for txn of Rs 5,000.00 at AMAZON on card XX1234 is 482913. Valid for 10 mins. Do not share.", "482913", "482913", "keyword", None, None),
    ("zh_glued", "【淘宝】验证码123456，您正在登录，若非本人操作，请勿泄露。", "123456", "123456", "keyword", None, None),
    ("zh_fullwidth", "您的验证码是：８８２９１０，5分钟内有效", "882910", "８８２９１０", "keyword", None, None),
    ("ar_indic_digits", "رمز التفعيل: ٨٣٩٢٠١", "839201", "٨٣٩٢٠١", "keyword", None, None),
    ("fa_persian_digits", "کد تایید شما: ۴۸۲۹۱۳", "482913", "۴۸۲۹۱۳", "keyword", None, None),
    ("hi_devanagari_digits", "आपका ओटीपी ४८२९१३ है", "482913", "४८२९१३", "keyword", None, None),
    ("ru_keyword", "Код подтверждения: 482913. Никому не сообщайте его.", "482913", "482913", "keyword", None, None),
    ("ko_brackets", "[Web발신]\n[네이버] 인증번호 [482913]를 입력해주세요.", "482913", "482913", "keyword", None, None),
    ("th_ref_code", "รหัส OTP ของคุณคือ 482913 (รหัสอ้างอิง: ABCD) ใช้ได้ภายใน 5 นาที", "482913", "482913", "keyword", None, None),
    ("origin_bound", "747723 is your ExampleCo authentication code.\n\n@example.com #747723", "747723", None, "origin_bound", "example.com", None),
    ("origin_bound_apple_percent", "Your Apple Account code is: 482913. Don't share it with anyone.\n\n@apple.com #482913 %apple.com", "482913", None, "origin_bound", "apple.com", "apple.com"),
    ("origin_bound_embedded_at", "Your code is 123456.\n@www.example.com #123456 @pay.example", "123456", None, "origin_bound", "www.example.com", "pay.example"),
    ("layout_alone_on_line", "Acme\n482913", "482913", "482913", "layout", None, None),
    ("decoy_bank_alert", "Chase: A $1,250.00 payment to ACME CORP was made from account ending in 4821 on 05/12/2024.", None, None, None, None, None),
    ("decoy_promo", "Flash sale! Get 30% off everything with code SUMMER30. Shop now: bit.ly/3xKq9Pz Reply STOP to opt out", None, None, None, None, None),
    ("decoy_phone_appointment", "Reminder: Your appointment with Dr. Smith is on 05/14 at 3:30 PM. Reply C to confirm or call 555-123-4567.", None, None, None, None, None),
    ("decoy_pickup_code", "【顺丰速运】您的快件SF1234567890123已到达，凭取件码 5821 到丰巢柜取件。", None, None, None, None, None),
    ("decoy_barcode", "Scan the barcode 4006381 at checkout to pay.", None, None, None, None, None),
    ("keyword_without_code", "Never share your verification code with anyone. Acme will never ask for it.", None, None, None, None, None),
    ("el_verification", "Ο κωδικός επαλήθευσης σας είναι 482916. Μην τον γνωστοποιήσετε σε κανέναν.", "482916", "482916", "keyword", None, None),
    ("cs_authorization", "Autorizační SMS kód: 73920155. Platba 1 299,00 Kč u ALZA.CZ.", "73920155", "73920155", "keyword", None, None),
    ("ca_verification", "El teu codi de verificació és 381204. No el comparteixis amb ningú.", "381204", "381204", "keyword", None, None),
    ("fi_compound_on", "Vahvistuskoodisi on 274019. Älä kerro koodia kenellekään.", "274019", "274019", "keyword", None, None),
    ("bn_bengali_digits", "bKash যাচাইকরণ কোড: ৭৩৮২৯১. মেয়াদ ৩ মিনিট।", "738291", "৭৩৮২৯১", "keyword", None, None),
    ("sv_one_time", "BankID: Engångskod 52817 för inloggning. Gäller i 3 minuter.", "52817", "52817", "keyword", None, None),
    ("da_one_time", "Din engangskode er 318402. Koden udløber om 10 minutter.", "318402", "318402", "keyword", None, None),
    ("nb_confirmation", "Vipps: Bekreftelseskode 8815. Koden er gyldig i 5 minutter.", "8815", "8815", "keyword", None, None),
    ("ro_bank", "BT: Cod de confirmare 5519 pentru plata de 120,50 RON la EMAG.", "5519", "5519", "keyword", None, None),
    ("hu_verification", "Az Ön ellenőrző kódja: 481920. Ne adja meg senkinek.", "481920", "481920", "keyword", None, None),
    ("ms_verification", "Kod pengesahan anda ialah 629401. Jangan kongsi kod ini.", "629401", "629401", "keyword", None, None),
    ("fil_verification", "GCash: Ang iyong verification code ay 5521. Valid ng 5 minuto.", "5521", "5521", "keyword", None, None),
    ("ur_verification", "آپ کا تصدیقی کوڈ 518290 ہے۔ یہ کوڈ کسی کو نہ بتائیں۔", "518290", "518290", "keyword", None, None),
    ("sw_verification", "Nambari yako ya uthibitisho ni 604821. Usimpe mtu yeyote.", "604821", "604821", "keyword", None, None),
    ("ta_verification", "உங்கள் சரிபார்ப்பு குறியீடு 493021. இதை யாருடனும் பகிர வேண்டாம்.", "493021", "493021", "keyword", None, None),
    ("af_verification", "Jou verifikasiekode is 551903. Moet dit met niemand deel nie.", "551903", "551903", "keyword", None, None),
    ("retriever_layout_no_pack", "<#> Teie kinnituskood: 604117\nÄrge jagage seda kellegagi.\nFA+9qCX9VSu", "604117", "604117", "layout", None, None),
    ("retriever_rtl_marks_in_code", "\u0631\u0645\u0632 \u0627\u0644\u062a\u062d\u0642\u0642 \u200f\u0664\u0668\u0662\u200f-\u200f\u0669\u0661\u0663\u200f \u0644\u0627 \u062a\u0634\u0627\u0631\u0643\u0647", "482913", "\u0664\u0668\u0662\u200f-\u200f\u0669\u0661\u0663", "keyword", None, None),
    ("decoy_retriever_amount", "Tellimus 44120, summa 25,50 EUR.\nFA+9qCX9VSu", None, None, None, None, None),
    ("decoy_lottery_pin", "CONGRATULATIONS! Your number has won GBP 850,000 in the Mega Lucky Draw. Claim with PIN CODE 4QZ8T1KM at claims-desk.example", None, None, None, None, None),
    ("decoy_course_code", "Reminder: the course code for Applied Statistics is ST2091, lecture in room 4B on Monday.", None, None, None, None, None),
    ("decoy_sv_discount", "Använd rabattkoden VAR20 i kassan och få 20% rabatt!", None, None, None, None, None),
    ("decoy_sw_prize", "Hongera! Umeshinda zawadi ya Ksh 50,000. Msimbo 8812094 piga simu sasa.", None, None, None, None, None),    # One positive and one negative (a pack negative keyword next to a code-shaped token) for
    # every pack without one above; the `lang` of each vector is in LANGS.
    ("zh_hant_verification", "【蝦皮購物】您的驗證碼為 493817，請於5分鐘內輸入，切勿提供給他人。", "493817", "493817", "keyword", None, None),
    ("es_verification", "Tu código de verificación de Banco Santander es 582014. No lo compartas con nadie.", "582014", "582014", "keyword", None, None),
    ("pt_verification", "Seu código de verificação do Nubank é 730195. Não compartilhe com ninguém.", "730195", "730195", "keyword", None, None),
    ("fr_verification", "Votre code de vérification Doctolib est 418263. Il expire dans 10 minutes.", "418263", "418263", "keyword", None, None),
    ("de_confirmation", "Ihr Bestätigungscode für DHL lautet 602917. Bitte nicht weitergeben.", "602917", "602917", "keyword", None, None),
    ("it_verification", "Il tuo codice di verifica Poste Italiane è 357019. Non condividerlo con nessuno.", "357019", "357019", "keyword", None, None),
    ("uk_confirmation", "Код підтвердження Monobank: 824630. Нікому не повідомляйте його.", "824630", "824630", "keyword", None, None),
    ("tr_verification", "Trendyol doğrulama kodunuz: 916402. Bu kodu kimseyle paylaşmayın.", "916402", "916402", "keyword", None, None),
    ("he_verification", "קוד האימות שלך לבנק הפועלים הוא 470215. אין למסור אותו לאף אחד.", "470215", "470215", "keyword", None, None),
    ("id_verification", "Kode verifikasi Tokopedia Anda adalah 385102. Jangan berikan kode ini kepada siapa pun.", "385102", "385102", "keyword", None, None),
    ("vi_verification", "Mã xác thực Shopee của bạn là 740291. Không chia sẻ mã này với bất kỳ ai.", "740291", "740291", "keyword", None, None),
    ("ja_verification", "【LINE】認証番号：620481 この番号を他人に教えないでください。", "620481", "620481", "keyword", None, None),
    ("pl_verification", "Twój kod weryfikacyjny Allegro to 518406. Nie udostępniaj go nikomu.", "518406", "518406", "keyword", None, None),
    ("nl_verification", "Je verificatiecode voor Bol.com is 294710. Deel deze code met niemand.", "294710", "294710", "keyword", None, None),
    ("decoy_zh_hant_negative_keyword", "【momo購物】您的優惠碼 SAVE88 可折抵 200 元，訂單編號 88120934，期限至 6/30。", None, None, None, None, None),
    ("decoy_es_negative_keyword", "Usa el código promocional VERANO25 y obtén 25% de descuento en tu pedido 4481203.", None, None, None, None, None),
    ("decoy_pt_negative_keyword", "Seu pedido 5520193 foi enviado. Código de rastreamento: BR482019375BR.", None, None, None, None, None),
    ("decoy_fr_negative_keyword", "Votre colis 6610284 est en route. Code de suivi : 8J00412539018. Livraison prévue le 14/06.", None, None, None, None, None),
    ("decoy_de_negative_keyword", "Ihr Gutscheincode SOMMER20 gilt bis 31.08. für alle Bestellungen ab 50 EUR.", None, None, None, None, None),
    ("decoy_it_negative_keyword", "Il tuo codice sconto ESTATE15 è valido fino al 30/06 su ordini superiori a 40 euro.", None, None, None, None, None),
    ("decoy_ru_negative_keyword", "Ваш промокод LETO2024 даёт скидку 15% на заказ до 30 июня.", None, None, None, None, None),
    ("decoy_uk_negative_keyword", "Ваш промокод ZNYZHKA30 діє до 31 серпня. Номер замовлення 552019.", None, None, None, None, None),
    ("decoy_tr_negative_keyword", "Siparişiniz kargoya verildi. Takip numarası: 7281930451. İndirim kodu YAZ20 ile %20 indirim.", None, None, None, None, None),
    ("decoy_ar_negative_keyword", "استخدم كود الخصم SALE30 واحصل على خصم 30% على طلبك رقم 558201.", None, None, None, None, None),
    ("decoy_fa_negative_keyword", "کد تخفیف شما OFF25 است. شماره سفارش 4471029 ثبت شد.", None, None, None, None, None),
    ("decoy_he_negative_keyword", "קוד הנחה SUMMER15 בתוקף עד 30.6. מספר הזמנה 882019.", None, None, None, None, None),
    ("decoy_hi_negative_keyword", "प्रोमो कोड DIWALI50 के साथ 50% छूट पाएं। ऑर्डर 4419023 जल्द भेजा जाएगा।", None, None, None, None, None),
    ("decoy_id_negative_keyword", "Gunakan kode promo HEMAT50 untuk diskon Rp50.000. Kode booking 7HX29Q berlaku hari ini.", None, None, None, None, None),
    ("decoy_vi_negative_keyword", "Nhập mã giảm giá SALE50 để được giảm 50.000đ cho đơn hàng 782019.", None, None, None, None, None),
    ("decoy_th_negative_keyword", "ใช้โค้ดส่วนลด SAVE100 รับส่วนลด 100 บาท เลขพัสดุ TH0192837465", None, None, None, None, None),
    ("decoy_ja_negative_keyword", "クーポンコード SUMMER10 で10%割引。お問い合わせ番号 4820-1937-5521", None, None, None, None, None),
    ("decoy_ko_negative_keyword", "[쿠팡] 주문번호 29103847 상품이 발송되었습니다. 운송장 5520193847", None, None, None, None, None),
    ("decoy_pl_negative_keyword", "Twoja paczka czeka w paczkomacie. Kod odbioru: 482019. Numer przesyłki 620019284712.", None, None, None, None, None),
    ("decoy_nl_negative_keyword", "Gebruik kortingscode ZOMER10 voor 10% korting. Bestelnummer 8810293.", None, None, None, None, None),
    ("decoy_el_negative_keyword", "Με τον εκπτωτικό κωδικό SUMMER20 έχετε 20% έκπτωση. Αριθμός παραγγελίας 550192.", None, None, None, None, None),
    ("decoy_cs_negative_keyword", "Slevový kód LETO200 platí do 31. 7. Číslo zásilky 9920183746.", None, None, None, None, None),
    ("decoy_ca_negative_keyword", "Utilitza el codi de descompte ESTIU15 i estalvia un 15%. Comanda 4481920.", None, None, None, None, None),
    ("decoy_fi_negative_keyword", "Alennuskoodi KESA20 on voimassa 31.7. asti. Tilausnumero 5520194.", None, None, None, None, None),
    ("decoy_bn_negative_keyword", "প্রোমো কোড EID50 ব্যবহার করে ৫০% ছাড় পান। অর্ডার নম্বর 7719203", None, None, None, None, None),
    ("decoy_da_negative_keyword", "Brug rabatkoden SOMMER25 og få 25% rabat. Ordrenummer 6610293.", None, None, None, None, None),
    ("decoy_nb_negative_keyword", "Bruk rabattkoden SOMMER30 for 30% avslag. Sporingsnummer 370123456789012.", None, None, None, None, None),
    ("decoy_ro_negative_keyword", "Folosește codul de reducere VARA20 pentru 20% reducere la comanda 5519203.", None, None, None, None, None),
    ("decoy_hu_negative_keyword", "Kuponkód: NYAR15, 15% kedvezmény. Csomagszám: 40029183.", None, None, None, None, None),
    ("decoy_ms_negative_keyword", "Gunakan kod promo JIMAT20 untuk diskaun 20%. Nombor pesanan 8820193.", None, None, None, None, None),
    ("decoy_fil_negative_keyword", "Gamitin ang code ng promo SALE50 para sa 50% diskwento sa order 5520193.", None, None, None, None, None),
    ("decoy_ur_negative_keyword", "پرومو کوڈ EID25 استعمال کریں اور 25% رعایت حاصل کریں۔ آرڈر نمبر 551029", None, None, None, None, None),
    ("decoy_ta_negative_keyword", "கூப்பன் SAVE20 மூலம் 20% தள்ளுபடி பெறுங்கள். ஆர்டர் எண் 4482019", None, None, None, None, None),
    ("decoy_af_negative_keyword", "Gebruik die afslagkode WINTER20 vir 20% afslag. Bestelnommer 7720193.", None, None, None, None, None),
]

# The language of each extract vector's message: for keyword evidence, the pack whose keyword
# supports the code (`language` of the extraction). Every keyword pack has a positive and a
# negative vector (core/tests/receiver_vectors.rs checks both).
LANGS = {
    "emoji_before_code": "en",
    "google_prefix": "en",
    "whatsapp_dashed": "en",
    "instagram_spaced": "en",
    "leading_zeros": "en",
    "alphanumeric": "en",
    "india_bank_amount_card": "en",
    "zh_glued": "zh-Hans",
    "zh_fullwidth": "zh-Hans",
    "ar_indic_digits": "ar",
    "fa_persian_digits": "fa",
    "hi_devanagari_digits": "hi",
    "ru_keyword": "ru",
    "ko_brackets": "ko",
    "th_ref_code": "th",
    "origin_bound": "en",
    "origin_bound_apple_percent": "en",
    "origin_bound_embedded_at": "en",
    "layout_alone_on_line": "en",
    "decoy_bank_alert": "en",
    "decoy_promo": "en",
    "decoy_phone_appointment": "en",
    "decoy_pickup_code": "zh-Hans",
    "decoy_barcode": "en",
    "keyword_without_code": "en",
    "el_verification": "el",
    "cs_authorization": "cs",
    "ca_verification": "ca",
    "fi_compound_on": "fi",
    "bn_bengali_digits": "bn",
    "sv_one_time": "sv",
    "da_one_time": "da",
    "nb_confirmation": "nb",
    "ro_bank": "ro",
    "hu_verification": "hu",
    "ms_verification": "ms",
    "fil_verification": "fil",
    "ur_verification": "ur",
    "sw_verification": "sw",
    "ta_verification": "ta",
    "af_verification": "af",
    "retriever_layout_no_pack": "et",
    "retriever_rtl_marks_in_code": "ar",
    "decoy_retriever_amount": "et",
    "decoy_lottery_pin": "en",
    "decoy_course_code": "en",
    "decoy_sv_discount": "sv",
    "decoy_sw_prize": "sw",
    "zh_hant_verification": "zh-Hant",
    "es_verification": "es",
    "pt_verification": "pt",
    "fr_verification": "fr",
    "de_confirmation": "de",
    "it_verification": "it",
    "uk_confirmation": "uk",
    "tr_verification": "tr",
    "he_verification": "he",
    "id_verification": "id",
    "vi_verification": "vi",
    "ja_verification": "ja",
    "pl_verification": "pl",
    "nl_verification": "nl",
    "decoy_zh_hant_negative_keyword": "zh-Hant",
    "decoy_es_negative_keyword": "es",
    "decoy_pt_negative_keyword": "pt",
    "decoy_fr_negative_keyword": "fr",
    "decoy_de_negative_keyword": "de",
    "decoy_it_negative_keyword": "it",
    "decoy_ru_negative_keyword": "ru",
    "decoy_uk_negative_keyword": "uk",
    "decoy_tr_negative_keyword": "tr",
    "decoy_ar_negative_keyword": "ar",
    "decoy_fa_negative_keyword": "fa",
    "decoy_he_negative_keyword": "he",
    "decoy_hi_negative_keyword": "hi",
    "decoy_id_negative_keyword": "id",
    "decoy_vi_negative_keyword": "vi",
    "decoy_th_negative_keyword": "th",
    "decoy_ja_negative_keyword": "ja",
    "decoy_ko_negative_keyword": "ko",
    "decoy_pl_negative_keyword": "pl",
    "decoy_nl_negative_keyword": "nl",
    "decoy_el_negative_keyword": "el",
    "decoy_cs_negative_keyword": "cs",
    "decoy_ca_negative_keyword": "ca",
    "decoy_fi_negative_keyword": "fi",
    "decoy_bn_negative_keyword": "bn",
    "decoy_da_negative_keyword": "da",
    "decoy_nb_negative_keyword": "nb",
    "decoy_ro_negative_keyword": "ro",
    "decoy_hu_negative_keyword": "hu",
    "decoy_ms_negative_keyword": "ms",
    "decoy_fil_negative_keyword": "fil",
    "decoy_ur_negative_keyword": "ur",
    "decoy_ta_negative_keyword": "ta",
    "decoy_af_negative_keyword": "af",
}


ORIGIN = [
    # name, text, strict result or error, tolerant result (None = not found)
    ("draft_example", "747723 is your ExampleCo authentication code.\n\n@example.com #747723", {"host": "example.com", "embedded_host": None, "code": "747723"}, {"host": "example.com", "embedded_host": None, "code": "747723", "strict": True}),
    ("embedded_percent", "@example.com #747723 %ecommerce.example", {"host": "example.com", "embedded_host": "ecommerce.example", "code": "747723"}, None),
    ("embedded_at", "@example.com #747723 @ecommerce.example", {"host": "example.com", "embedded_host": "ecommerce.example", "code": "747723"}, None),
    ("trailing_text_ignored", "@example.com #747723 %ecommerce.example $future", {"host": "example.com", "embedded_host": "ecommerce.example", "code": "747723"}, None),
    ("host_lower_cased", "Code 1234\n@Login.Example.COM #1234", {"host": "login.example.com", "embedded_host": None, "code": "1234"}, None),
    ("not_at_line_start", "something @example.com #747723", {"error": "missing_host"}, {"host": "example.com", "embedded_host": None, "code": "747723", "strict": False}),
    ("wrong_order", "#747723 %ecommerce.example @example.com", {"error": "missing_host"}, None),
    ("text_between", "@example.com code #747723", {"error": "missing_code"}, None),
    ("double_space", "@example.com  #747723", {"error": "missing_code"}, {"host": "example.com", "embedded_host": None, "code": "747723", "strict": False}),
    ("trailing_newline", "Your code\n@example.com #747723\n", {"error": "empty"}, {"host": "example.com", "embedded_host": None, "code": "747723", "strict": False}),
    ("bad_host", "@exa_mple.com #1234", {"error": "invalid_host"}, None),
    ("email_is_not_origin", "mail bob@example.com #1 fan", {"error": "missing_host"}, None),
]


def app_hash(package, der):
    digest = hashlib.sha256((package + " " + der.hex()).encode("utf-8")).digest()
    return base64.b64encode(digest[:9]).decode()[:11]


GSM_BASIC = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
             "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXT = "\f^{}\\[~]|€"


def encoding(text):
    if all(c in GSM_BASIC or c in GSM_EXT for c in text):
        sizes = [2 if c in GSM_EXT else 1 for c in text]
        single, part, enc = 160, 153, "gsm7"
    else:
        sizes = [len(c.encode("utf-16-le")) // 2 for c in text]
        single, part, enc = 70, 67, "ucs2"
    units = sum(sizes)
    if units <= single:
        segments = 1
    else:
        segments, used = 1, 0
        for s in sizes:
            if used + s > part:
                segments, used = segments + 1, 0
            used += s
    return {"encoding": enc, "units": units, "segments": segments}


def sms_text(o):
    t = f"{o['code']} is your {o['service']} verification code."
    if o.get("validity_minutes") is not None:
        m = o["validity_minutes"]
        t += f" It expires in {m} {'minute' if m == 1 else 'minutes'}."
    t += " Don't share it with anyone."
    if o.get("app_hash"):
        t += "\n\n" + o["app_hash"]
    if o.get("origin_host"):
        t += ("\n" if o.get("app_hash") else "\n\n") + f"@{o['origin_host']} #{o['code']}"
        if o.get("embedded_host"):
            t += f" @{o['embedded_host']}"
    return t


def main():
    der_path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    existing = json.loads(OUT.read_text()) if OUT.exists() else None
    if der_path:
        der = der_path.read_bytes()
    else:
        der = bytes.fromhex(existing["app_hash"][0]["certificate_der_hex"])
    pem = "-----BEGIN CERTIFICATE-----\n" + "\n".join(
        base64.b64encode(der).decode()[i:i + 64] for i in range(0, len(base64.b64encode(der)), 64)
    ) + "\n-----END CERTIFICATE-----\n"

    extract = []
    for name, text, code, shown, evidence, origin, embedded in EXTRACT:
        case = {"name": name, "text": text, "code": code, "evidence": evidence,
                "origin": origin, "embedded_origin": embedded, "lang": LANGS[name]}
        if code is not None and shown is not None:
            case["start"], case["end"] = span(text, shown)
        elif code is not None:
            s, e = span(text, "#" + code)
            case["start"], case["end"] = s + 1, e
        if "start" in case:
            platform_spans(case)
        extract.append(case)

    origin = []
    for n, t, strict, tol in ORIGIN:
        if tol is None and "error" not in strict:
            tol = dict(strict, strict=True)  # find_origin_bound returns the strict result
        origin.append({"name": n, "text": t, "strict": strict, "tolerant": tol})

    hashes = [
        {"name": "test_cert_myapp", "package": "com.example.myapp", "certificate_der_hex": der.hex(),
         "certificate_pem": pem, "hash": app_hash("com.example.myapp", der)},
        {"name": "test_cert_sample", "package": "dev.otpkit.sample", "certificate_der_hex": der.hex(),
         "certificate_pem": pem, "hash": app_hash("dev.otpkit.sample", der)},
        {"name": "tiny_der", "package": "com.example.app", "certificate_der_hex": "30020500",
         "certificate_pem": None, "hash": app_hash("com.example.app", bytes.fromhex("30020500"))},
    ]
    hash_errors = [
        {"name": "bad_package", "package": "example", "certificate_der_hex": "30020500", "error": "invalid_package_name"},
        {"name": "empty_cert", "package": "com.example.app", "certificate_der_hex": "", "error": "empty_certificate"},
        {"name": "not_pem", "package": "com.example.app", "certificate_der_hex": "68656c6c6f", "error": "missing_pem_block"},
        {"name": "der_length_mismatch", "package": "com.example.app", "certificate_der_hex": "300500", "error": "invalid_der"},
    ]

    sms = []
    for name, opts in [
        ("plain", {"code": "123456", "service": "ExampleCo"}),
        ("validity", {"code": "4821", "service": "Acme", "validity_minutes": 5}),
        ("app_hash", {"code": "123456", "service": "ExampleCo", "app_hash": "FA+9qCX9VSu"}),
        ("origin", {"code": "747723", "service": "ExampleCo", "origin_host": "example.com"}),
        ("everything", {"code": "A1B2C3", "service": "Acme", "validity_minutes": 10, "app_hash": "FA+9qCX9VSu",
                        "origin_host": "example.com", "embedded_host": "pay.example"}),
        ("ucs2_service", {"code": "123456", "service": "Сервис"}),
        ("long_service", {"code": "123456", "service": "Acme " * 30}),
    ]:
        full = {"code": opts["code"], "service": opts["service"], "validity_minutes": opts.get("validity_minutes"),
                "app_hash": opts.get("app_hash"), "origin_host": opts.get("origin_host"),
                "embedded_host": opts.get("embedded_host")}
        full_for_text = dict(full, service=full["service"].strip())
        text = sms_text(full_for_text)
        enc = encoding(text)
        warnings = []
        if enc["encoding"] == "ucs2":
            warnings.append("ucs2")
        if enc["segments"] > 1:
            warnings.append("multiple_segments")
        sms.append({"name": name, "options": full, "text": text, **enc, "warnings": warnings})
    sms_errors = [
        {"name": "too_short", "options": {"code": "123", "service": "Acme"}, "error": "invalid_code"},
        {"name": "no_digit", "options": {"code": "ABCDEF", "service": "Acme"}, "error": "invalid_code"},
        {"name": "space", "options": {"code": "123 456", "service": "Acme"}, "error": "invalid_code"},
        {"name": "bad_hash", "options": {"code": "123456", "service": "Acme", "app_hash": "short"}, "error": "invalid_app_hash"},
        {"name": "bad_host", "options": {"code": "123456", "service": "Acme", "origin_host": "bad host"}, "error": "invalid_host"},
        {"name": "empty_service", "options": {"code": "123456", "service": " "}, "error": "invalid_service_name"},
    ]

    encodings = [dict(text=t, **encoding(t)) for t in [
        "", "Code: 123456", "a" * 160, "a" * 161, "a" * 306, "a" * 307, "{}[]~^|\\€", "验证码 123456",
        "я" * 70, "я" * 71, "😀 123456",
    ]]

    voice = [
        {"code": "1234", "service": "Acme", "lang": "en",
         "text": "Your Acme verification code is: one, two, three, four. Again, your code is: one, two, three, four."},
        {"code": "5A09", "service": "Acme", "lang": "de",
         "text": "Ihr Acme Bestätigungscode lautet: fünf, A, null, neun. Noch einmal, Ihr Code lautet: fünf, A, null, neun."},
        {"code": "2046", "service": "Acme", "lang": "es",
         "text": "Su código de verificación de Acme es: dos, cero, cuatro, seis. Repito, su código es: dos, cero, cuatro, seis."},
        {"code": "7381", "service": "Acme", "lang": "fr",
         "text": "Votre code de vérification Acme est : sept, trois, huit, un. Je répète, votre code est : sept, trois, huit, un."},
        {"code": "9012", "service": "Acme", "lang": "pt-BR",
         "text": "O seu código de verificação Acme é: nove, zero, um, dois. Repetindo, o seu código é: nove, zero, um, dois."},
    ]
    push = [
        {"code": "123456", "service": "Acme", "lang": "en", "validity_minutes": 10, "style": "push",
         "text": "123456 is your Acme verification code. Don't share it with anyone. It expires in 10 minutes."},
        {"code": "123456", "service": "Acme", "lang": "es", "validity_minutes": None, "style": "whatsapp",
         "text": "*123456* es tu código de verificación de Acme. No lo compartas con nadie."},
    ]

    doc = {
        "description": "Receiver vectors: extract (spans in UTF-8 bytes `start`/`end`, UTF-16 code units `utf16_*` and Unicode scalars `scalar_*`), origin-bound parsing, "
                       "Android SMS Retriever app hash, SMS body formatting, GSM-7/UCS-2 counting, voice and push "
                       "templates. Generated by tests/sms/make_receiver_vectors.py.",
        "extract": extract,
        "origin_bound": origin,
        "app_hash": hashes,
        "app_hash_errors": hash_errors,
        "format_sms": sms,
        "format_sms_errors": sms_errors,
        "encoding": encodings,
        "voice": voice,
        "push": push,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
