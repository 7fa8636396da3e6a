//! HTTP Digest: the runtime's `DigestAuth` through a whole exchange with arbitrary
//! `WWW-Authenticate` values (challenge, two answers, a refusal or stale nonce for a request
//! carrying an arbitrary `Authorization` value, one more answer), and the test server's
//! parser of `Authorization: Digest …` answers. The input is split at newlines: lines
//! starting with `A:` are the `Authorization` value, the others `WWW-Authenticate` values.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut challenges = Vec::new();
    let mut authorization = None;
    for line in data.split(|b| *b == b'\n').take(8) {
        match line.strip_prefix(b"A:") {
            Some(value) => authorization = Some(value),
            None => challenges.push(line),
        }
    }
    if let Ok(exchange) = pkgruntime::fuzzing::digest_exchange(&challenges, authorization, "/api/v2/x?a=1") {
        for answer in exchange.answers.iter().chain([&exchange.after_refusal]) {
            if let Err(error) = answer {
                let _ = error.to_string();
            }
        }
        if let Err(error) = &exchange.challenge {
            let _ = error.to_string();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pkgruntime::testing::DigestCredentials::parse(text);
    }
});
