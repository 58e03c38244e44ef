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

# The product's bin directory is found at run time, never written into a script: EXPRESSCLUSTER
# and the Japanese CLUSTERPRO the seeds document install to different folders under Program Files
# (NEC's clpcfset change_ipaddr/Windows/clp_changeIP.ps1 uses the CLUSTERPRO one), or wherever the
# user chose. The installer puts its bin directory on the machine PATH: NEC's own samples call
# clpcfset/clpcfctrl/clpdiskctrl by bare name (clpcfset sample/windows/sd/azure/Create-Cluster_X43.ps1,
# doc/windows/Shared-Disk.md). The machine PATH is read from the registry, because a Run Command
# started before the post-install reboot still has the old PATH in its environment.
# $env:CLP_BIN overrides (tests).
function Find-ClpBin {
    if ($env:CLP_BIN) { return $env:CLP_BIN }
    $machine = [Environment]::GetEnvironmentVariable('Path', 'Machine')
    foreach ($d in @("$machine;$env:Path" -split ';')) {
        if ($d -and (Test-Path -LiteralPath (Join-Path $d 'clpcl.exe'))) { return $d.TrimEnd('\') }
    }
    return ''
}
$ClpBin = Find-ClpBin
$StateDir = if ($env:AZHA_STATE_DIR) { $env:AZHA_STATE_DIR } else { Join-Path $env:ProgramData 'azure-ha-cluster\clusterpro' }
# Reboot requests and markers, shared with the steps reboot-<reason>/gate-<reason> (lifecycle/).
$RebootDir = if ($env:AZHA_REBOOT_DIR) { $env:AZHA_REBOOT_DIR } else { Join-Path $env:ProgramData 'azure-ha-cluster\reboot' }
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
    $script:ClpBin = Find-ClpBin
    if (-not $script:ClpBin) { return $false }
    (Test-Path -LiteralPath (Join-Path $script:ClpBin 'clpcl.exe')) -and (Test-Path -LiteralPath (Join-Path $script:ClpBin 'clplcnsc.exe'))
}

# The bare lowercase volume GUID of a drive letter, as clp.conf's md volumeguid/cpvolumeguid hold it
# (EXPRESSCLUSTER/BasicCluster X41/Win/conf/2nodesMirror/clp.conf: `4519e341-59ed-…`, no braces).
# Read natively on this node: a partition's access paths include its volume path
# \\?\Volume{GUID}\ (Get-Partition, MSFT_Partition.AccessPaths; the cluster partition is RAW and has
# no file system, so Get-Volume is not relied on); `mountvol X: /L` prints the same path (fallback).
# NEC's samples use clpdiskctrl, a separate tool (EXPRESSCLUSTER/ControlDisk) that may be absent.
function Get-VolumeGuid([string]$Letter) {
    $vol = @((Get-Partition -DriveLetter $Letter -ErrorAction Stop).AccessPaths) |
        Where-Object { $_ -match '^\\\\\?\\Volume\{' } | Select-Object -First 1
    if (-not $vol) { $vol = (& mountvol.exe "${Letter}:" /L | Out-String).Trim() }
    if ("$vol" -notmatch '\{([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}') {
        Stop-Step "no volume GUID for drive ${Letter}: (got '$vol')"
    }
    $Matches[1].ToLowerInvariant()
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
