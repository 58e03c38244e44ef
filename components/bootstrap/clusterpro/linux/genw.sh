#!/bin/sh
# genw1 (NP resolution, seed 001): is the Azure management endpoint reachable from this node?
# clpazure_port_checker: 5 s fixed timeout; exit 0 ok, 1 communication error, 2 timeout, 3 bad args.
exec '{{CLP_BIN}}/clpazure_port_checker' -h '{{ENDPOINT}}' -p '{{PORT}}'
