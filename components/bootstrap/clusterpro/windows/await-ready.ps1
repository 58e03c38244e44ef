# CLUSTERPRO X "await-ready" (every node, Windows, after gate-after-install): waits, bounded, for
# the product's binaries. Never waits for a reboot (reboot-after-install and its gate did that).
param()
$StepName = 'await-ready'
# @@PARAMS@@
# @@INCLUDE common.ps1@@

$deadline = (Get-Date).AddSeconds($ReadyTimeoutSec)
while (-not (Test-ClpInstalled)) {
    if ((Get-Date) -gt $deadline) { Stop-Step "CLUSTERPRO (clpcl.exe on the machine PATH) not found within $ReadyTimeoutSec s" }
    Start-Sleep -Seconds 10
}
Write-Log 'node ready'
