#!/usr/bin/env bash
# Installs the independent OpenID client (Python Authlib, from PyPI) that
# tests/testsuite/sandbox_interop.rs drives the sandbox with, in a venv beside this file.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
