#!/bin/sh
# ttlfix1 start (DNS topology): some Azure CLI versions reset the A record's TTL to 3600 when
# azuredns1 rewrites it; NEC's workaround sets the TTL again after activation. Never fails the
# group: a wrong TTL only slows clients down.
AZ='{{AZ}}'
"$AZ" login --service-principal -u '{{APP_ID}}' -p '{{PEM}}' --tenant '{{TENANT}}' >/dev/null 2>&1 || exit 0
"$AZ" network dns record-set a update -g '{{RG}}' -z '{{ZONE}}' -n '{{RECORD}}' --set 'ttl={{TTL}}' >/dev/null 2>&1 || true
"$AZ" logout >/dev/null 2>&1 || true
exit 0
