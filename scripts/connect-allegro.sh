#!/usr/bin/env bash
# Connects a TrackBridge account to an Allegro seller account with Allegro's device flow:
# prints where the seller confirms, then polls until the tokens are stored.
# Usage: scripts/connect-allegro.sh <account-id> [base-url]     (needs curl)
set -euo pipefail
ACCOUNT=${1:?usage: scripts/connect-allegro.sh <account-id> [base-url]}
BASE=${2:-http://localhost:8080}

start=$(curl -sS -X POST "$BASE/accounts/$ACCOUNT/allegro/device-flow")
echo "$start"
uri=$(printf '%s' "$start" | sed -n 's/.*"verificationUriComplete":"\([^"]*\)".*/\1/p')
code=$(printf '%s' "$start" | sed -n 's/.*"userCode":"\([^"]*\)".*/\1/p')
interval=$(printf '%s' "$start" | sed -n 's/.*"intervalSeconds":\([0-9]*\).*/\1/p')
[ -n "$code" ] || { echo "could not start the device flow" >&2; exit 1; }
echo
echo "Ask the seller to open: ${uri:-the verification address above} and confirm code $code"
while true; do
  sleep "${interval:-5}"
  status=$(curl -sS -o /tmp/connect-allegro.$$ -w '%{http_code}' -X POST "$BASE/accounts/$ACCOUNT/allegro/device-flow/poll")
  body=$(cat /tmp/connect-allegro.$$); rm -f /tmp/connect-allegro.$$
  case "$status" in
    200) echo "connected: $body"; exit 0 ;;
    202) next=$(printf '%s' "$body" | sed -n 's/.*"intervalSeconds":\([0-9]*\).*/\1/p'); interval=${next:-$interval}; printf '.' ;;
    *) echo; echo "failed ($status): $body" >&2; exit 1 ;;
  esac
done
