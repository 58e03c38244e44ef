<#
  Step gate-<reason> (Windows), after reboot-<reason> and the out-of-guest wait: passes when no
  reboot was scheduled or the last boot time changed since; fails at once (never waits) when the
  node did not reboot. WSFC: resumes a node that reboot-<reason> drained (Resume-ClusterNode).
#>
param(
    [string]$AfterHash = ''
)
# @@PARAMS@@
$StepName = "gate-$Reason"
# @@INCLUDE common.ps1@@

$marker = Join-Path $RebootDir "$Reason.json"
$m = Read-Marker $marker
if ($null -eq $m) { Stop-Step "no marker ${marker}: the step reboot-$Reason has not run on $NodeName; run pulumi up again" }
$bootId = Get-BootId
if ($m.Scheduled) {
    if ($m.BootId -eq $bootId) {
        Stop-Step "node $NodeName did not reboot: reboot-$Reason scheduled a reboot at $($m.At) and the last boot time is still $bootId after the wait of $RebootWaitSec s (bootstrap.rebootWaitSec). Check the VM (boot diagnostics, serial console); restart it by hand if it hangs, or raise bootstrap.rebootWaitSec if it boots slowly; then run pulumi up again"
    }
    Write-Log "node $NodeName rebooted (boot $($m.BootId) -> $bootId)"
} else {
    Write-Log "no reboot was scheduled by reboot-${Reason}: nothing to check"
}
if ($Drain -eq 'wsfc') {
    $node = $null
    try { $node = Get-ClusterNode -Name $env:COMPUTERNAME -ErrorAction Stop } catch { $node = $null }
    if ($null -ne $node -and "$($node.State)" -eq 'Paused') {
        Write-Log "resuming $env:COMPUTERNAME (Resume-ClusterNode)"
        Resume-ClusterNode -Name $env:COMPUTERNAME -ErrorAction Stop | Out-Null
    }
}
exit 0
