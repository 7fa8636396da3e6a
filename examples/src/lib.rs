//! Example programs for pkgsdk; each is an `[[example]]` of this package:
//!
//! - `demo` (`cargo run --example demo`): lists a catalogue served by an embedded mock
//!   server — no network, no credentials.
