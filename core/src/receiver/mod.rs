//! SMS one-time-code receiver and sender helpers.
//!
//! * [`extract`]: finds the code in a received message (origin-bound line, keywords in 38
//!   language packs, layout), precision first, with the code's byte span and evidence.
//! * [`parse_origin_bound`] / [`find_origin_bound`]: the WICG origin-bound one-time-code format
//!   (`@example.com #123456 @embedded.example`), strict and tolerant.
//! * [`app_hash`]: the Android SMS Retriever app hash from a package name and signing
//!   certificate (DER or PEM); [`check_app_hash`]: whether a received message carries it.
//! * [`format_sms`]: an SMS body with the code, app hash and origin-bound lines, with its GSM-7 /
//!   UCS-2 length and segment count ([`encoding_info`]).
//! * [`voice_message`] / [`push_message`]: text for voice calls (digits spelled out, said twice)
//!   and push/WhatsApp.
//!
//! ```
//! use otpkit::receiver::{extract, Evidence};
//!
//! let found = extract("G-482913 is your Google verification code.").unwrap();
//! assert_eq!(found.code, "482913");
//! assert_eq!(found.evidence, Evidence::Keyword);
//! assert!(extract("Your parcel 48291374 ships today. Questions? Call 555-0142.").is_none());
//! ```

mod app_hash;
mod candidates;
mod decoys;
mod error;
mod extract;
mod gsm;
mod keywords;
mod layout;
mod lexicon;
mod normalize;
mod origin;
mod sms_body;
mod templates;
mod trie;

pub use app_hash::{app_hash, certificate_der, check_app_hash, AppHashMatch, APP_HASH_LEN};
pub use error::{AppHashError, FormatError, OriginError};
pub use extract::{extract, Evidence, Extraction, MAX_MESSAGE_BYTES};
pub use gsm::{encoding_info, SmsEncoding, SmsEncodingInfo};
pub use origin::{find_origin_bound, parse_origin_bound, OriginBound};
pub use sms_body::{
    format_sms, validate_code, SmsBody, SmsOptions, SmsWarning, MAX_CODE_LEN, MIN_CODE_LEN,
};
pub use templates::{push_message, supported_languages, voice_message, PushStyle, VoiceMessage};

/// Language tags of the extraction keyword packs.
pub fn keyword_languages() -> Vec<String> {
    keywords::PACKS.iter().map(|p| p.lang.to_string()).collect()
}
