#!/usr/bin/env bash
# Runs the whole pipeline locally: intake, queues, timers and the form on Azurite, mail captured at /dev/mail.
set -euo pipefail
cd "$(dirname "$0")"
[ -x node_modules/.bin/azurite ] || npm install --no-audit --no-fund
exec dotnet run --project functions/ComplaintRouting.LocalRunner -- "$@"
