@echo off
rem ttlfix1 start (DNS topology): set the A record's TTL again after azuredns1 (Azure CLI resets it).
call "{{AZ}}" login --service-principal -u "{{APP_ID}}" -p "{{PEM}}" --tenant "{{TENANT}}" >NUL 2>&1
IF NOT "%ERRORLEVEL%" == "0" EXIT 0
call "{{AZ}}" network dns record-set a update -g "{{RG}}" -z "{{ZONE}}" -n "{{RECORD}}" --set ttl={{TTL}} >NUL 2>&1
call "{{AZ}}" logout >NUL 2>&1
EXIT 0
