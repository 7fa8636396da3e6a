//! [`Checksum`]: a digest algorithm and its validated lower-case hex value.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

crate::open_enum! {
    /// A digest algorithm a vendor publishes for its files.
    pub enum ChecksumAlgorithm {
        /// MD5 (32 hex digits).
        Md5 = "md5",
        /// SHA-1 (40 hex digits).
        Sha1 = "sha1",
        /// SHA-256 (64 hex digits).
        Sha256 = "sha256",
        /// SHA-512 (128 hex digits).
        Sha512 = "sha512",
    }
}

impl ChecksumAlgorithm {
    /// The number of hex digits a digest of this algorithm has, when the algorithm is known.
    pub fn hex_len(&self) -> Option<usize> {
        match self {
            Self::Md5 => Some(32),
            Self::Sha1 => Some(40),
            Self::Sha256 => Some(64),
            Self::Sha512 => Some(128),
            Self::Unknown(_) => None,
        }
    }
}

/// A digest: its algorithm and its value as lower-case hex.
///
/// The value is validated on construction and on deserialisation: it must be hex of the
/// algorithm's length (any non-empty even length for an unknown algorithm). Upper-case
/// input is accepted and stored in lower case.
///
/// ```
/// use pkgmodel::{Checksum, ChecksumAlgorithm};
/// let sum: Checksum = "sha1:E3277366579EAC7ECF7A5B6313F2807229567A12".parse()?;
/// assert_eq!(sum.algorithm(), &ChecksumAlgorithm::Sha1);
/// assert_eq!(sum.to_string(), "sha1:e3277366579eac7ecf7a5b6313f2807229567a12");
/// assert!(Checksum::new(ChecksumAlgorithm::Sha1, "xyz").is_err());
/// # Ok::<(), pkgmodel::ChecksumError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawChecksum")]
pub struct Checksum {
    algorithm: ChecksumAlgorithm,
    hex: String,
}

#[derive(Deserialize)]
struct RawChecksum {
    algorithm: ChecksumAlgorithm,
    hex: String,
}

impl TryFrom<RawChecksum> for Checksum {
    type Error = ChecksumError;
    fn try_from(raw: RawChecksum) -> Result<Self, Self::Error> {
        Self::new(raw.algorithm, raw.hex)
    }
}

impl Checksum {
    /// Validates `hex` for `algorithm` and stores it in lower case.
    pub fn new(
        algorithm: ChecksumAlgorithm,
        hex: impl Into<String>,
    ) -> Result<Self, ChecksumError> {
        let mut hex = hex.into();
        if let Some(position) = hex.bytes().position(|b| !b.is_ascii_hexdigit()) {
            return Err(ChecksumError::NotHex { position });
        }
        let expected = algorithm.hex_len();
        let length_ok = match expected {
            Some(expected) => hex.len() == expected,
            None => !hex.is_empty() && hex.len() % 2 == 0,
        };
        if !length_ok {
            return Err(ChecksumError::Length {
                algorithm: algorithm.as_str().to_owned(),
                expected,
                actual: hex.len(),
            });
        }
        hex.make_ascii_lowercase();
        Ok(Self { algorithm, hex })
    }

    /// The checksum of raw digest bytes (e.g. a hasher's output), written as lower-case hex.
    ///
    /// ```
    /// use pkgmodel::{Checksum, ChecksumAlgorithm};
    /// let sum = Checksum::from_digest(ChecksumAlgorithm::Md5, &[0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04,
    ///     0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e])?;
    /// assert_eq!(sum.hex(), "d41d8cd98f00b204e9800998ecf8427e");
    /// # Ok::<(), pkgmodel::ChecksumError>(())
    /// ```
    pub fn from_digest(algorithm: ChecksumAlgorithm, digest: &[u8]) -> Result<Self, ChecksumError> {
        let mut hex = String::with_capacity(digest.len() * 2);
        for byte in digest {
            for nibble in [byte >> 4, byte & 0x0f] {
                hex.push(char::from(
                    HEX_DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
        Self::new(algorithm, hex)
    }

    /// The digest algorithm.
    pub fn algorithm(&self) -> &ChecksumAlgorithm {
        &self.algorithm
    }

    /// The digest as lower-case hex.
    pub fn hex(&self) -> &str {
        &self.hex
    }

    /// Whether `digest` (raw bytes, e.g. from a hasher) equals this checksum.
    pub fn matches_bytes(&self, digest: &[u8]) -> bool {
        if digest.len() * 2 != self.hex.len() {
            return false;
        }
        let mut expected = self.hex.bytes();
        digest.iter().all(|byte| {
            let high = HEX_DIGITS.get(usize::from(byte >> 4)).copied();
            let low = HEX_DIGITS.get(usize::from(byte & 0x0f)).copied();
            expected.next() == high && expected.next() == low
        })
    }
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}:{}", self.algorithm, self.hex))
    }
}

impl FromStr for Checksum {
    type Err = ChecksumError;
    /// Parses `algorithm:hex`, e.g. `sha256:9f86…`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (algorithm, hex) = text
            .split_once(':')
            .ok_or(ChecksumError::MissingAlgorithm)?;
        Self::new(ChecksumAlgorithm::from(algorithm), hex)
    }
}

/// Why a checksum was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChecksumError {
    /// A character that is not a hex digit, at this byte position.
    NotHex {
        /// Byte offset of the first bad character.
        position: usize,
    },
    /// The value has the wrong number of hex digits for its algorithm.
    Length {
        /// The algorithm's name.
        algorithm: String,
        /// The length the algorithm requires, when known.
        expected: Option<usize>,
        /// The length given.
        actual: usize,
    },
    /// Text given to `FromStr` lacks the `algorithm:` prefix.
    MissingAlgorithm,
}

impl fmt::Display for ChecksumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotHex { position } => {
                write!(
                    f,
                    "checksum must be hex digits only (bad character at byte {position})"
                )
            }
            Self::Length {
                algorithm,
                expected: Some(expected),
                actual,
            } => write!(
                f,
                "a {algorithm} checksum has {expected} hex digits, got {actual}"
            ),
            Self::Length {
                algorithm, actual, ..
            } => write!(
                f,
                "a {algorithm} checksum must have a non-empty even number of hex digits, got {actual}"
            ),
            Self::MissingAlgorithm => f.write_str("expected `algorithm:hex`, e.g. `sha1:…`"),
        }
    }
}

impl std::error::Error for ChecksumError {}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA1: &str = "e3277366579eac7ecf7a5b6313f2807229567a12";

    #[test]
    fn lowercases_valid_hex() {
        let sum = Checksum::new(ChecksumAlgorithm::Sha1, SHA1.to_uppercase()).unwrap();
        assert_eq!(sum.hex(), SHA1);
    }

    #[test]
    fn rejects_bad_characters_and_lengths() {
        assert_eq!(
            Checksum::new(ChecksumAlgorithm::Sha1, "g".repeat(40)),
            Err(ChecksumError::NotHex { position: 0 })
        );
        assert_eq!(
            Checksum::new(ChecksumAlgorithm::Md5, "ab"),
            Err(ChecksumError::Length {
                algorithm: "md5".into(),
                expected: Some(32),
                actual: 2
            })
        );
        assert!(Checksum::new(ChecksumAlgorithm::Unknown("crc64".into()), "abc").is_err());
        assert!(Checksum::new(ChecksumAlgorithm::Unknown("crc64".into()), "").is_err());
        assert!(Checksum::new(ChecksumAlgorithm::Unknown("crc64".into()), "abcd").is_ok());
        // Multi-byte characters are rejected, not sliced.
        assert!(Checksum::new(ChecksumAlgorithm::Sha1, "é".repeat(20)).is_err());
    }

    #[test]
    fn deserialisation_validates() {
        let ok = format!(r#"{{"algorithm":"sha1","hex":"{}"}}"#, SHA1.to_uppercase());
        let sum: Checksum = serde_json::from_str(&ok).unwrap();
        assert_eq!(sum.hex(), SHA1);
        let bad = r#"{"algorithm":"sha1","hex":"abc"}"#;
        let error = serde_json::from_str::<Checksum>(bad)
            .unwrap_err()
            .to_string();
        assert!(error.contains("40 hex digits"), "{error}");
    }

    #[test]
    fn matches_raw_digest_bytes() {
        let sum = Checksum::new(ChecksumAlgorithm::Md5, "00ff10a0".repeat(4)).unwrap();
        let digest = [0x00, 0xff, 0x10, 0xa0].repeat(4);
        assert!(sum.matches_bytes(&digest));
        assert!(!sum.matches_bytes(&digest[1..]));
        let mut wrong = digest.clone();
        wrong[15] = 0xa1;
        assert!(!sum.matches_bytes(&wrong));
    }

    #[test]
    fn parses_and_displays_prefixed_form() {
        let sum: Checksum = format!("sha1:{SHA1}").parse().unwrap();
        assert_eq!(sum.to_string(), format!("sha1:{SHA1}"));
        assert_eq!(
            "abc".parse::<Checksum>(),
            Err(ChecksumError::MissingAlgorithm)
        );
    }
}
