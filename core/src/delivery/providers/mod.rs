//! One adapter per provider, each written from the provider's published HTTP API
//! documentation (cited at the top of each module).
pub mod twilio;
pub use twilio::{Twilio, TwilioApiKey, TwilioConfig};
pub mod vonage;
pub use vonage::{Vonage, VonageApplication, VonageAuth, VonageConfig, VonageWhatsAppTemplate};
