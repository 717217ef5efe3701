//! Messages for the other delivery channels: voice (text-to-speech) and push/WhatsApp text.
//!
//! Voice messages spell the code character by character with pauses and say it twice; digits
//! are spelled with the language's words so that every TTS engine reads them one by one.

use super::error::FormatError;
use super::sms_body::validate_code;
use crate::xml::escape as xml_escape;

/// A voice message in two forms: plain text and SSML with explicit pauses. `Debug` redacts
/// both (they hold the code).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VoiceMessage {
    /// Plain text: characters separated by commas, code said twice.
    pub text: String,
    /// The same in SSML (`<speak>`, `<break>` between characters and before the repetition).
    pub ssml: String,
}

impl std::fmt::Debug for VoiceMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceMessage")
            .field("text", &crate::redact::REDACTED)
            .field("ssml", &crate::redact::REDACTED)
            .finish()
    }
}

/// Style of a text message for push notifications or WhatsApp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PushStyle {
    /// Plain notification text.
    Push,
    /// WhatsApp: the code in bold (`*123456*`).
    WhatsApp,
}

/// One language's words and sentences.
struct Lang {
    tag: &'static str,
    digits: [&'static str; 10],
    /// `{service}` and `{code}` are replaced.
    voice_intro: &'static str,
    voice_again: &'static str,
    push: &'static str,
    push_validity: &'static str,
}

const LANGS: [Lang; 6] = [
    Lang {
        tag: "en",
        digits: [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ],
        voice_intro: "Your {service} verification code is: {code}.",
        voice_again: "Again, your code is: {code}.",
        push: "{code} is your {service} verification code. Don't share it with anyone.",
        push_validity: "It expires in {minutes} minutes.",
    },
    Lang {
        tag: "es",
        digits: [
            "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
        ],
        voice_intro: "Su código de verificación de {service} es: {code}.",
        voice_again: "Repito, su código es: {code}.",
        push: "{code} es tu código de verificación de {service}. No lo compartas con nadie.",
        push_validity: "Caduca en {minutes} minutos.",
    },
    Lang {
        tag: "fr",
        digits: [
            "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
        ],
        voice_intro: "Votre code de vérification {service} est : {code}.",
        voice_again: "Je répète, votre code est : {code}.",
        push: "{code} est votre code de vérification {service}. Ne le partagez avec personne.",
        push_validity: "Il expire dans {minutes} minutes.",
    },
    Lang {
        tag: "de",
        digits: [
            "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
        ],
        voice_intro: "Ihr {service} Bestätigungscode lautet: {code}.",
        voice_again: "Noch einmal, Ihr Code lautet: {code}.",
        push: "{code} ist Ihr {service} Bestätigungscode. Geben Sie ihn an niemanden weiter.",
        push_validity: "Er läuft in {minutes} Minuten ab.",
    },
    Lang {
        tag: "pt",
        digits: [
            "zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove",
        ],
        voice_intro: "O seu código de verificação {service} é: {code}.",
        voice_again: "Repetindo, o seu código é: {code}.",
        push: "{code} é o seu código de verificação {service}. Não o partilhe com ninguém.",
        push_validity: "Expira em {minutes} minutos.",
    },
    Lang {
        tag: "it",
        digits: [
            "zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove",
        ],
        voice_intro: "Il tuo codice di verifica {service} è: {code}.",
        voice_again: "Ripeto, il tuo codice è: {code}.",
        push: "{code} è il tuo codice di verifica {service}. Non condividerlo con nessuno.",
        push_validity: "Scade tra {minutes} minuti.",
    },
];

/// Language tags with digit words and sentences.
pub fn supported_languages() -> Vec<String> {
    LANGS.iter().map(|l| l.tag.to_string()).collect()
}

/// Finds a language by tag; `pt-BR`, `en_US` and upper case are accepted.
fn lang(tag: &str) -> Result<&'static Lang, FormatError> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGS
        .iter()
        .find(|l| l.tag == primary)
        .ok_or_else(|| FormatError::UnsupportedLanguage(tag.chars().take(16).collect()))
}

fn check_service(service: &str) -> Result<&str, FormatError> {
    let s = service.trim();
    if s.is_empty() || s.contains(['\n', '\r']) {
        Err(FormatError::InvalidServiceName)
    } else {
        Ok(s)
    }
}

/// The code's characters as spoken words (digits) or upper-case letters.
fn spoken(code: &str, lang: &Lang) -> Vec<String> {
    code.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => lang.digits[d as usize].to_string(),
            None => c.to_ascii_uppercase().to_string(),
        })
        .collect()
}

/// A voice message saying the code twice, one character at a time, in language `lang`
/// (`en`, `es`, `fr`, `de`, `pt`, `it`).
pub fn voice_message(
    code: &str,
    service: &str,
    lang_tag: &str,
) -> Result<VoiceMessage, FormatError> {
    validate_code(code)?;
    let service = check_service(service)?;
    let lang = lang(lang_tag)?;
    let words = spoken(code, lang);
    let plain_code = words.join(", ");
    let ssml_code = words
        .iter()
        .map(|w| xml_escape(w))
        .collect::<Vec<_>>()
        .join("<break time=\"400ms\"/>");
    let fill = |template: &str, code_text: &str, service_text: &str| {
        template
            .replace("{service}", service_text)
            .replace("{code}", code_text)
    };
    let text = format!(
        "{} {}",
        fill(lang.voice_intro, &plain_code, service),
        fill(lang.voice_again, &plain_code, service)
    );
    let escaped_service = xml_escape(service);
    let ssml = format!(
        "<speak>{}<break time=\"1s\"/>{}</speak>",
        fill(lang.voice_intro, &ssml_code, &escaped_service),
        fill(lang.voice_again, &ssml_code, &escaped_service)
    );
    Ok(VoiceMessage { text, ssml })
}

/// A push-notification or WhatsApp text with the code.
pub fn push_message(
    code: &str,
    service: &str,
    lang_tag: &str,
    validity_minutes: Option<u32>,
    style: PushStyle,
) -> Result<String, FormatError> {
    validate_code(code)?;
    let service = check_service(service)?;
    let lang = lang(lang_tag)?;
    let shown = match style {
        PushStyle::Push => code.to_string(),
        PushStyle::WhatsApp => format!("*{code}*"),
    };
    let mut text = lang
        .push
        .replace("{service}", service)
        .replace("{code}", &shown);
    if let Some(minutes) = validity_minutes {
        text.push(' ');
        text.push_str(
            &lang
                .push_validity
                .replace("{minutes}", &minutes.to_string()),
        );
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_spells_digits_twice() {
        let v = voice_message("1234", "Acme", "en").unwrap();
        assert_eq!(
            v.text,
            "Your Acme verification code is: one, two, three, four. Again, your code is: one, two, three, four."
        );
        assert!(v.ssml.starts_with("<speak>"));
        assert_eq!(v.ssml.matches("<break time=\"400ms\"/>").count(), 6);
        let de = voice_message("5A09", "Acme", "de-AT").unwrap();
        assert!(de.text.contains("fünf, A, null, neun"));
    }

    #[test]
    fn push_and_whatsapp() {
        assert_eq!(
            push_message("123456", "Acme", "en", Some(10), PushStyle::Push).unwrap(),
            "123456 is your Acme verification code. Don't share it with anyone. It expires in 10 minutes."
        );
        assert!(
            push_message("123456", "Acme", "pt-BR", None, PushStyle::WhatsApp)
                .unwrap()
                .starts_with("*123456* é o seu")
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(
            voice_message("1234", "Acme", "xx"),
            Err(FormatError::UnsupportedLanguage(_))
        ));
        assert!(matches!(
            voice_message("12", "Acme", "en"),
            Err(FormatError::InvalidCode(_))
        ));
        assert_eq!(
            push_message("1234", "", "en", None, PushStyle::Push),
            Err(FormatError::InvalidServiceName)
        );
        assert_eq!(supported_languages().len(), 6);
    }
}
