#!/bin/sh
# mtw1 "run a script before the final action" (public LB, seed 001): the final action is none;
# this node stops the cluster (clpdown) only if it no longer serves clients: the business port
# on 127.0.0.1, then the LB frontend (public IP) port. Two checks of 5 s each: timeout > 10 s.
if ! '{{CLP_BIN}}/clpazure_port_checker' -h 127.0.0.1 -p '{{BACKEND_PORT}}'; then
    '{{CLP_BIN}}/clpdown'
    exit 0
fi
if ! '{{CLP_BIN}}/clpazure_port_checker' -h '{{PUBLIC_IP}}' -p '{{FRONTEND_PORT}}'; then
    '{{CLP_BIN}}/clpdown'
    exit 0
fi
exit 0
