#!/usr/bin/env bash
# Cross-checks iotda-client's AK/SK signer against Huawei's official Python signer
# (huaweicloudsdkcore from PyPI): over 1,500 generated requests must get the same
# Authorization header, headers and path encoding from both.
#
# Needs python3 with the venv module and access to PyPI (once; the venv is reused).
# HUAWEI_SIGNER_VENV overrides where the venv lives.
set -euo pipefail
cd "$(dirname "$0")/.."

SDK_VERSION=3.1.219
VENV="${HUAWEI_SIGNER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/pkgsdk/huawei-signer-venv-$SDK_VERSION}"

installed() {
    [ -x "$VENV/bin/python" ] && [ "$("$VENV/bin/python" - <<'EOF' 2>/dev/null
from importlib.metadata import version
print(version("huaweicloudsdkcore"))
EOF
)" = "$SDK_VERSION" ]
}

if ! installed; then
    echo "== creating $VENV with huaweicloudsdkcore==$SDK_VERSION"
    python3 -m venv --clear "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "huaweicloudsdkcore==$SDK_VERSION"
    installed || { echo "huaweicloudsdkcore $SDK_VERSION did not install into $VENV" >&2; exit 1; }
fi

export HUAWEI_SIGNER_PYTHON="$VENV/bin/python"
echo "== signer cross-check with $HUAWEI_SIGNER_PYTHON (huaweicloudsdkcore $SDK_VERSION)"
cargo test -p iotda-client --test signer_crosscheck -- --ignored --nocapture
