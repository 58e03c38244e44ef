<#
  WSFC bootstrap, step "await-ready" (every node, as SYSTEM, after its "prepare").
  If "prepare" scheduled a reboot during this boot, waits (bounded) for it: the reboot ends this
  script and the VM agent runs the step again once the node is back. After the reboot: waits,
  bounded, until the cluster service is installed and the settings of "prepare" are in effect.
  Changes nothing except its own "ready" marker.
#>
# @@PARAMS@@
$HaStep = 'await-ready'
# @@INCLUDE common.ps1@@

Write-HaLog "start on $env:COMPUTERNAME"
$marker = Join-Path $HaStateDir 'wsfc-reboot.json'
$bootId = Get-HaBootId
if (Test-Path -LiteralPath $marker) {
    $m = Get-Content -LiteralPath $marker -Raw | ConvertFrom-Json
    if ($m.BootId -eq $bootId) {
        Write-HaLog "a reboot was scheduled at $($m.ScheduledAt) and has not happened yet: waiting for it"
        Wait-HaCondition -What 'the planned reboot' -TimeoutSec $RebootWaitSec -Condition { $false }
    }
    Write-HaLog "the planned reboot is done (booted $bootId)"
}

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
