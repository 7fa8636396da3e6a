#!/usr/bin/env python3
"""Signs requests with Huawei Cloud's OFFICIAL Python signer, for tests/signer_crosscheck.rs.

Reads one JSON object per line on stdin and writes one per line on stdout. It never
re-implements the algorithm: it builds the `SdkRequest` the way the SDK's client does
(`ClientBuilder`/`Client.build_future_request` in huaweicloudsdkcore/client.py) and calls
`huaweicloudsdkcore.signer.signer.Signer` (SDK-HMAC-SHA256) or `DerivationAKSKSigner`
(V11-HMAC-SHA256) directly, choosing between them with the SDK's own default derived
predicate when asked to.

Input (strings are raw, not percent-encoded, unless said otherwise):
    {"id": 7, "mode": "sdk" | "v11" | "endpoint", "ak": "...", "sk": "...",
     "region": "cn-north-4", "service": "iotdm", "endpoint": "https://host[:port]",
     "method": "GET", "path": "/wire/path/as/sent", "segments": ["raw", "segments"] | null,
     "query": [["key", "value"], ...], "headers": [["Name", "value"], ...],
     "body": "text" | null}
Output:
    {"id": 7, "algorithm": "sdk" | "v11", "authorization": "...",
     "canonical_request": "...", "headers": {"lower-case name": "value as sent"},
     "sdk_path": "/path/as/the/sdk/encodes/segments" | null}
The first output line is {"sdk_version": "<huaweicloudsdkcore version>"}.

Needs huaweicloudsdkcore (3.1.219 checked): see .ci/huawei-signer-check.sh.
"""
import json
import sys
from importlib.metadata import version
from urllib.parse import quote, urlparse

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import DerivationAKSKSigner, Signer


class _Credentials:
    """What the signers read from credentials: `ak` and `sk`."""

    def __init__(self, ak, sk):
        self.ak, self.sk = ak, sk


DERIVED = BasicCredentials.get_default_derived_predicate()


def sign(case):
    parsed = urlparse(case["endpoint"])
    body = case["body"]
    request = SdkRequest(
        method=case["method"],
        schema=parsed.scheme,
        # Client.build_future_request: `host = urlparse(endpoint).netloc`
        host=parsed.netloc,
        resource_path=case["path"],
        # Client._parse_query_params: a list of (key, value) tuples, raw
        query_params=[(key, value) for key, value in case["query"]],
        header_params={name: value for name, value in case["headers"]},
        body=body.encode("utf-8") if body else None,
    )
    mode = case["mode"]
    derived = DERIVED(request) if mode == "endpoint" else mode == "v11"
    credentials = _Credentials(case["ak"], case["sk"])
    signer = DerivationAKSKSigner(credentials) if derived else Signer(credentials)

    # Capture the canonical request the official code builds, for the diagnostics only.
    captured = {}
    build = signer._process_canonical_request

    def capture(req, signed_headers):
        captured["canonical_request"] = build(req, signed_headers)
        return captured["canonical_request"]

    signer._process_canonical_request = capture
    if derived:
        signed = signer.sign(request, case["service"], case["region"])
    else:
        signed = signer.sign(request)

    # The signer stores header values as UTF-8 bytes read as Latin-1 (what `requests`
    # then sends); undo that to compare with the text the Rust side sends.
    sent = {}
    for name, value in signed.header_params.items():
        sent[name.lower()] = value.encode("iso-8859-1").decode("utf-8")

    sdk_path = None
    if case.get("segments") is not None:
        # Client._parse_path_params: each path parameter is `quote(str(v), safe='')`.
        sdk_path = "/" + "/".join(quote(s, safe="") for s in case["segments"])

    return {
        "id": case["id"],
        "algorithm": "v11" if derived else "sdk",
        "authorization": signed.header_params["Authorization"],
        "canonical_request": captured.get("canonical_request"),
        "headers": sent,
        "sdk_path": sdk_path,
    }


def main():
    out = sys.stdout
    out.write(json.dumps({"sdk_version": version("huaweicloudsdkcore")}) + "\n")
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(sign(json.loads(line))) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
