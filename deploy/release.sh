#!/usr/bin/env bash
# Release steps, run once per deploy with the production environment loaded
# (e.g. `set -a; . /etc/convive/convive.env; set +a; deploy/release.sh`).
# Idempotent: running it twice changes nothing the second time.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

"$PYTHON" manage.py check --deploy --fail-level WARNING
"$PYTHON" manage.py migrate --noinput
# Roles, permissions, editorial workflow and the portal's root at PUBLIC_BASE_URL.
"$PYTHON" manage.py setup_roles
"$PYTHON" manage.py collectstatic --noinput --verbosity 0
echo "Despliegue listo. Reinicie convive-web y convive-worker."
