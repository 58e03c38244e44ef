# Shared by the reboot and gate steps on Windows (included by the renderer, never run alone).
# Windows PowerShell 5.1 (what Run Command starts): no PowerShell 7 syntax.
#
# Why a reboot is its own step: once a managed Run Command's script has started, Azure never runs
# it again, even when the script reboots the machine (Azure VM runtime blog, "When will
# CustomScript extension re-execute my script?",
# https://devblogs.microsoft.com/azure-vm-runtime/when-will-customscript-extension-re-execute-my-script/).
# Markers per reason under $RebootDir: <reason>.request (written by the step before: a reboot is
# needed), <reason>.json (written by reboot-<reason>: Scheduled, BootId, AfterHash, At),
# <reason>.done (mode per-hash: the hash this node last rebooted for).
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# Logging and the trap come first: a PowerShell trap covers its whole script wherever it is
# written, so an early failure (creating the folders below) must find $LogFile set and Stop-Step
# defined, or StrictMode raises a second error that hides the first.
$LogFile = ''
function Write-Log([string]$Message) {
    $line = '{0} [{1}] {2}' -f (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'), $StepName, $Message
    Write-Output $line
    if ($LogFile) { Add-Content -LiteralPath $LogFile -Value $line }
}

function Stop-Step([string]$Message) {
    Write-Log "ERROR: $Message"
    [Console]::Error.WriteLine($Message)
    exit 1
}

trap {
    Stop-Step "unexpected error: $($_.Exception.Message)"
}

$RebootDir = if ($env:AZHA_REBOOT_DIR) { $env:AZHA_REBOOT_DIR } else { Join-Path $env:ProgramData 'azure-ha-cluster\reboot' }
$LogDir = if ($env:AZHA_LOG_DIR) { $env:AZHA_LOG_DIR } else { Join-Path $env:ProgramData 'azure-ha-cluster\log' }
New-Item -ItemType Directory -Force -Path $RebootDir, $LogDir | Out-Null
$LogFile = Join-Path $LogDir "$StepName.log"

# CLUSTERPRO's bin directory (drain): found, never assumed (EXPRESSCLUSTER or the Japanese
# CLUSTERPRO install directory, NEC clp_changeIP.ps1); tests point CLP_BIN at stubs.
$ClpBin = if ($env:CLP_BIN) { $env:CLP_BIN } else {
    @('EXPRESSCLUSTER', 'CLUSTERPRO') | ForEach-Object { Join-Path $env:ProgramFiles "$_\bin" } | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
}

# The boot id of Windows: the last boot time (Win32_OperatingSystem.LastBootUpTime), as UTC text.
function Get-BootId {
    (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
}

function Read-Marker([string]$Path) {
    if (-not (Test-Path -LiteralPath $Path)) { return $null }
    Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
}

# clpstat's output and exit code, read under ErrorActionPreference 'Continue': Windows PowerShell
# 5.1 (what Run Command starts) turns a redirected stderr line of a native program into a
# terminating error under 'Stop' (PowerShell 7 no longer does: PowerShell/PowerShell PR #13361).
# Sets $global:ClpStatExit; a missing clpstat.exe gives exit -1 and no lines.
function Invoke-ClpStat([string]$ClpBin) {
    $eap = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $out = @(& (Join-Path $ClpBin 'clpstat.exe') 2>$null | ForEach-Object { "$_" })
        $global:ClpStatExit = $LASTEXITCODE
    } catch [System.Management.Automation.CommandNotFoundException] {
        $out = @()
        $global:ClpStatExit = -1
    } finally {
        $ErrorActionPreference = $eap
    }
    return $out
}

# CLUSTERPRO: the server that runs a group, from clpstat's group section ("current : <server>").
# When the output cannot be read, "" (nothing is moved; the heartbeat fails the group over).
function Get-ClpGroupOwner([string]$ClpBin, [string]$Group) {
    $lines = Invoke-ClpStat $ClpBin
    $in = $false
    foreach ($l in $lines) {
        $t = "$l".Trim()
        if ($t -match ('^' + [regex]::Escape($Group) + '\b')) { $in = $true; continue }
        if ($in -and $t -match '^current\s*:\s*(\S+)') { return $Matches[1] }
    }
    return ''
}
