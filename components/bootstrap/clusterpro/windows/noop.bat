@echo off
EXIT 0
