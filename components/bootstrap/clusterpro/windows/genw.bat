@echo off
rem genw1 (NP resolution, seed 004): is the Azure management endpoint reachable?
"{{CLP_BIN}}\clpazure_port_checker" -h {{ENDPOINT}} -p {{PORT}}
exit %ERRORLEVEL%
