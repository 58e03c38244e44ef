<#
  WSFC bootstrap, step "await-ready" (every node, as SYSTEM, after its gate-after-prepare).
  Runs after gate-after-prepare (the reboot, when prepare requested one, is done): waits, bounded,
  until the cluster service is installed and the settings of "prepare" are in effect. Never waits
  for a reboot.
  Changes nothing except its own "ready" marker.
#>
# @@PARAMS@@
$HaStep = 'await-ready'
# @@INCLUDE common.ps1@@

Write-HaLog "start on $env:COMPUTERNAME"
$bootId = Get-HaBootId

Wait-HaCondition -What 'Failover-Clustering installed (no reboot pending)' -TimeoutSec $TimeoutSec -Condition {
    (Get-WindowsFeature -Name 'Failover-Clustering').InstallState -eq 'Installed'
}
Wait-HaCondition -What 'the cluster service (ClusSvc) registered' -TimeoutSec $TimeoutSec -Condition {
    $null -ne (Get-Service -Name 'ClusSvc' -ErrorAction SilentlyContinue)
}
Wait-HaCondition -What 'the FailoverClusters PowerShell module' -TimeoutSec $TimeoutSec -Condition {
    $null -ne (Get-Module -ListAvailable -Name 'FailoverClusters')
}

$tcpipParams = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
$keepAlive = Get-HaRegistryValue -Path $tcpipParams -Name 'KeepAliveTime'
if ("$keepAlive" -ne "$KeepAliveTimeMs") { Stop-HaStep "KeepAliveTime is '$keepAlive', expected ${KeepAliveTimeMs} (run prepare again)" }

if ($Workgroup) {
    $suffix = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().DomainName
    if ("$suffix" -ine $DnsSuffix) {
        Stop-HaStep "the primary DNS suffix in effect is '$suffix', expected '$DnsSuffix' (prepare set it; a reboot applies it)"
    }
} else {
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem
    if (-not ($cs.PartOfDomain -and ($cs.Domain -ieq $DomainName))) {
        Stop-HaStep "this node is not a member of $DomainName (domain: '$($cs.Domain)')"
    }
}

@{ BootId = $bootId; ReadyAt = (Get-Date).ToUniversalTime().ToString('o') } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $HaStateDir 'wsfc-ready.json') -Encoding UTF8
Write-HaLog 'done: node ready'
exit 0
