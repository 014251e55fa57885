#!/usr/bin/env bash
# Runs the Authlib interop client against a running sandbox: run.sh BASE_URL
set -euo pipefail
cd "$(dirname "$0")"
exec .venv/bin/python interop.py "$@"
