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

# Logging first, before anything that can fail: a PowerShell trap covers its whole scope wherever
# it is written (about_Trap), so an error in the lines below (creating the state or log folder,
# reading the machine PATH) runs the trap at the end of this file; the trap and Write-Log must
# not depend on a variable that is not assigned yet (under StrictMode that masks the real error).
$LogFile = ''

function Write-Log([string]$Message) {
    $line = '{0} [{1}] {2}' -f (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'), $StepName, $Message
    Write-Output $line
    if ($script:LogFile) { Add-Content -LiteralPath $script:LogFile -Value $line }
}

function Stop-Step([string]$Message) {
    Write-Log "ERROR: $Message"
    exit 1
}

trap {
    $message = "ERROR: $($_.Exception.Message)"
    if ($script:LogFile) { $message += "; log: $script:LogFile" }
    # the line is on the output before the log write; a failing log write must not hide it
    try { Write-Log $message } catch { Write-Output "(not logged: $($_.Exception.Message))" }
    exit 1
}

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

# Product commands run with $ErrorActionPreference 'Continue' around the call: Windows PowerShell
# 5.1 (what Run Command starts) applies $ErrorActionPreference to the stderr lines of a native
# command, so under 'Stop' a tool that writes to stderr (clpstat while the cluster is stopped, a
# pull before any push) ends the script even when that answer is expected; PowerShell 7 no longer
# does (PowerShell/PowerShell#13361), so tests under pwsh cannot show it. The exit code is the
# answer; stderr is discarded, stdout returned as lines.
# A missing program is an error, never an answer ($LASTEXITCODE would still hold the exit code of
# the command before): CommandNotFoundException stops the step.
function Invoke-ClpProbe([string]$Exe, [string[]]$Arguments) {
    $eap = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $lines = @(& $Exe @Arguments 2>$null | ForEach-Object { "$_" })
        $code = $LASTEXITCODE
    } catch [System.Management.Automation.CommandNotFoundException] {
        $ErrorActionPreference = $eap
        Stop-Step "$Exe not found"
    } finally {
        $ErrorActionPreference = $eap
    }
    [pscustomobject]@{ ExitCode = $code; Lines = $lines }
}

# A product command that must succeed: stops the step, naming it, when it fails.
function Invoke-Native([string]$Exe, [string[]]$Arguments, [string]$What) {
    $code = (Invoke-ClpProbe $Exe $Arguments).ExitCode
    if ($code -ne 0) { Stop-Step "$What failed (exit $code)" }
}

# Is the cluster running on this server? clpstat answers (exit 0) only while the cluster services
# run. UNCONFIRMED: no public NEC source states clpstat's exit codes (NEC's flows only read its
# output: clpcfset doc/windows/Shared-Disk.md checks the cluster with clpstat after the reboots).
function Test-ClusterRunning {
    (Invoke-ClpProbe (Join-Path $ClpBin 'clpstat.exe') @()).ExitCode -eq 0
}

# Never push a configuration to a running cluster: NEC reboots every server after a push
# (clpcfset doc/windows/Shared-Disk.md: after the push, restart the OS of every server) and
# restarts every server after a mirror disk connect change (clpcfset change_ipaddr/README.md), so
# a running cluster would run on a configuration it has not started with. When the cluster runs,
# stop it (clpcl -t -a) and refuse to go on if it still runs. Shared by the push step (form.ps1)
# and md-guid.ps1. Never starts the cluster: the step "start" does, after the reboots.
# Call it as a statement (its log lines are its output).
function Stop-ClusterBeforePush {
    if (-not (Test-ClusterRunning)) {
        Write-Log 'the cluster is not running on this server (clpstat): no stop needed'
        return
    }
    Write-Log 'the cluster is running: stopping it before the push (clpcl -t -a)'
    $code = (Invoke-ClpProbe (Join-Path $ClpBin 'clpcl.exe') @('-t', '-a')).ExitCode
    if ($code -ne 0 -and (Test-ClusterRunning)) {
        Stop-Step "clpcl -t -a failed (exit $code) and the cluster still runs: not pushing to a running cluster"
    }
}

function Get-BootTime {
    (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')
}

function Get-Sha256([string]$Text) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $bytes = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text))
    ($bytes | ForEach-Object { $_.ToString('x2') }) -join ''
}
