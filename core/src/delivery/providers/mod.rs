//! One adapter per provider, each written from the provider's published HTTP API
//! documentation (cited at the top of each module).
pub mod messagebird;
pub use messagebird::{MessageBird, MessageBirdConfig};
pub mod sleekflow;
pub use sleekflow::{SleekFlow, SleekFlowConfig};
