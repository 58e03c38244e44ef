@echo off
rem mtw1 "run a script before the final action" (public LB, seed 004): final action none;
rem clpdown only if this node no longer serves clients (business port, then the public frontend).
rem Product commands by bare name (seed 004 calls clpdown so; the bin directory is on PATH).
clpazure_port_checker -h 127.0.0.1 -p {{BACKEND_PORT}}
IF NOT "%ERRORLEVEL%" == "0" GOTO CLUSTER_SHUTDOWN
clpazure_port_checker -h {{PUBLIC_IP}} -p {{FRONTEND_PORT}}
IF "%ERRORLEVEL%" == "0" GOTO EXIT
:CLUSTER_SHUTDOWN
clpdown
:EXIT
EXIT 0
