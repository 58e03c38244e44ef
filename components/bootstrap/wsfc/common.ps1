# ---- shared functions of the WSFC bootstrap (included by every script) -------------------------
# Windows PowerShell 5.1 (what Run Command starts): no PowerShell 7 syntax.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$HaStateDir = Join-Path $env:ProgramData 'azure-ha-cluster'
if (-not (Test-Path -LiteralPath $HaStateDir)) {
    New-Item -ItemType Directory -Path $HaStateDir -Force | Out-Null
}
$HaLogFile = Join-Path $HaStateDir ('wsfc-' + $HaStep + '.log')

function Write-HaLog {
    param([Parameter(Mandatory = $true)][string]$Message)
    $line = '{0} [{1}] {2}' -f (Get-Date -Format 'yyyy-MM-ddTHH:mm:ssK'), $HaStep, $Message
    Add-Content -LiteralPath $HaLogFile -Value $line -Encoding UTF8
    Write-Host $line
}

# Fails the step: a clear message in the log and on stderr, and a non-zero exit code.
$HaStopHooks = @()
function Stop-HaStep {
    param([Parameter(Mandatory = $true)][string]$Message)
    # Clean-ups a step registered (e.g. "form" deletes its witness key file); never fail here.
    foreach ($hook in @($HaStopHooks)) { try { & $hook } catch { $null = $_ } }
    $line = '{0} [{1}] ERROR: {2}' -f (Get-Date -Format 'yyyy-MM-ddTHH:mm:ssK'), $HaStep, $Message
    Add-Content -LiteralPath $HaLogFile -Value $line -Encoding UTF8
    [Console]::Error.WriteLine($line)
    exit 1
}

trap {
    Stop-HaStep ('unexpected error: ' + $_.Exception.Message + ' (' + $_.InvocationInfo.PositionMessage + ')')
}

# Boot time as a stable string: tells "before the planned reboot" from "after".
function Get-HaBootId {
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    return $os.LastBootUpTime.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
}

# A registry value, or $null when the key or the value does not exist.
function Get-HaRegistryValue {
    param([string]$Path, [string]$Name)
    $item = Get-ItemProperty -LiteralPath $Path -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    $prop = $item.PSObject.Properties[$Name]
    if ($null -eq $prop) { return $null }
    return $prop.Value
}

# Sets a value only when it differs. Returns $true when it changed something.
function Set-HaRegistryValue {
    param([string]$Path, [string]$Name, $Value, [ValidateSet('DWord', 'String')][string]$Type)
    $current = Get-HaRegistryValue -Path $Path -Name $Name
    if ($null -ne $current -and "$current" -eq "$Value") {
        Write-HaLog "unchanged: $Path\$Name = $current"
        return $false
    }
    if (-not (Test-Path -LiteralPath $Path)) { New-Item -Path $Path -Force | Out-Null }
    New-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -PropertyType $Type -Force | Out-Null
    Write-HaLog "set: $Path\$Name = $Value (was: $current)"
    return $true
}

# TCP connect with a timeout (no DNS, no module).
function Test-HaTcpPort {
    param([string]$Address, [int]$Port, [int]$TimeoutMs = 3000)
    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $async = $client.BeginConnect($Address, $Port, $null, $null)
        if (-not $async.AsyncWaitHandle.WaitOne($TimeoutMs)) { return $false }
        $client.EndConnect($async)
        return $true
    } catch {
        return $false
    } finally {
        $client.Close()
    }
}

# Waits, bounded, until the condition holds; fails the step with the message otherwise.
function Wait-HaCondition {
    param(
        [Parameter(Mandatory = $true)][string]$What,
        [Parameter(Mandatory = $true)][scriptblock]$Condition,
        [int]$TimeoutSec = 900,
        [int]$IntervalSec = 10
    )
    $deadline = (Get-Date).AddSeconds($TimeoutSec)
    while ($true) {
        $ok = $false
        try { $ok = [bool](& $Condition) } catch { $ok = $false }
        if ($ok) {
            Write-HaLog "ready: $What"
            return
        }
        if ((Get-Date) -ge $deadline) {
            Stop-HaStep "timed out after $TimeoutSec s waiting for: $What"
        }
        Start-Sleep -Seconds $IntervalSec
    }
}

# The cluster this node belongs to, or $null (Get-Cluster throws when there is none).
function Get-HaCluster {
    try {
        return Get-Cluster -ErrorAction Stop
    } catch {
        return $null
    }
}
# ---- end of shared functions --------------------------------------------------------------------
