#!/usr/bin/env bash
# The custom key store lifecycle through the AWS CLI (`aws kms ...`), unmodified, against Keyhold.
#
# Environment (given by the caller):
#   KEYHOLD_ENDPOINT        e.g. http://127.0.0.1:4599
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION (or AWS_REGION)
#   TRUST_ANCHOR_FILE       the cluster's customerCA.crt (<keyhold.data-dir>/clusters/<cluster>/customerCA.crt)
#   CLOUDHSM_CLUSTER_ID     default cluster-keyholdlocal
#   KMSUSER_PASSWORD        kmsuser's current password on that cluster, default kmsuser-password
#   CONNECT_DEADLINE_SECONDS  how long to wait for a connect to settle, default 60
#
# The account must have no store on the cluster yet, and KMSUSER_PASSWORD must be kmsuser's current
# password: a successful connect rotates it (as KMS does), so on one Keyhold database each cluster
# serves one run of this script. Prints "cli lifecycle ok" last on success;
# exits non-zero with a message on the first mismatch.
set -euo pipefail

: "${KEYHOLD_ENDPOINT:?set KEYHOLD_ENDPOINT, e.g. http://127.0.0.1:4599}"
: "${TRUST_ANCHOR_FILE:?set TRUST_ANCHOR_FILE to the cluster trust anchor (customerCA.crt)}"
: "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID}"
: "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
CLUSTER_ID="${CLOUDHSM_CLUSTER_ID:-cluster-keyholdlocal}"
PASSWORD="${KMSUSER_PASSWORD:-kmsuser-password}"
DEADLINE_SECONDS="${CONNECT_DEADLINE_SECONDS:-60}"
# no profile or config file of the caller's may change what this script sends or how it prints.
# cli_follow_urlparam=false: AWS CLI v1 otherwise fetches any parameter value that starts with
# https:// (here --xks-proxy-uri-endpoint) and sends the page it downloads instead.
CLI_CONFIG=$(mktemp)
printf '[default]\ncli_follow_urlparam = false\n' >"$CLI_CONFIG"
export AWS_CONFIG_FILE="$CLI_CONFIG" AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
unset AWS_PROFILE AWS_SESSION_TOKEN

MISSING_ID="cks-0123456789abcdef0"
XKS_ENDPOINT="https://cli-client.xks.example.com"
XKS_PATH="/kms/xks/v1"
XKS_CREDENTIAL='{"AccessKeyId":"CLICLIENTXKSACCESSKEY2","RawSecretAccessKey":"Y2xpLWNsaWVudC14a3MtcHJveHktc2VjcmV0LWFjY2Vzcy1rZXk="}'

fail() {
    echo "cli lifecycle FAILED: $*" >&2
    exit 1
}

expect_eq() { # what expected actual
    [[ "$3" == "$2" ]] || fail "$1: expected '$2', got '$3'"
}

kms() {
    aws kms "$@" --endpoint-url "$KEYHOLD_ENDPOINT" --output text
}

describe_field() { # id JMESPath-field
    kms describe-custom-key-stores --custom-key-store-id "$1" --query "CustomKeyStores[0].$2"
}

# best effort, so a failed run leaves the account reusable
CREATED=()
cleanup() {
    local id
    for id in "${CREATED[@]}"; do
        aws kms disconnect-custom-key-store --endpoint-url "$KEYHOLD_ENDPOINT" --custom-key-store-id "$id" >/dev/null 2>&1 || true
        aws kms delete-custom-key-store --endpoint-url "$KEYHOLD_ENDPOINT" --custom-key-store-id "$id" >/dev/null 2>&1 || true
    done
}
trap 'status=$?; if [[ $status -ne 0 ]]; then cleanup; fi; rm -f "$CLI_CONFIG"' EXIT

await_connect_outcome() { # id -> prints the settled state
    local id="$1" state deadline=$((SECONDS + DEADLINE_SECONDS))
    while true; do
        state=$(describe_field "$id" ConnectionState)
        if [[ "$state" != "CONNECTING" ]]; then
            echo "$state"
            return 0
        fi
        ((SECONDS < deadline)) || fail "store $id still CONNECTING after ${DEADLINE_SECONDS}s"
        sleep 0.5
    done
}

[[ -r "$TRUST_ANCHOR_FILE" ]] || fail "cannot read TRUST_ANCHOR_FILE $TRUST_ANCHOR_FILE"
echo "aws: $(aws --version 2>&1)"

# ---- create a CloudHSM key store
HSM_ID=$(kms create-custom-key-store \
    --custom-key-store-name cli-hsm-store \
    --cloud-hsm-cluster-id "$CLUSTER_ID" \
    --trust-anchor-certificate "file://$TRUST_ANCHOR_FILE" \
    --key-store-password "$PASSWORD" \
    --query CustomKeyStoreId)
CREATED+=("$HSM_ID")
[[ "$HSM_ID" =~ ^cks-[0-9a-f]{17}$ ]] || fail "CustomKeyStoreId '$HSM_ID' is not cks- and 17 hex digits"
echo "created $HSM_ID"

# ---- describe it
expect_eq "state after create" DISCONNECTED "$(describe_field "$HSM_ID" ConnectionState)"
expect_eq "CustomKeyStoreName" cli-hsm-store "$(describe_field "$HSM_ID" CustomKeyStoreName)"
expect_eq "CustomKeyStoreType" AWS_CLOUDHSM "$(describe_field "$HSM_ID" CustomKeyStoreType)"
expect_eq "CloudHsmClusterId" "$CLUSTER_ID" "$(describe_field "$HSM_ID" CloudHsmClusterId)"
expect_eq "ConnectionErrorCode after create" None "$(describe_field "$HSM_ID" ConnectionErrorCode)"
# the CLI prints the trust anchor PEM as received; compare without line-ending differences
[[ "$(describe_field "$HSM_ID" TrustAnchorCertificate | tr -d '\r\n')" == "$(tr -d '\r\n' < "$TRUST_ANCHOR_FILE")" ]] \
    || fail "TrustAnchorCertificate differs from $TRUST_ANCHOR_FILE"
CREATED_AT=$(describe_field "$HSM_ID" CreationDate)
[[ "$CREATED_AT" =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "CreationDate '$CREATED_AT' is not epoch seconds"
NOW=$(date +%s)
((${CREATED_AT%.*} >= NOW - 300 && ${CREATED_AT%.*} <= NOW + 5)) || fail "CreationDate $CREATED_AT is not about now ($NOW)"

# ---- connect and wait for CONNECTED
kms connect-custom-key-store --custom-key-store-id "$HSM_ID" >/dev/null
STATE=$(await_connect_outcome "$HSM_ID")
[[ "$STATE" == CONNECTED ]] || fail "state after connect: expected 'CONNECTED', got '$STATE'" \
    "(ConnectionErrorCode $(describe_field "$HSM_ID" ConnectionErrorCode); KMSUSER_PASSWORD must be kmsuser's" \
    "current password on $CLUSTER_ID, and every successful connect rotates it)"
echo "connected $HSM_ID"

# ---- rename (allowed while connected)
kms update-custom-key-store --custom-key-store-id "$HSM_ID" --new-custom-key-store-name cli-hsm-renamed >/dev/null
expect_eq "name after update" cli-hsm-renamed "$(describe_field "$HSM_ID" CustomKeyStoreName)"
expect_eq "state after update" CONNECTED "$(describe_field "$HSM_ID" ConnectionState)"
expect_eq "lookup by the new name" "$HSM_ID" \
    "$(kms describe-custom-key-stores --custom-key-store-name cli-hsm-renamed --query 'CustomKeyStores[0].CustomKeyStoreId')"

# ---- disconnect
kms disconnect-custom-key-store --custom-key-store-id "$HSM_ID" >/dev/null
expect_eq "state after disconnect" DISCONNECTED "$(describe_field "$HSM_ID" ConnectionState)"

# ---- an external key store, so that there are two stores to page through
XKS_ID=$(kms create-custom-key-store \
    --custom-key-store-name cli-xks-store \
    --custom-key-store-type EXTERNAL_KEY_STORE \
    --xks-proxy-connectivity PUBLIC_ENDPOINT \
    --xks-proxy-uri-endpoint "$XKS_ENDPOINT" \
    --xks-proxy-uri-path "$XKS_PATH" \
    --xks-proxy-authentication-credential "$XKS_CREDENTIAL" \
    --query CustomKeyStoreId)
CREATED+=("$XKS_ID")
[[ "$XKS_ID" =~ ^cks-[0-9a-f]{17}$ ]] || fail "XKS CustomKeyStoreId '$XKS_ID' is not cks- and 17 hex digits"
expect_eq "XKS type" EXTERNAL_KEY_STORE "$(describe_field "$XKS_ID" CustomKeyStoreType)"
expect_eq "XKS connectivity" PUBLIC_ENDPOINT "$(describe_field "$XKS_ID" XksProxyConfiguration.Connectivity)"
expect_eq "XKS endpoint" "$XKS_ENDPOINT" "$(describe_field "$XKS_ID" XksProxyConfiguration.UriEndpoint)"
expect_eq "XKS path" "$XKS_PATH" "$(describe_field "$XKS_ID" XksProxyConfiguration.UriPath)"
expect_eq "XKS access key id" CLICLIENTXKSACCESSKEY2 "$(describe_field "$XKS_ID" XksProxyConfiguration.AccessKeyId)"

kms connect-custom-key-store --custom-key-store-id "$XKS_ID" >/dev/null
expect_eq "XKS state after connect" FAILED "$(await_connect_outcome "$XKS_ID")"
expect_eq "XKS ConnectionErrorCode" XKS_PROXY_NOT_REACHABLE "$(describe_field "$XKS_ID" ConnectionErrorCode)"
kms disconnect-custom-key-store --custom-key-store-id "$XKS_ID" >/dev/null
expect_eq "XKS state after disconnect" DISCONNECTED "$(describe_field "$XKS_ID" ConnectionState)"

# ---- auto-pagination: --page-size 1 makes the CLI follow NextMarker until Truncated is false
ALL_IDS=$(kms describe-custom-key-stores --query 'sort(CustomKeyStores[].CustomKeyStoreId)' | tr '\t' '\n')
PAGED_LOG=$(mktemp)
PAGED_IDS=$(aws kms describe-custom-key-stores --endpoint-url "$KEYHOLD_ENDPOINT" --output text --page-size 1 \
    --query 'CustomKeyStores[].CustomKeyStoreId' --debug 2>"$PAGED_LOG" | tr '\t' '\n' | sort)
REQUESTS=$(grep -c 'Sending http request' "$PAGED_LOG" || true)
grep -q '"Limit": 1' "$PAGED_LOG" || { rm -f "$PAGED_LOG"; fail "--page-size 1 did not send Limit 1"; }
rm -f "$PAGED_LOG"
grep -qx "$HSM_ID" <<<"$PAGED_IDS" || fail "paginated describe misses $HSM_ID: $PAGED_IDS"
grep -qx "$XKS_ID" <<<"$PAGED_IDS" || fail "paginated describe misses $XKS_ID: $PAGED_IDS"
expect_eq "paginated ids (sorted) vs one-page ids" "$ALL_IDS" "$PAGED_IDS"
COUNT=$(wc -l <<<"$PAGED_IDS")
((COUNT >= 2)) || fail "expected at least 2 stores to page through, got $COUNT"
# one store a page; the last page may come back empty only if the server said Truncated on a full one
((REQUESTS == COUNT || REQUESTS == COUNT + 1)) \
    || fail "--page-size 1 over $COUNT stores took $REQUESTS DescribeCustomKeyStores requests"
echo "paged through $COUNT stores in $REQUESTS requests"

# ---- delete both
kms delete-custom-key-store --custom-key-store-id "$XKS_ID" >/dev/null
kms delete-custom-key-store --custom-key-store-id "$HSM_ID" >/dev/null
CREATED=()
REMAINING=$(kms describe-custom-key-stores --query 'CustomKeyStores[].CustomKeyStoreId')
for id in "$HSM_ID" "$XKS_ID"; do
    ! grep -qw "$id" <<<"$REMAINING" || fail "$id is still described after delete"
done

# ---- error case: a missing (here: deleted) id
check_not_found() { # id
    local err status=0
    err=$(mktemp)
    aws kms describe-custom-key-stores --endpoint-url "$KEYHOLD_ENDPOINT" --custom-key-store-id "$1" \
        >/dev/null 2>"$err" || status=$?
    local message
    message=$(cat "$err")
    rm -f "$err"
    ((status != 0)) || fail "describing missing store $1 succeeded"
    grep -q 'CustomKeyStoreNotFoundException' <<<"$message" \
        || fail "describing missing store $1: no CustomKeyStoreNotFoundException in stderr: $message"
    grep -q 'DescribeCustomKeyStores' <<<"$message" || fail "error does not name the operation: $message"
}
check_not_found "$MISSING_ID"
check_not_found "$HSM_ID"

echo "cli lifecycle ok"
