<#
  WSFC bootstrap, step "form" (first node only, after every node's "await-ready"), run as the
  domain admin or, in a workgroup, the shared local admin (SYSTEM cannot create a cluster).
  Shared disks initialised here only; New-Cluster -NoStorage; quorum witness; heartbeat
  properties; the role and, for the LB topologies, its IP Address resource answering the probe.
  Every change is guarded by a check; a second run changes nothing.
  Secrets arrive as protected Run Command parameters (named script parameters), never in the text.
#>
param(
    [string]$WitnessStorageKey = ''
)
# @@PARAMS@@
$HaStep = 'form'
# @@INCLUDE common.ps1@@

# ---- the witness key: into a file only SYSTEM and Administrators can read, out of the session ---
# Protected parameters reach a Windows Run Command script as named arguments (Microsoft Learn,
# "Run scripts in your Windows VM by using managed Run Commands"; no environment form is
# documented). The key is moved at once into a file with an explicit ACL (no inheritance:
# SYSTEM and BUILTIN\Administrators, full control), the variable is cleared, the key is read
# back only for Set-ClusterQuorum (a cmdlet: no child process, no command line) and the file
# is deleted when the step ends, whatever the outcome.
$HaWitnessKeyFile = Join-Path $HaStateDir 'wsfc-witness.key'
function Remove-HaWitnessKeyFile {
    if (Test-Path -LiteralPath $HaWitnessKeyFile) { Remove-Item -LiteralPath $HaWitnessKeyFile -Force }
}
# Every failure path ends in Stop-HaStep (the trap included): the key file goes with it.
$HaStopHooks = @({ Remove-HaWitnessKeyFile })
if ($WitnessStorageKey -ne '') {
    Remove-HaWitnessKeyFile
    # Empty file first, then the ACL, then the content: the key never sits under the inherited
    # ProgramData ACL (which lets Users read).
    New-Item -ItemType File -Path $HaWitnessKeyFile -Force | Out-Null
    $acl = Get-Acl -LiteralPath $HaWitnessKeyFile
    $acl.SetAccessRuleProtection($true, $false)
    foreach ($rule in @($acl.Access)) { $null = $acl.RemoveAccessRule($rule) }
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $who = New-Object System.Security.Principal.SecurityIdentifier($sid)
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($who, 'FullControl', 'Allow')))
    }
    Set-Acl -LiteralPath $HaWitnessKeyFile -AclObject $acl
    [System.IO.File]::WriteAllText($HaWitnessKeyFile, $WitnessStorageKey)
    $WitnessStorageKey = $null
    Write-HaLog 'witness key stored for this run (SYSTEM and Administrators only)'
}

Write-HaLog "start on $env:COMPUTERNAME as $([Security.Principal.WindowsIdentity]::GetCurrent().Name)"
Import-Module FailoverClusters

# ---- every node reachable (SMB and RPC endpoint mapper), bounded --------------------------------
for ($i = 0; $i -lt $ClusterNodeIps.Count; $i++) {
    $ip = $ClusterNodeIps[$i]
    $node = $ClusterNodeNames[$i]
    Wait-HaCondition -What "node $node ($ip) answering on TCP 445 and 135" -TimeoutSec $PeerWaitSec -Condition {
        (Test-HaTcpPort -Address $ip -Port 445) -and (Test-HaTcpPort -Address $ip -Port 135)
    }
}

$cluster = Get-HaCluster
if ($null -ne $cluster -and $cluster.Name -ine $ClusterName) {
    Stop-HaStep "this node already belongs to cluster '$($cluster.Name)', not '$ClusterName': remove it first (Remove-Cluster)"
}

# ---- shared disks: found by LUN and size, initialised on this node only -------------------------
function Find-HaSharedDisk {
    param([int]$Lun, [long]$SizeBytes, [string]$Name)
    $found = @()
    foreach ($drive in @(Get-CimInstance -ClassName Win32_DiskDrive | Where-Object { $_.SCSILogicalUnit -eq $Lun })) {
        $disk = Get-Disk -Number $drive.Index
        if (-not $disk.IsBoot -and -not $disk.IsSystem -and $disk.Size -eq $SizeBytes) { $found += $disk }
    }
    if ($found.Count -ne 1) {
        Stop-HaStep "shared disk '$Name': expected one data disk at LUN $Lun of $SizeBytes bytes, found $($found.Count)"
    }
    return $found[0]
}

$diskNumbers = @{}
for ($i = 0; $i -lt $SharedDiskNames.Count; $i++) {
    $name = $SharedDiskNames[$i]
    if ($null -ne $cluster -and $null -ne (Get-ClusterResource -Name $name -ErrorAction SilentlyContinue)) {
        Write-HaLog "unchanged: shared disk '$name' is a cluster resource"
        continue
    }
    $disk = Find-HaSharedDisk -Lun $SharedDiskLuns[$i] -SizeBytes ([long]$SharedDiskSizesGb[$i] * 1073741824) -Name $name
    if ($disk.IsOffline) { Set-Disk -Number $disk.Number -IsOffline $false; Write-HaLog "disk $($disk.Number) ('$name') brought online" }
    if ($disk.IsReadOnly) { Set-Disk -Number $disk.Number -IsReadOnly $false; Write-HaLog "disk $($disk.Number) ('$name') made writable" }
    if ("$($disk.PartitionStyle)" -eq 'RAW') {
        Initialize-Disk -Number $disk.Number -PartitionStyle GPT
        New-Partition -DiskNumber $disk.Number -UseMaximumSize | Format-Volume -FileSystem NTFS -NewFileSystemLabel $name -Confirm:$false | Out-Null
        Write-HaLog "disk $($disk.Number) ('$name') initialised: GPT, NTFS, label $name"
    } else {
        Write-HaLog "unchanged: disk $($disk.Number) ('$name') is initialised ($($disk.PartitionStyle))"
    }
    $diskNumbers[$name] = $disk.Number
}

# ---- the cluster ---------------------------------------------------------------------------------
if ($null -eq $cluster) {
    $newCluster = @{ Name = $ClusterName; Node = $ClusterNodeNames; NoStorage = $true; Force = $true }
    # The management point is the user's choice (software.managementPoint): Singleton on a static
    # address (New-Cluster -StaticAddress … -ManagementPointNetworkType Singleton, sql-docs
    # failover-cluster-instance-prepare-vm, "Windows Server 2019" tab), or Distributed (WS2019+).
    $newCluster.ManagementPointNetworkType = $ManagementPoint
    if ($ManagementPoint -eq 'Singleton') { $newCluster.StaticAddress = $StaticAddress }
    if ($Workgroup) { $newCluster.AdministrativeAccessPoint = 'DNS' }
    Write-HaLog "New-Cluster $ClusterName on $($ClusterNodeNames -join ', ')"
    New-Cluster @newCluster | Out-Null
    $cluster = Get-HaCluster
    if ($null -eq $cluster) { Stop-HaStep "New-Cluster returned but cluster '$ClusterName' does not answer" }
} else {
    Write-HaLog "unchanged: cluster '$ClusterName' exists"
}
$members = @(Get-ClusterNode | ForEach-Object { $_.Name.ToLowerInvariant() })
foreach ($node in $ClusterNodeNames) {
    if ($members -notcontains $node.ToLowerInvariant()) {
        Write-HaLog "Add-ClusterNode $node"
        Add-ClusterNode -Name $node -NoStorage | Out-Null
    }
}

# ---- shared disks as cluster resources named after the config ----------------------------------
foreach ($name in $SharedDiskNames) {
    if ($null -ne (Get-ClusterResource -Name $name -ErrorAction SilentlyContinue)) { continue }
    $number = $diskNumbers[$name]
    $available = @(Get-ClusterAvailableDisk | Where-Object { $_.Number -eq $number })
    if ($available.Count -ne 1) { Stop-HaStep "shared disk '$name' (disk $number) is not available to the cluster: check SCSI persistent reservations (maxShares, VM size)" }
    $resource = $available[0] | Add-ClusterDisk
    $resource.Name = $name
    Write-HaLog "shared disk '$name' added to the cluster"
}

# ---- quorum witness --------------------------------------------------------------------------------
$quorum = Get-ClusterQuorum
$quorumName = ''
if ($null -ne $quorum.QuorumResource) { $quorumName = $quorum.QuorumResource.Name }
if ($WitnessKind -eq 'cloud') {
    if (-not (Test-Path -LiteralPath $HaWitnessKeyFile)) { Stop-HaStep 'cloud witness: the protected parameter WitnessStorageKey is empty' }
    $key = [System.IO.File]::ReadAllText($HaWitnessKeyFile)
    # A rotated key must re-set the witness (the cluster cannot show the key it holds): the
    # SHA-256 of the key last set is kept beside the log, readable by SYSTEM/Administrators.
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $keyHash = [System.BitConverter]::ToString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($key))).Replace('-', '')
    $hashFile = Join-Path $HaStateDir 'wsfc-witness.sha256'
    $lastHash = ''
    if (Test-Path -LiteralPath $hashFile) { $lastHash = (Get-Content -LiteralPath $hashFile -Raw).Trim() }
    $current = @(Get-ClusterResource | Where-Object { $_.ResourceType.Name -eq 'Cloud Witness' })
    $account = ''
    if ($current.Count -eq 1) { $account = ($current[0] | Get-ClusterParameter -Name 'AccountName').Value }
    if ($current.Count -eq 1 -and $account -eq $WitnessStorageAccount -and $quorumName -eq $current[0].Name -and $lastHash -eq $keyHash) {
        Write-HaLog "unchanged: cloud witness on storage account $WitnessStorageAccount (same key)"
    } else {
        Set-ClusterQuorum -CloudWitness -AccountName $WitnessStorageAccount -AccessKey $key | Out-Null
        Set-Content -LiteralPath $hashFile -Value $keyHash -Encoding ASCII
        Write-HaLog "cloud witness set on storage account $WitnessStorageAccount (key new or rotated)"
    }
    $key = $null
    Remove-HaWitnessKeyFile
} else {
    if ($quorumName -eq $WitnessDiskName) {
        Write-HaLog "unchanged: disk witness '$WitnessDiskName'"
    } else {
        Set-ClusterQuorum -DiskWitness $WitnessDiskName | Out-Null
        Write-HaLog "disk witness set on '$WitnessDiskName'"
    }
}

# ---- heartbeat: detection = Delay x Threshold --------------------------------------------------
$heartbeat = [ordered]@{
    SameSubnetDelay      = $SameSubnetDelayMs
    SameSubnetThreshold  = $SameSubnetThreshold
    CrossSubnetDelay     = $CrossSubnetDelayMs
    CrossSubnetThreshold = $CrossSubnetThreshold
}
foreach ($property in $heartbeat.Keys) {
    $cluster = Get-Cluster
    $want = [uint32]$heartbeat[$property]
    if ([uint32]$cluster.$property -eq $want) {
        Write-HaLog "unchanged: $property = $want"
    } else {
        $was = $cluster.$property
        $cluster.$property = $want
        Write-HaLog "set: $property = $want (was: $was)"
    }
}

# ---- cluster networks: the interconnect carries cluster traffic only ---------------------------
# Role 1 = cluster communication only, 3 = cluster and client (Microsoft Learn, "Configuring
# network prioritization on a failover cluster" / ClusterNetwork Role). With seed 000's
# interconnect LAN: that network gets Role 1, the client network Role 3. Found by address.
if ($InterconnectSubnetAddress -ne '') {
    $wantRoles = [ordered]@{}
    $wantRoles["$InterconnectSubnetAddress/$InterconnectSubnetMask"] = 1
    $wantRoles["$ClusterSubnetAddress/$ClusterSubnetMask"] = 3
    foreach ($key in $wantRoles.Keys) {
        $address, $mask = $key.Split('/')
        $want = [uint32]$wantRoles[$key]
        Wait-HaCondition -What "cluster network $key" -TimeoutSec 300 -Condition {
            @(Get-ClusterNetwork | Where-Object { $_.Address -eq $address -and $_.AddressMask -eq $mask }).Count -eq 1
        }
        $net = @(Get-ClusterNetwork | Where-Object { $_.Address -eq $address -and $_.AddressMask -eq $mask })[0]
        if ([uint32]$net.Role -eq $want) {
            Write-HaLog "unchanged: cluster network '$($net.Name)' ($key) Role $want"
        } else {
            $was = $net.Role
            $net.Role = $want
            Write-HaLog "set: cluster network '$($net.Name)' ($key) Role $want (was: $was)"
        }
    }
}

if ($RoleMode -eq 'none') {
    # software.role.mode none: the application's installer (e.g. SQL Server FCI setup) creates its
    # own role, IP and network name and takes the shared disks from Available Storage.
    Write-HaLog "role left to the application installer: shared disks $($RoleDiskNames -join ', ') stay in Available Storage"
    Remove-HaWitnessKeyFile
    Write-HaLog "done: cluster '$ClusterName' (no role)"
    exit 0
}

# ---- the role, and its IP Address resource answering the LB probe ---------------------------------
$group = Get-ClusterGroup -Name $RoleName -ErrorAction SilentlyContinue
if ($null -eq $group) {
    $group = Add-ClusterGroup -Name $RoleName
    Write-HaLog "role '$RoleName' created"
} else {
    Write-HaLog "unchanged: role '$RoleName' exists"
}

if ($RoleIpAddress -ne '') {
    # The cluster network of the nodes' subnet: found by address, never by its (localised) name.
    $networks = @(Get-ClusterNetwork | Where-Object { $_.Address -eq $ClusterSubnetAddress -and $_.AddressMask -eq $ClusterSubnetMask })
    if ($networks.Count -ne 1) {
        Stop-HaStep "expected one cluster network with address $ClusterSubnetAddress/$ClusterSubnetMask, found $($networks.Count) ($((Get-ClusterNetwork | ForEach-Object { $_.Address }) -join ', '))"
    }
    $networkName = $networks[0].Name

    $ip = Get-ClusterResource -Name $IpResourceName -ErrorAction SilentlyContinue
    if ($null -eq $ip) {
        $ip = Add-ClusterResource -Name $IpResourceName -ResourceType 'IP Address' -Group $RoleName
        Write-HaLog "IP Address resource '$IpResourceName' created in role '$RoleName'"
    }
    $want = [ordered]@{
        Address    = $RoleIpAddress
        ProbePort  = [uint32]$ProbePort
        SubnetMask = $RoleIpSubnetMask
        Network    = $networkName
        EnableDhcp = [uint32]$EnableDhcp
    }
    if ($OverrideAddressMatch -eq 1) {
        # Public LB: the frontend's public address lies outside the cluster network's subnet; the
        # resource comes online only with OverrideAddressMatch = 1 (azure-docs
        # articles/virtual-machines/windows/sqlclassic/ps-sql-ext-listener.md, external listener).
        $want.OverrideAddressMatch = [uint32]1
    }
    $have = @{}
    foreach ($p in @($ip | Get-ClusterParameter)) { $have[$p.Name] = "$($p.Value)" }
    $differs = @($want.Keys | Where-Object { -not $have.ContainsKey($_) -or $have[$_] -ne "$($want[$_])" })
    if ($differs.Count -eq 0) {
        Write-HaLog "unchanged: '$IpResourceName' Address $RoleIpAddress ProbePort $ProbePort SubnetMask $RoleIpSubnetMask EnableDhcp $EnableDhcp"
    } else {
        $wasOnline = "$($ip.State)" -eq 'Online'
        $ip | Set-ClusterParameter -Multiple $want
        Write-HaLog "set on '$IpResourceName': $($differs -join ', ') (Address $RoleIpAddress, ProbePort $ProbePort, SubnetMask $RoleIpSubnetMask, EnableDhcp $EnableDhcp, network by subnet $ClusterSubnetAddress)"
        if ($wasOnline) {
            # New parameters take effect when the resource comes online again.
            Stop-ClusterResource -Name $IpResourceName | Out-Null
        }
    }
}

# ---- the shared data disks into the role: the address and the data move together ---------------
# Seed 000: one shared data disk in the client access point's role, one quorum disk (the
# witness, which stays in the core cluster group). Move-ClusterResource -Group (FailoverClusters).
foreach ($name in $RoleDiskNames) {
    $disk = Get-ClusterResource -Name $name -ErrorAction SilentlyContinue
    if ($null -eq $disk) { Stop-HaStep "shared disk '$name' is not a cluster resource" }
    if ("$($disk.OwnerGroup.Name)" -eq $RoleName) {
        Write-HaLog "unchanged: shared disk '$name' is in role '$RoleName'"
    } else {
        $from = "$($disk.OwnerGroup.Name)"
        Move-ClusterResource -Name $name -Group $RoleName | Out-Null
        Write-HaLog "shared disk '$name' moved from '$from' into role '$RoleName'"
    }
}

$group = Get-ClusterGroup -Name $RoleName
if ("$($group.State)" -ne 'Online') {
    Start-ClusterGroup -Name $RoleName | Out-Null
    Write-HaLog "role '$RoleName' brought online"
}
if ($RoleIpAddress -ne '') {
    Wait-HaCondition -What "IP Address resource '$IpResourceName' online" -TimeoutSec 300 -Condition {
        "$((Get-ClusterResource -Name $IpResourceName).State)" -eq 'Online'
    }
}
Remove-HaWitnessKeyFile
Write-HaLog "done: cluster '$ClusterName', role '$RoleName' on $((Get-ClusterGroup -Name $RoleName).OwnerNode)"
exit 0
