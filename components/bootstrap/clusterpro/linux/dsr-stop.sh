#!/bin/sh
# exec1 stop (DSR): remove the VIP from the loopback when the group leaves this node. Idempotent.
if ip -4 -o addr show dev lo | grep -q ' {{VIP}}/32 '; then
    ip addr del '{{VIP}}/32' dev lo
fi
exit 0
