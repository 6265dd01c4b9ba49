#!/usr/bin/env bash
# Smoke test of a running cluster through Xianzhi's own CLI: record the demo county, verify the log,
# and read the township counts as of two dates.
# Usage: infra/eventstoredb/smoke.sh [connection string]
set -euo pipefail
cd "$(dirname "$0")/../.."
export XIANZHI_EVENTSTORE="${1:-esdb://127.0.0.1:2111,127.0.0.1:2112,127.0.0.1:2113?tls=true&tlsCAFile=infra/eventstoredb/certs/ca/ca.crt}"
export XIANZHI_DATA_DIR="$(mktemp -d)"
npx tsx apps/server/src/cli.ts demo
npx tsx apps/server/src/cli.ts verify
npx tsx apps/server/src/cli.ts as-of 2019-06-01 divisions.counts '{"rootId":"510799"}'
npx tsx apps/server/src/cli.ts as-of 2021-06-01 divisions.counts '{"rootId":"510799"}'
echo "smoke test passed against $XIANZHI_EVENTSTORE"
