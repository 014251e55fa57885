#!/usr/bin/env bash
# Installs an OpenID provider we did not write (PyPI `oidc-provider-mock`)
# into a virtualenv under target/, for tests/testsuite/oauth_interop.rs. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
venv="$root/target/interop-provider-venv"
if [ -x "$venv/bin/oidc-provider-mock" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check 'oidc-provider-mock==0.3.4'
"$venv/bin/oidc-provider-mock" --help >/dev/null
