#!/bin/sh
# exec1 start (DSR, seed 001): the LB keeps the frontend IP as destination (floating IP), so the
# active node owns the VIP on its loopback. That address on lo is all the guest needs: Microsoft's
# floating-IP guide (azure-docs articles/load-balancer/load-balancer-floating-ip.md, "Floating IP
# Guest OS configuration": `ip addr add <floatingip>/<mask> dev lo:0`; Linux uses the weak host
# model by default). Idempotent.
if ip -4 -o addr show dev lo | grep -q ' {{VIP}}/32 '; then
    exit 0
fi
ip addr add '{{VIP}}/32' dev lo
