<#
  Step gate-after-join (WSFC domain clusters, every node), after the JsonADDomainExtension and the
  out-of-guest wait wait-after-join. The extension joins the domain and restarts the VM itself
  (settings "Restart": "true"), and reports success before that restart lands, so a step that
  starts right after it can be cut off by the restart. This gate runs after the wait and fails at
  once, never waits, when the join has not taken effect: the computer is not PartOfDomain of the
  expected domain, or a join is still pending (the Netlogon key JoinDomain exists until the
  restart completes the join).
#>
# @@PARAMS@@
$StepName = 'gate-after-join'
# @@INCLUDE common.ps1@@

$cs = Get-CimInstance -ClassName Win32_ComputerSystem
$pending = Test-Path -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\Netlogon\JoinDomain'
if ($pending) {
    Stop-Step "node $NodeName has not restarted after joining ${DomainName}: the join is still pending (HKLM\SYSTEM\CurrentControlSet\Services\Netlogon\JoinDomain exists) after the wait of $RebootWaitSec s (bootstrap.rebootWaitSec). Check the VM (boot diagnostics), restart it by hand if needed, or raise bootstrap.rebootWaitSec; then run pulumi up again"
}
if (-not ($cs.PartOfDomain -and ($cs.Domain -ieq $DomainName))) {
    Stop-Step "node $NodeName is not a member of $DomainName (PartOfDomain $($cs.PartOfDomain), domain '$($cs.Domain)'): see the JsonADDomainExtension status of the VM (join user, password, OU path, DNS servers that resolve the domain)"
}
Write-Log "node $NodeName is a member of $DomainName, no join pending (booted $(Get-BootId))"
exit 0
