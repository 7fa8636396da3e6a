//! Entry points for property tests and fuzz targets (feature `fuzzing`). Not part of the
//! API: hidden from the docs, and free to change in any release.
//!
//! Each function feeds arbitrary input to a parser of server-controlled data exactly the way
//! the runtime does, synchronously, and returns what came out. None of them may panic,
//! whatever the input: `tests/properties.rs` and the fuzz targets in `fuzz/` check that.

use crate::{ApiResponse, AuthHook, AuthRetry, DigestAuth, Error, PreparedRequest, SecretString};
use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use url::Url;

/// What a [`DigestAuth`] made of one 401 challenge and the requests after it.
#[derive(Debug)]
pub struct DigestExchange {
    /// The hook's answer to the 401 for a request sent without credentials.
    pub challenge: Result<AuthRetry, Error>,
    /// The `Authorization` values of the two requests authorised next (`None`: sent
    /// without credentials).
    pub answers: Vec<Result<Option<String>, Error>>,
    /// The hook's answer to the same 401 for a request that carried the `Authorization`
    /// value given (or, without one, the first answer above).
    pub refusal: Option<Result<AuthRetry, Error>>,
    /// The `Authorization` value of one more request after that.
    pub after_refusal: Result<Option<String>, Error>,
}

/// Runs a [`DigestAuth`] through a whole exchange with a server that sends
/// `www_authenticate` (each a `WWW-Authenticate` header value; invalid header bytes are
/// dropped) on a 401: the first challenge, two authorised requests for `target` (a path and
/// query joined to `https://api.example.com/`), then the same 401 for a request carrying
/// `authorization` (a stale nonce or a refusal), and one more request. Fails only if the
/// fixed origin does not parse (it always does).
pub fn digest_exchange(
    www_authenticate: &[&[u8]],
    authorization: Option<&[u8]>,
    target: &str,
) -> Result<DigestExchange, Error> {
    let auth = DigestAuth::new("fuzz-user", SecretString::from("fuzz-password"));
    let url = request_url(target)?;
    let prepare = |headers: HeaderMap| PreparedRequest::new(Method::GET, url.clone(), headers, "");

    let mut challenge_headers = HeaderMap::new();
    for value in www_authenticate {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            challenge_headers.append(WWW_AUTHENTICATE, value);
        }
    }
    let response = ApiResponse::new(StatusCode::UNAUTHORIZED, challenge_headers, "");

    let challenge = block_on(auth.on_unauthorized(&prepare(HeaderMap::new()), &response));
    let answers: Vec<_> = (0..2)
        .map(|_| authorized_value(&auth, prepare(HeaderMap::new())))
        .collect();

    let sent = match authorization {
        Some(value) => HeaderValue::from_bytes(value).ok(),
        None => answers
            .iter()
            .find_map(|answer| answer.as_ref().ok().cloned().flatten())
            .and_then(|answer| HeaderValue::from_str(&answer).ok()),
    };
    let refusal = sent.map(|sent| {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, sent);
        block_on(auth.on_unauthorized(&prepare(headers), &response))
    });
    let after_refusal = authorized_value(&auth, prepare(HeaderMap::new()));
    Ok(DigestExchange {
        challenge,
        answers,
        refusal,
        after_refusal,
    })
}

/// `target` joined to a fixed origin; the origin's root when it does not join.
fn request_url(target: &str) -> Result<Url, Error> {
    let base = Url::parse("https://api.example.com/")
        .map_err(|error| Error::invalid_input("target", error.to_string()))?;
    Ok(base.join(target).ok().filter(Url::has_host).unwrap_or(base))
}

/// Authorises `request` and returns its `Authorization` value as text.
fn authorized_value(
    auth: &DigestAuth,
    mut request: PreparedRequest,
) -> Result<Option<String>, Error> {
    block_on(auth.authorize(&mut request))?;
    Ok(request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned))
}

/// Runs a future that never waits on I/O (the auth hooks' futures) to completion.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}
