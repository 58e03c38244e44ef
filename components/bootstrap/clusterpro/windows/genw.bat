@echo off
rem genw1 (NP resolution, seed 004): is the Azure management endpoint reachable?
rem By bare name, as seed 004 calls clpdown and NEC's samples call clpcfset: the product's bin
rem directory is on the PATH the CLUSTERPRO service runs its scripts with (no install path here).
clpazure_port_checker -h "{{ENDPOINT}}" -p {{PORT}}
exit %ERRORLEVEL%
