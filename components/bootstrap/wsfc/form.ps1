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
    if ($StaticAddress -ne '') {
        $newCluster.StaticAddress = $StaticAddress
        $newCluster.ManagementPointNetworkType = 'Singleton'
    } elseif ($ManagementPoint -ne '') {
        $newCluster.ManagementPointNetworkType = $ManagementPoint
    }
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
    $current = @(Get-ClusterResource | Where-Object { $_.ResourceType.Name -eq 'Cloud Witness' })
    $account = ''
    if ($current.Count -eq 1) { $account = ($current[0] | Get-ClusterParameter -Name 'AccountName').Value }
    if ($current.Count -eq 1 -and $account -eq $WitnessStorageAccount -and $quorumName -eq $current[0].Name) {
        Write-HaLog "unchanged: cloud witness on storage account $WitnessStorageAccount"
    } else {
        if ($WitnessStorageKey -eq '') { Stop-HaStep 'cloud witness: the protected parameter WitnessStorageKey is empty' }
        Set-ClusterQuorum -CloudWitness -AccountName $WitnessStorageAccount -AccessKey $WitnessStorageKey | Out-Null
        Write-HaLog "cloud witness set on storage account $WitnessStorageAccount"
    }
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
Write-HaLog "done: cluster '$ClusterName', role '$RoleName' on $((Get-ClusterGroup -Name $RoleName).OwnerNode)"
exit 0
