@echo off
rem script1 stop (DSR): remove the VIP from the loopback adapter.
netsh interface ipv4 show ipaddresses interface="{{LOOPBACK}}" | find "{{VIP}}" >NUL
IF NOT "%ERRORLEVEL%" == "0" EXIT 0
netsh interface ipv4 delete address "{{LOOPBACK}}" {{VIP}}
EXIT 0
