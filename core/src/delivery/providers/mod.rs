//! One adapter per provider, each written from the provider's published HTTP API
//! documentation (cited at the top of each module).

pub mod textlocal;
pub use textlocal::{Textlocal, TextlocalConfig, TextlocalRegion};
pub mod dexatel;
pub use dexatel::{Dexatel, DexatelConfig};
pub mod labsmobile;
pub use labsmobile::{LabsMobile, LabsMobileConfig};
pub mod twilio;
pub use twilio::{Twilio, TwilioApiKey, TwilioConfig};
pub mod vonage;
pub use vonage::{Vonage, VonageApplication, VonageAuth, VonageConfig, VonageWhatsAppTemplate};
pub mod messagebird;
pub use messagebird::{MessageBird, MessageBirdConfig};
pub mod sleekflow;
pub use sleekflow::{SleekFlow, SleekFlowConfig};
