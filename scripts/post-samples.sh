#!/usr/bin/env bash
# Posts every carrier sample (src/test/resources/fixtures/carriers) to a running TrackBridge, signed the
# way each source signs, then reads each shipment back. Start the local runtime first: ./run-local
# Needs curl and openssl. Usage: scripts/post-samples.sh [base-url] [account-id]
set -euo pipefail
BASE=${1:-http://localhost:8080}
ACCOUNT=${2:-demo}
F=$(cd "$(dirname "$0")/.." && pwd)/src/test/resources/fixtures/carriers

echo "== PUT /accounts/$ACCOUNT (secrets are write-only: the answer lists only which keys are set)"
curl -sS -X PUT "$BASE/accounts/$ACCOUNT" -H 'Content-Type: application/json' -d '{
  "timeZone": "Europe/Warsaw",
  "webhookSecrets": {
    "inpost": {"token": "tok-inpost", "organizationId": "1"},
    "ups": {"secret": "ups-secret"},
    "fedex": {"secret": "fedex-secret"},
    "aftership": {"secret": "aftership-secret"},
    "17track": {"secret": "17track-api-key"},
    "easypost": {"secret": "easypost-secret"},
    "shippo": {"token": "tok-shippo"},
    "karrio": {"secret": "whsec_karrio"},
    "generic": {"secret": "generic-secret"}}}'
echo

hmac_hex() { openssl dgst -sha256 -hmac "$1" -hex < "$2" | awk '{print $NF}'; }
hmac_b64() { openssl dgst -sha256 -hmac "$1" -binary < "$2" | openssl base64 -A; }

post() { # source file [curl args...]
  local source=$1 file=$2; shift 2
  printf '%-10s %-58s -> ' "$source" "$(basename "$file")"
  curl -sS -X POST "$BASE/webhooks/$source/$ACCOUNT$QUERY" -H 'Content-Type: application/json' "$@" --data-binary "@$file"
  echo
}

QUERY='?token=tok-inpost'
post inpost "$F/inpost-shipx-webhook-shipment-confirmed.json"
post inpost "$F/inpost-shipx-webhook-shipment-status-changed.json"
QUERY=''
post ups "$F/ups-track-alert-tracking-event-out-for-delivery.json" -H 'Authorization: Bearer ups-secret'
for f in "$F"/fedex-aiv-*.json; do
  post fedex "$f" -H "fdx-signature: $(hmac_b64 fedex-secret "$f")"
done
f="$F/aftership-tracking-update-trimmed.json"
post aftership "$f" -H "aftership-hmac-sha256: $(hmac_b64 aftership-secret "$f")"
f="$F/17track-webhook-tracking-updated.json"
post 17track "$f" -H "sign: $( (cat "$f"; printf '/17track-api-key') | openssl dgst -sha256 -hex | awk '{print $NF}')"
for f in "$F"/easypost-event-tracker-updated*.json; do
  post easypost "$f" -H "X-Hmac-Signature: hmac-sha256-hex=$(hmac_hex easypost-secret "$f")"
done
QUERY='?token=tok-shippo'
post shippo "$F/shippo-track-updated.json"
QUERY=''
post karrio "$F/karrio-tracker-updated.json" -H 'X-Event-Id: whsec_karrio'

body=$(mktemp)
trap 'rm -f "$body"' EXIT
printf '{"events":[{"eventId":"e-1","carrierId":"DPD","waybill":"1234567890123U","status":"COLLECTED","occurredAt":"2026-11-21T15:04:05+01:00","location":{"city":"Poznań","postalCode":"60-001","country":"PL"}}]}' > "$body"
ts=$(date +%s)
sig=$( (printf '%s.' "$ts"; cat "$body") | openssl dgst -sha256 -hmac generic-secret -hex | awk '{print $NF}')
post generic "$body" -H "X-TrackBridge-Timestamp: $ts" -H "X-TrackBridge-Signature: v1=$sig"

echo
echo "== read back: GET /accounts/$ACCOUNT/shipments/{waybill}"
for w in 602677439331630337653846 1Z204W4R0308071865 397280491672 986578788855 1Z999AA10123456784 \
         1Z2617V10397725789 EZ4000000004 1 0000000000000000 9205590164917312751089 1234567890123U; do
  printf '%-26s ' "$w"
  curl -sS "$BASE/accounts/$ACCOUNT/shipments/$w" | grep -o '"status":"[A-Z_]*"\|"eventCount":[0-9]*\|"error":"[A-Z_]*"' | tr '\n' ' '
  echo
done
