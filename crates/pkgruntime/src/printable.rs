//! [`printable`]: text from a server made safe to show on a terminal.
//!
//! A package name, a vendor's error message or a file name comes from the server. Printed
//! as it is, an ESC or OSC sequence in it retitles or clears the user's terminal, a BEL
//! rings, a `\n` forges another table row, and a bidirectional control (U+202E) shows
//! `evil\u{202e}mpr.exe` as `evilexe.rpm`. `printable` escapes every such character
//! visibly; everything else, other scripts included, is left as it is.
//!
//! ```
//! use pkgruntime::printable;
//!
//! assert_eq!(printable("agent-4.2.1"), "agent-4.2.1");
//! assert_eq!(printable("x\u{1b}]0;owned\u{7}"), r"x\u{1b}]0;owned\u{7}");
//! assert_eq!(printable("two\nlines"), r"two\nlines");
//! assert_eq!(printable("evil\u{202e}mpr.exe"), r"evil\u{202e}mpr.exe");
//! assert_eq!(printable("pâquerette 雏菊"), "pâquerette 雏菊");
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with control characters (C0, DEL, C1) and bidirectional controls escaped as
/// `\n`, `\r`, `\t` or `\u{…}`; borrowed when there is nothing to escape.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if is_unprintable(c) => {
                let _ = write!(escaped, "\\u{{{:x}}}", u32::from(c));
            }
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// Whether `c` must not reach a terminal as it is: a control or bidirectional character.
pub(crate) fn is_unprintable(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Whether `c` is one of Unicode's bidirectional controls, which reorder the text around
/// them when shown (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_is_escaped_and_nothing_else() {
        for c in (0_u32..0x0011_0000).filter_map(char::from_u32) {
            let text = c.to_string();
            let shown = printable(&text);
            if c.is_control() || is_bidi_control(c) {
                assert!(shown.starts_with('\\'), "{c:?} shown as {shown:?}");
                assert!(!shown.chars().any(is_unprintable), "{c:?}");
            } else {
                assert_eq!(shown, text);
            }
        }
    }
}
