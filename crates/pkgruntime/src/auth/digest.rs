//! HTTP Digest authentication (RFC 7616) — being written.

/// HTTP Digest credentials and challenge state (placeholder until implemented).
#[derive(Debug)]
pub struct DigestAuth;
