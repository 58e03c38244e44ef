#!/bin/sh
# exec1 start (DSR, seed 001): the LB keeps the frontend IP as destination (floating IP), so the
# active node owns the VIP on its loopback. Idempotent.
if ip -4 -o addr show dev lo | grep -q ' {{VIP}}/32 '; then
    exit 0
fi
ip addr add '{{VIP}}/32' dev lo
