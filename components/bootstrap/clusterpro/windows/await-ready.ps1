# CLUSTERPRO X "await-ready" (every node, Windows): waits, bounded, for the reboot prepare
# scheduled (a new LastBootUpTime) and for the product's binaries.
param()
$StepName = 'await-ready'
# @@PARAMS@@
# @@INCLUDE common.ps1@@

$deadline = (Get-Date).AddSeconds($ReadyTimeoutSec)
$pending = Join-Path $StateDir 'reboot-pending'
if (Test-Path -LiteralPath $pending) {
    $before = (Get-Content -LiteralPath $pending -Raw).Trim()
    while ((Get-BootTime) -eq $before) {
        if ((Get-Date) -gt $deadline) { Stop-Step "the reboot scheduled by prepare did not happen within $ReadyTimeoutSec s" }
        Write-Log 'waiting for the planned reboot'
        Start-Sleep -Seconds 10
    }
    Remove-Item -LiteralPath $pending -Force
    Write-Log 'node rebooted'
}
while (-not (Test-ClpInstalled)) {
    if ((Get-Date) -gt $deadline) { Stop-Step "CLUSTERPRO (clpcl.exe on the machine PATH) not found within $ReadyTimeoutSec s" }
    Start-Sleep -Seconds 10
}
Write-Log 'node ready'
