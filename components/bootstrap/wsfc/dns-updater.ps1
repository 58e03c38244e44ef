<#
  WSFC DNS topology: the A-record updater. Installed on every node by the step "dns-updater" and
  run by a scheduled task (as SYSTEM) when the cluster brings a role online (FailoverClustering
  event 1201), at boot, and every few minutes (reconcile). Only the node that owns the role writes:
  the A record (and its TTL, every time) points at the owner's address. Token from IMDS with the
  nodes' user-assigned identity; Azure DNS REST; no module download.
#>
# @@PARAMS@@
$HaStep = 'dns-update'
# @@INCLUDE common.ps1@@

Import-Module FailoverClusters
$group = Get-ClusterGroup -Name $RoleName -ErrorAction SilentlyContinue
if ($null -eq $group) { Stop-HaStep "role '$RoleName' not found in the cluster" }
$owner = "$($group.OwnerNode.Name)"
if ($owner -ine $env:COMPUTERNAME) {
    Write-Host "not the owner of '$RoleName' (owner: $owner): nothing to do"
    exit 0
}
if (@('Online', 'PartialOnline') -notcontains "$($group.State)") {
    Write-Host "role '$RoleName' is $($group.State) here: nothing to do"
    exit 0
}
$index = [Array]::IndexOf([string[]]@($NodeNames | ForEach-Object { $_.ToLowerInvariant() }), $env:COMPUTERNAME.ToLowerInvariant())
if ($index -lt 0) { Stop-HaStep "$env:COMPUTERNAME is not one of the configured nodes ($($NodeNames -join ', '))" }
$address = $NodeIps[$index]

[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
$tokenUri = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01' +
    '&resource=' + [uri]::EscapeDataString('https://management.azure.com/') +
    '&client_id=' + [uri]::EscapeDataString($IdentityClientId)
$token = (Invoke-RestMethod -Method Get -Uri $tokenUri -Headers @{ Metadata = 'true' } -UseBasicParsing -TimeoutSec 30).access_token
$headers = @{ Authorization = "Bearer $token" }

$base = "https://management.azure.com/subscriptions/$SubscriptionId/resourceGroups/$ZoneResourceGroup/providers/Microsoft.Network"
if ($PrivateZone) {
    $uri = "$base/privateDnsZones/$ZoneName/A/$RecordName" + '?api-version=2020-06-01'
    $body = @{ properties = @{ ttl = $TtlSec; aRecords = @(@{ ipv4Address = $address }) } }
} else {
    $uri = "$base/dnsZones/$ZoneName/A/$RecordName" + '?api-version=2018-05-01'
    $body = @{ properties = @{ TTL = $TtlSec; ARecords = @(@{ ipv4Address = $address }) } }
}

# Guard: leave a record that already points here with the right TTL alone.
$current = $null
try {
    $current = Invoke-RestMethod -Method Get -Uri $uri -Headers $headers -UseBasicParsing -TimeoutSec 30
} catch {
    $current = $null
}
if ($null -ne $current) {
    $props = $current.properties
    $ttlProp = $props.PSObject.Properties['ttl']
    $aProp = $props.PSObject.Properties['aRecords']
    $haveTtl = $(if ($null -ne $ttlProp) { "$($ttlProp.Value)" } else { '' })
    $haveIps = $(if ($null -ne $aProp) { @($aProp.Value | ForEach-Object { $_.ipv4Address }) -join ',' } else { '' })
    if ($haveTtl -eq "$TtlSec" -and $haveIps -eq $address) {
        Write-Host "unchanged: $RecordName.$ZoneName A $address TTL $TtlSec"
        exit 0
    }
}
Invoke-RestMethod -Method Put -Uri $uri -Headers $headers -ContentType 'application/json' -Body ($body | ConvertTo-Json -Depth 5) -UseBasicParsing -TimeoutSec 60 | Out-Null
Write-HaLog "set: $RecordName.$ZoneName A $address TTL $TtlSec (role '$RoleName' online here)"
exit 0
