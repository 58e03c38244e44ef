# CLUSTERPRO X "start" (first node, Windows, after every node's gate-after-push): starts the
# cluster (clpcl -s -a, S5 HowTo) unless it runs already, and waits, bounded, until every failover
# group is online (clpstat's group status line "<group> ...: Online").
param()
$StepName = 'start'
# @@PARAMS@@
# @@INCLUDE common.ps1@@

if (-not (Test-ClpInstalled)) { Stop-Step "CLUSTERPRO is not installed at $ClpBin" }
$stat = Join-Path $ClpBin 'clpstat.exe'
function Test-AllOnline {
    $text = (Invoke-ClpProbe $stat @()).Lines -join "`n"
    foreach ($g in $ClpGroups) {
        if ($text -notmatch ('(?m)^\s*' + [regex]::Escape($g) + '[\s.]*:\s*Online')) { return $false }
    }
    return $true
}
if (Test-AllOnline) {
    Write-Log "cluster $ClusterName runs, groups online: nothing to do"
    exit 0
}
if (-not (Test-ClusterRunning)) {
    Write-Log 'starting the cluster: clpcl -s -a'
    Invoke-Native (Join-Path $ClpBin 'clpcl.exe') @('-s', '-a') 'clpcl -s -a'
}
$deadline = (Get-Date).AddSeconds($StartTimeoutSec)
while (-not (Test-AllOnline)) {
    if ((Get-Date) -gt $deadline) { Stop-Step "groups $($ClpGroups -join ', ') not online within $StartTimeoutSec s (see clpstat)" }
    Start-Sleep -Seconds 10
}
Write-Log "cluster $ClusterName started, groups online: $($ClpGroups -join ', ')"
exit 0
