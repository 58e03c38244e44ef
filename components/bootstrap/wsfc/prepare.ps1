<#
  WSFC bootstrap, step "prepare" (every node, as SYSTEM).
  Failover-Clustering feature and tools, firewall rules for cluster traffic and the probe port, the
  probe port excluded from the dynamic port range, TCP keep-alive below Azure's 240 s idle timeout,
  and the workgroup settings (LocalAccountTokenFilterPolicy, primary DNS suffix, hosts entries) or
  a check of the domain membership (the JsonADDomainExtension joined the domain before this step).
  Every change is guarded by a check; a second run changes nothing. Changes that need a reboot
  record a request; the step reboot-after-prepare reboots the node (never this step).
#>
# @@PARAMS@@
$HaStep = 'prepare'
# @@INCLUDE common.ps1@@

Write-HaLog "start on $env:COMPUTERNAME"
$needsReboot = $false
$tcpipParams = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'

# ---- domain membership (joined by the JsonADDomainExtension; gate-after-join checked its restart)
if (-not $Workgroup) {
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem
    if (-not ($cs.PartOfDomain -and ($cs.Domain -ieq $DomainName))) {
        Stop-HaStep "this node is not a member of $DomainName (domain: '$($cs.Domain)'); gate-after-join should have stopped earlier"
    }
}

# ---- the cluster admin (domain.joinUser) in the local Administrators group --------------------
# "form" runs New-Cluster as this account. Microsoft: the account that creates the cluster must
# be a local administrator on every node and may create computer objects in the OU (sql-docs,
# failover-cluster-instance-prepare-vm / "Add the Windows cluster feature": "a domain account
# that's a member of the local administrators and that has permission to create objects in
# Active Directory"). This step runs as SYSTEM, which may change local groups. The group is
# found by its well-known SID S-1-5-32-544, never by its (localised) name.
if (-not $Workgroup) {
    $adminsSid = 'S-1-5-32-544'
    $admins = Get-LocalGroup -SID $adminsSid
    $account = New-Object System.Security.Principal.NTAccount($ClusterAdminAccount)
    $accountSid = $null
    try { $accountSid = $account.Translate([System.Security.Principal.SecurityIdentifier]).Value } catch { $accountSid = $null }
    if ($null -eq $accountSid) { Stop-HaStep "cannot resolve the cluster admin '$ClusterAdminAccount' in $DomainName (DNS servers, domain trust?)" }
    $members = @()
    # Get-LocalGroupMember fails on orphaned SIDs: compare SIDs through ADSI instead.
    foreach ($m in @(([ADSI]"WinNT://./$($admins.Name),group").Invoke('Members'))) {
        $bytes = $m.GetType().InvokeMember('objectSid', 'GetProperty', $null, $m, $null)
        $members += (New-Object System.Security.Principal.SecurityIdentifier($bytes, 0)).Value
    }
    if ($members -contains $accountSid) {
        Write-HaLog "unchanged: $ClusterAdminAccount is a local administrator"
    } else {
        Add-LocalGroupMember -SID $adminsSid -Member $accountSid
        Write-HaLog "$ClusterAdminAccount ($accountSid) added to the local Administrators group"
    }
}

# ---- Failover-Clustering feature and its management tools --------------------------------------
$feature = Get-WindowsFeature -Name 'Failover-Clustering'
if ($feature.InstallState -eq 'Installed') {
    Write-HaLog 'unchanged: Failover-Clustering is installed'
} elseif ($feature.InstallState -eq 'InstallPending') {
    Write-HaLog 'Failover-Clustering is installed and waits for a reboot'
    $needsReboot = $true
} else {
    Write-HaLog 'installing Failover-Clustering with management tools'
    $result = Install-WindowsFeature -Name 'Failover-Clustering' -IncludeManagementTools
    if (-not $result.Success) { Stop-HaStep "Install-WindowsFeature Failover-Clustering failed (exit code $($result.ExitCode))" }
    if ("$($result.RestartNeeded)" -eq 'Yes') { $needsReboot = $true }
}
foreach ($tool in @('RSAT-Clustering-PowerShell', 'RSAT-Clustering-Mgmt')) {
    $t = Get-WindowsFeature -Name $tool
    if ($null -ne $t -and $t.InstallState -ne 'Installed' -and $t.InstallState -ne 'InstallPending') {
        Write-HaLog "installing $tool"
        $r = Install-WindowsFeature -Name $tool
        if (-not $r.Success) { Stop-HaStep "Install-WindowsFeature $tool failed (exit code $($r.ExitCode))" }
    }
}

# ---- Windows Firewall: cluster traffic between the nodes, the LB probe --------------------------
# Creates the rule when missing, corrects it when its ports or remote addresses differ.
function Set-HaFirewallRule {
    param(
        [string]$Name,
        [string]$Protocol,
        [string[]]$LocalPort,
        [string[]]$RemoteAddress,
        [string]$IcmpType = ''
    )
    $existing = Get-NetFirewallRule -Name $Name -ErrorAction SilentlyContinue
    if ($null -eq $existing) {
        $create = @{
            Name          = $Name
            DisplayName   = $Name
            Group         = 'azure-ha-cluster'
            Direction     = 'Inbound'
            Action        = 'Allow'
            Profile       = 'Any'
            Protocol      = $Protocol
            RemoteAddress = $RemoteAddress
        }
        if ($LocalPort.Count -gt 0) { $create.LocalPort = $LocalPort }
        if ($IcmpType -ne '') { $create.IcmpType = $IcmpType }
        New-NetFirewallRule @create | Out-Null
        Write-HaLog "firewall rule created: $Name ($Protocol $($LocalPort -join ',') from $($RemoteAddress -join ','))"
        return
    }
    $ports = $existing | Get-NetFirewallPortFilter
    $addrs = $existing | Get-NetFirewallAddressFilter
    $samePorts = ((@($ports.LocalPort) -join ',') -eq ($(if ($LocalPort.Count -gt 0) { $LocalPort -join ',' } else { 'Any' })))
    $sameAddrs = ((@($addrs.RemoteAddress) -join ',') -eq ($RemoteAddress -join ','))
    if ($samePorts -and $sameAddrs -and "$($existing.Enabled)" -eq 'True') {
        Write-HaLog "unchanged: firewall rule $Name"
        return
    }
    $update = @{ Name = $Name; Enabled = 'True'; RemoteAddress = $RemoteAddress }
    if ($LocalPort.Count -gt 0) { $update.LocalPort = $LocalPort }
    Set-NetFirewallRule @update
    Write-HaLog "firewall rule corrected: $Name"
}

# Cluster traffic comes from the nodes' addresses and, with an interconnect, their second NICs.
$peers = @($ClusterNodeIps) + @($InterconnectIps)
Set-HaFirewallRule -Name 'azure-ha-cluster-wsfc-tcp-3343' -Protocol 'TCP' -LocalPort @('3343') -RemoteAddress $peers
Set-HaFirewallRule -Name 'azure-ha-cluster-wsfc-udp-3343' -Protocol 'UDP' -LocalPort @('3343') -RemoteAddress $peers
Set-HaFirewallRule -Name 'azure-ha-cluster-wsfc-rpc-135' -Protocol 'TCP' -LocalPort @('135') -RemoteAddress $peers
Set-HaFirewallRule -Name 'azure-ha-cluster-wsfc-smb-445' -Protocol 'TCP' -LocalPort @('445') -RemoteAddress $peers
Set-HaFirewallRule -Name 'azure-ha-cluster-wsfc-rpc-dynamic' -Protocol 'TCP' -LocalPort @('49152-65535') -RemoteAddress $peers
Set-HaFirewallRule -Name 'azure-ha-cluster-wsfc-icmp' -Protocol 'ICMPv4' -LocalPort @() -RemoteAddress $peers -IcmpType '8'
if ($ProbePort -gt 0) {
    # The LB health probe comes from 168.63.129.16 (service tag AzureLoadBalancer).
    Set-HaFirewallRule -Name 'azure-ha-cluster-wsfc-probe' -Protocol 'TCP' -LocalPort @("$ProbePort") -RemoteAddress @('168.63.129.16')

    # ---- the probe port out of the dynamic port range (no process may grab it) ------------------
    $excluded = $false
    $lines = & netsh.exe int ipv4 show excludedportrange protocol=tcp
    if ($LASTEXITCODE -ne 0) { Stop-HaStep "netsh show excludedportrange failed (exit code $LASTEXITCODE)" }
    foreach ($l in $lines) {
        if ($l -match '^\s*(\d+)\s+(\d+)') {
            if ([int]$Matches[1] -le $ProbePort -and $ProbePort -le [int]$Matches[2]) { $excluded = $true }
        }
    }
    if ($excluded) {
        Write-HaLog "unchanged: TCP $ProbePort is in an excluded port range"
    } else {
        & netsh.exe int ipv4 add excludedportrange protocol=tcp startport=$ProbePort numberofports=1 store=persistent | Out-Null
        if ($LASTEXITCODE -ne 0) {
            Stop-HaStep "netsh could not exclude TCP $ProbePort (exit code $LASTEXITCODE): is a process listening on it?"
        }
        Write-HaLog "excluded TCP $ProbePort from the dynamic port range"
    }
}

# ---- the interconnect NIC (seed 000's cluster LAN) registers no address in DNS ---------------
# Only the client network's address may resolve the node name; the interconnect carries cluster
# traffic only (Set-DnsClient -RegisterThisConnectionsAddress, DnsClient module).
if (@($InterconnectIps).Count -gt 0) {
    $mine = @(Get-NetIPAddress -AddressFamily IPv4 | Where-Object { @($InterconnectIps) -contains $_.IPAddress })
    if ($mine.Count -ne 1) { Stop-HaStep "expected one local address among the interconnect addresses $(@($InterconnectIps) -join ', '), found $($mine.Count): is the second NIC attached?" }
    $client = Get-DnsClient -InterfaceIndex $mine[0].InterfaceIndex
    if (-not $client.RegisterThisConnectionsAddress) {
        Write-HaLog "unchanged: interconnect interface $($mine[0].InterfaceAlias) registers no DNS address"
    } else {
        Set-DnsClient -InterfaceIndex $mine[0].InterfaceIndex -RegisterThisConnectionsAddress $false
        Write-HaLog "interconnect interface $($mine[0].InterfaceAlias) ($($mine[0].IPAddress)): DNS registration off"
    }
}

# ---- client ports: the LB rules' backend ports / the DNS topology's clientPorts --------------
# The same ports and sources as the NSG's allow-clients rules. NSG service tags (VirtualNetwork,
# Internet, *) have no Windows Firewall form: they become Any here and the NSG keeps the filter;
# CIDRs and addresses are kept as given.
foreach ($proto in @('TCP', 'UDP')) {
    $ports = @(if ($proto -eq 'TCP') { $ClientTcpPorts } else { $ClientUdpPorts })
    if ($ports.Count -eq 0) { continue }
    $name = 'azure-ha-cluster-wsfc-clients-' + $proto.ToLowerInvariant()
    Set-HaFirewallRule -Name $name -Protocol $proto -LocalPort @($ports | ForEach-Object { "$_" }) -RemoteAddress @($ClientSources)
}

# ---- TCP keep-alive below Azure's 240 s idle timeout (decimal milliseconds) --------------------
if (Set-HaRegistryValue -Path $tcpipParams -Name 'KeepAliveTime' -Value $KeepAliveTimeMs -Type 'DWord') { $needsReboot = $true }
if (Set-HaRegistryValue -Path $tcpipParams -Name 'KeepAliveInterval' -Value $KeepAliveIntervalMs -Type 'DWord') { $needsReboot = $true }

# ---- workgroup cluster: same local admin everywhere, DNS suffix, name resolution ----------------
if ($Workgroup) {
    $policy = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'
    Set-HaRegistryValue -Path $policy -Name 'LocalAccountTokenFilterPolicy' -Value 1 -Type 'DWord' | Out-Null
    if (Set-HaRegistryValue -Path $tcpipParams -Name 'NV Domain' -Value $DnsSuffix -Type 'String') { $needsReboot = $true }

    # Azure DNS knows the nodes' short names only: the hosts file maps the suffixed names too.
    $hostsFile = Join-Path $env:SystemRoot 'System32\drivers\etc\hosts'
    $hosts = @(Get-Content -LiteralPath $hostsFile -ErrorAction SilentlyContinue)
    for ($i = 0; $i -lt $ClusterNodeNames.Count; $i++) {
        $entry = '{0} {1} {1}.{2}' -f $ClusterNodeIps[$i], $ClusterNodeNames[$i].ToLowerInvariant(), $DnsSuffix
        if ($hosts -contains $entry) {
            Write-HaLog "unchanged: hosts entry $entry"
        } else {
            Add-Content -LiteralPath $hostsFile -Value $entry -Encoding ASCII
            Write-HaLog "hosts entry added: $entry"
        }
    }
}

# ---- reboot request: recorded here, carried out by the step reboot-after-prepare -------------
# This step never reboots (a Run Command is never re-run after a reboot cuts it off: Azure VM
# runtime blog, "When will CustomScript extension re-execute my script?"): it writes the request
# that reboot-after-prepare reads (lifecycle/reboot.ps1), one node at a time.
$rebootDir = Join-Path $HaStateDir 'reboot'
if ($needsReboot) {
    New-Item -ItemType Directory -Path $rebootDir -Force | Out-Null
    Set-Content -LiteralPath (Join-Path $rebootDir 'after-prepare.request') -Value ('requested ' + (Get-Date).ToUniversalTime().ToString('o')) -Encoding UTF8
    Write-HaLog 'reboot requested (reboot-after-prepare runs after this step)'
} else {
    Write-HaLog 'no reboot needed'
}

Write-HaLog 'done'
exit 0
