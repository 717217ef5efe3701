//! Receiver benchmark (being written).
fn main() {}
