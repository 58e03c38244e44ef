# Shared by the CLUSTERPRO Windows steps (included by the renderer, never run on its own).
#
# Run Command parameters: the managed Run Command for Windows passes each named parameter to the
# script as a PowerShell parameter (-Name value), hence the param() block at the top of every
# step. Secrets (InstallerUrl, Licenses, SpCertPem) arrive only that way: never print them,
# never write them into this text.
#
# Tool paths can be overridden from the environment (tests, non-default install directories).
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ClpBin = if ($env:CLP_BIN) { $env:CLP_BIN } else { 'C:\Program Files\EXPRESSCLUSTER\bin' }
if (-not (Test-Path -LiteralPath $ClpBin) -and (Test-Path -LiteralPath 'C:\Program Files\CLUSTERPRO\bin')) {
    $ClpBin = 'C:\Program Files\CLUSTERPRO\bin'   # Japanese builds (S1)
}
$StateDir = if ($env:AZHA_STATE_DIR) { $env:AZHA_STATE_DIR } else { Join-Path $env:ProgramData 'azure-ha-cluster\clusterpro' }
$LogDir = if ($env:AZHA_LOG_DIR) { $env:AZHA_LOG_DIR } else { Join-Path $env:ProgramData 'azure-ha-cluster\log' }
New-Item -ItemType Directory -Force -Path $StateDir, $LogDir | Out-Null
$LogFile = Join-Path $LogDir "clusterpro-$StepName.log"

function Write-Log([string]$Message) {
    $line = '{0} [{1}] {2}' -f (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'), $StepName, $Message
    Write-Output $line
    Add-Content -LiteralPath $LogFile -Value $line
}

function Stop-Step([string]$Message) {
    Write-Log "ERROR: $Message"
    exit 1
}

function Test-ClpInstalled {
    (Test-Path -LiteralPath (Join-Path $ClpBin 'clpcl.exe')) -and (Test-Path -LiteralPath (Join-Path $ClpBin 'clplcnsc.exe'))
}

function Invoke-Native([string]$Exe, [string[]]$Arguments, [string]$What) {
    & $Exe @Arguments | Out-Null
    if ($LASTEXITCODE -ne 0) { Stop-Step "$What failed (exit $LASTEXITCODE)" }
}

function Get-BootTime {
    (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')
}

function Get-Sha256([string]$Text) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $bytes = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text))
    ($bytes | ForEach-Object { $_.ToString('x2') }) -join ''
}

trap {
    Write-Log "ERROR: $($_.Exception.Message); log: $LogFile"
    exit 1
}
