@echo off
rem mtw1 "run a script before the final action" (public LB, seed 004): final action none;
rem clpdown only if this node no longer serves clients (business port, then the public frontend).
"{{CLP_BIN}}\clpazure_port_checker" -h 127.0.0.1 -p {{BACKEND_PORT}}
IF NOT "%ERRORLEVEL%" == "0" GOTO CLUSTER_SHUTDOWN
"{{CLP_BIN}}\clpazure_port_checker" -h {{PUBLIC_IP}} -p {{FRONTEND_PORT}}
IF "%ERRORLEVEL%" == "0" GOTO EXIT
:CLUSTER_SHUTDOWN
"{{CLP_BIN}}\clpdown"
:EXIT
EXIT 0
