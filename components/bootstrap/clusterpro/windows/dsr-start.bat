@echo off
rem script1 start (DSR, seed 004): the VIP on the loopback adapter of the active node (the weak host
rem settings are prepare's, per azure-docs articles/load-balancer/load-balancer-floating-ip.md).
netsh interface ipv4 show ipaddresses interface="{{LOOPBACK}}" | find "{{VIP}}" >NUL
IF "%ERRORLEVEL%" == "0" EXIT 0
netsh interface ipv4 add address "{{LOOPBACK}}" {{VIP}} 255.255.255.255
EXIT %ERRORLEVEL%
