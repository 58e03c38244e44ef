<#
  Step reboot-<reason> (Windows): the only kind of step that reboots a node. Decides from what the
  step before recorded whether a reboot is needed, records the boot id, drains the node when it
  belongs to a formed cluster, schedules the reboot $RebootDelaySec after this script exits
  (shutdown.exe /r /t, so the VM agent reports this step's success first) and exits 0 at once.
  Never waits for the reboot: the time.Sleep after this step and gate-<reason> do.
  Modes: "request" (the step before wrote <reason>.request: the product was installed, or WSFC
  prepare changed a setting that needs a reboot) and "per-hash" (once per new AfterHash: NEC
  reboots every server after the configuration push, clpcfset doc/windows/Shared-Disk.md).
#>
param(
    [string]$AfterHash = ''
)
# @@PARAMS@@
$StepName = "reboot-$Reason"
# @@INCLUDE common.ps1@@

if (-not $AfterHash) { Stop-Step 'the parameter AfterHash (hash of the preceding step) is missing' }
$marker = Join-Path $RebootDir "$Reason.json"
$bootId = Get-BootId
$m = Read-Marker $marker
if ($null -ne $m -and $m.Scheduled -and $m.BootId -eq $bootId) {
    Write-Log "a reboot is already scheduled during this boot ($bootId); not scheduling another"
    exit 0
}
$need = $false
$request = Join-Path $RebootDir "$Reason.request"
$done = Join-Path $RebootDir "$Reason.done"
if ($Mode -eq 'request') {
    $need = Test-Path -LiteralPath $request
} elseif ($Mode -eq 'per-hash') {
    $last = if (Test-Path -LiteralPath $done) { (Get-Content -LiteralPath $done -Raw).Trim() } else { '' }
    $need = $last -ne $AfterHash
} else {
    Stop-Step "unknown Mode '$Mode' (request or per-hash)"
}
if (-not $need) {
    @{ Scheduled = $false; BootId = $bootId; AfterHash = $AfterHash; At = (Get-Date).ToUniversalTime().ToString('o') } | ConvertTo-Json | Set-Content -LiteralPath $marker -Encoding UTF8
    Write-Log "no reboot needed ($Mode)"
    exit 0
}

if ($Drain -eq 'clusterpro') {
    # A node of a running CLUSTERPRO cluster hands its groups over first (clpgrp -m, Reference Guide).
    $stat = if ($ClpBin) { Join-Path $ClpBin 'clpstat.exe' } else { '' }
    if ($stat -and (Test-Path -LiteralPath $stat)) {
        Invoke-ClpStat $ClpBin | Out-Null
        if ($global:ClpStatExit -eq 0) {
            foreach ($g in $ClpGroups) {
                if ((Get-ClpGroupOwner $ClpBin $g) -eq $NodeName) {
                    Write-Log "draining: moving group $g off $NodeName (clpgrp -m $g)"
                    & (Join-Path $ClpBin 'clpgrp.exe') -m $g | Out-Null
                    if ($LASTEXITCODE -ne 0) { Stop-Step "clpgrp -m $g failed: move the group by hand and run pulumi up again" }
                    $deadline = (Get-Date).AddSeconds($DrainTimeoutSec)
                    while ((Get-ClpGroupOwner $ClpBin $g) -eq $NodeName) {
                        if ((Get-Date) -gt $deadline) { Stop-Step "group $g still runs on $NodeName after $DrainTimeoutSec s" }
                        Start-Sleep -Seconds 5
                    }
                }
            }
        }
    }
} elseif ($Drain -eq 'wsfc') {
    # A node of a formed WSFC cluster is paused and drained of its roles first (Suspend-ClusterNode
    # -Drain, Microsoft Learn FailoverClusters); gate-<reason> resumes it (Resume-ClusterNode).
    $cluster = $null
    try { $cluster = Get-Cluster -ErrorAction Stop } catch { $cluster = $null }
    if ($null -ne $cluster) {
        Write-Log "draining: Suspend-ClusterNode -Name $env:COMPUTERNAME -Drain"
        Suspend-ClusterNode -Name $env:COMPUTERNAME -Drain -Wait -ErrorAction Stop | Out-Null
        $state = (Get-ClusterNode -Name $env:COMPUTERNAME).DrainStatus
        if ("$state" -ne 'Completed') { Stop-Step "draining $env:COMPUTERNAME ended with DrainStatus '$state': move its roles by hand and run pulumi up again" }
    }
}

@{ Scheduled = $true; BootId = $bootId; AfterHash = $AfterHash; At = (Get-Date).ToUniversalTime().ToString('o') } | ConvertTo-Json | Set-Content -LiteralPath $marker -Encoding UTF8
if (Test-Path -LiteralPath $request) { Remove-Item -LiteralPath $request -Force }
if ($Mode -eq 'per-hash') { Set-Content -LiteralPath $done -Value $AfterHash }
# shutdown.exe /r /t <s>: restart after the delay; /d p:4:2 = planned, application: installation.
& shutdown.exe /r /t $RebootDelaySec /d p:4:2 /c "azure-ha-cluster: reboot-$Reason"
if ($LASTEXITCODE -ne 0) { Stop-Step "shutdown /r failed (exit $LASTEXITCODE)" }
Write-Log "reboot scheduled in $RebootDelaySec s (boot $bootId); gate-$Reason checks it after the wait"
exit 0
