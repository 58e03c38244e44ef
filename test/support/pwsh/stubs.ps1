<#
  Test stubs: the Windows-only cmdlets and executables the bootstrap scripts call, as recording
  functions (functions take precedence over cmdlets and over executables on PATH —
  about_Command_Precedence). Dot-sourced by driver.ps1 in one pwsh process that runs many steps.

  State: $global:StubNodes[<node>] (features, registry, firewall rules, disks, boot time, …) and
  $global:StubCluster (the failover cluster, shared by the nodes). Each call is appended to the
  JSONL file $global:StubLog as { run, node, step, pass, name, args } (args: the bound
  parameters, or the argument list of an executable).

  Registry: there is no Registry provider on Linux; HKLM:\ paths go to an in-memory store, every
  other path to Microsoft.PowerShell.Management\<cmdlet>. Strict-mode safe (the scripts run
  Set-StrictMode -Version Latest, which reaches these functions through dynamic scoping).
#>
Set-StrictMode -Version Latest

$global:StubNodes = @{}
$global:StubCluster = $null
$global:StubCtx = @{ Run = ''; Node = ''; Step = ''; Pass = 0; Sleeps = 0 }
$global:StubLog = ''

function ConvertTo-StubValue($v) {
    if ($null -eq $v) { return $null }
    if ($v -is [System.Management.Automation.SwitchParameter]) { return [bool]$v }
    if ($v -is [string] -or $v -is [bool] -or $v -is [int] -or $v -is [long] -or $v -is [uint32] -or $v -is [double]) { return $v }
    if ($v -is [System.Collections.IDictionary]) {
        $h = [ordered]@{}
        foreach ($k in $v.Keys) { $h["$k"] = ConvertTo-StubValue $v[$k] }
        return $h
    }
    if ($v -is [scriptblock]) { return '<scriptblock>' }
    if ($v -is [System.Collections.IEnumerable]) { return , @($v | ForEach-Object { ConvertTo-StubValue $_ }) }
    if ($v.PSObject.Properties['StubName']) { return "<$($v.StubName)>" }
    if ($v.PSObject.Properties['Name']) { return "<$($v.Name)>" }
    return "$v"
}

# Appends one call to the log. $Bound: a dictionary (cmdlet stubs) or a list (executables).
function Write-StubCall([string]$Name, $Bound) {
    $entry = [ordered]@{
        run  = $global:StubCtx.Run
        node = $global:StubCtx.Node
        step = $global:StubCtx.Step
        pass = $global:StubCtx.Pass
        name = $Name
        args = (ConvertTo-StubValue $Bound)
    }
    [System.IO.File]::AppendAllText($global:StubLog, (ConvertTo-Json -InputObject $entry -Depth 8 -Compress) + "`n")
}

function Get-StubNode { return $global:StubNodes[$global:StubCtx.Node] }

# A growable list (a cast of an array literal may give a fixed-size one).
function New-StubList {
    $l = [System.Collections.ArrayList]::new()
    foreach ($x in $args) { [void]$l.Add($x) }
    return , $l
}

# ---- node and cluster state ---------------------------------------------------------------------
function New-StubNode {
    param([string]$Name, [string]$Root, [string]$Ip, [object[]]$Disks, [string]$Domain, [bool]$ClpInstalled, [string]$ClpBin)
    $list = [System.Collections.ArrayList]::new()
    [void]$list.Add(@{ Number = 0; Lun = -1; Size = [long]136365211648; IsBoot = $true; IsSystem = $true; IsOffline = $false; IsReadOnly = $false; PartitionStyle = 'GPT'; Location = 'Integrated : Adapter 0 : Port 0 : Target 0 : LUN 0'; Partitions = (New-StubList @{ PartitionNumber = 1; DriveLetter = 'C' }) })
    # No temporary disk: the seeds' sizes (Dsv5) have none.
    $n = 1
    foreach ($d in $Disks) {
        [void]$list.Add(@{ Number = $n; Lun = [int]$d.lun; Size = [long]$d.sizeGb * 1073741824; IsBoot = $false; IsSystem = $false; IsOffline = $true; IsReadOnly = $true; PartitionStyle = 'RAW'; Location = "PCI Slot 0 : Adapter 1 : Port 0 : Target 0 : LUN $($d.lun)"; Partitions = [System.Collections.ArrayList]::new() })
        $n++
    }
    $global:StubNodes[$Name] = @{
        Name          = $Name
        Root          = $Root
        Ip            = $Ip
        Features      = @{}
        Registry      = @{}
        Firewall      = [ordered]@{}
        Excluded      = [System.Collections.ArrayList]::new()
        BootTime      = [datetime]::new(2026, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
        Domain        = $Domain
        Disks         = $list
        Tasks         = @{}
        AclProtected  = @{}
        Adapters      = (New-StubList @{ Name = 'Ethernet'; InterfaceDescription = 'Microsoft Hyper-V Network Adapter'; InterfaceIndex = 6; Gateway = $true })
        PendingReboot = ''
        ClpBin        = $ClpBin
        ClpInstalled  = $ClpInstalled
        Licenses      = 0
        ClpStarted    = $false
    }
}

# A reboot: pending feature installs complete, the boot time moves, the product is installed.
function Invoke-StubReboot([string]$Node) {
    $n = $global:StubNodes[$Node]
    foreach ($f in @($n.Features.Keys)) { if ($n.Features[$f] -eq 'InstallPending') { $n.Features[$f] = 'Installed' } }
    $n.BootTime = $n.BootTime.AddHours(1)
    $n.PendingReboot = ''
}

function New-StubClusterState {
    param([string]$SubnetAddress, [string]$SubnetMask)
    $global:StubCluster = @{
        Exists    = $false
        Name      = ''
        Nodes     = [System.Collections.ArrayList]::new()
        Props     = [ordered]@{ SameSubnetDelay = [uint32]1000; SameSubnetThreshold = [uint32]10; CrossSubnetDelay = [uint32]1000; CrossSubnetThreshold = [uint32]20 }
        Resources = [ordered]@{}
        Groups    = [ordered]@{}
        Quorum    = ''
        Networks  = @(@{ Name = 'Cluster Network 1'; Address = $SubnetAddress; AddressMask = $SubnetMask })
        Records   = @{}
        NextDisk  = 1
    }
}

# ---- executables (PATH holds none: an unstubbed executable is CommandNotFound) -----------------
function Set-StubExit([int]$Code) { $global:LASTEXITCODE = $Code }

function global:netsh.exe {
    Write-StubCall 'netsh.exe' @($args)
    $n = Get-StubNode
    $line = "$args"
    if ($line -match 'show excludedportrange') {
        'Protocol tcp Port Exclusion Ranges'
        ''
        'Start Port    End Port'
        '----------    --------'
        foreach ($r in $n.Excluded) { '{0,10}    {1,8}' -f $r[0], $r[1] }
        Set-StubExit 0
        return
    }
    if ($line -match 'add excludedportrange .*startport=(\d+) numberofports=(\d+)') {
        $s = [int]$Matches[1]
        [void]$n.Excluded.Add(@($s, ($s + [int]$Matches[2] - 1)))
        Set-StubExit 0
        return
    }
    Set-StubExit 1
}
function global:shutdown.exe {
    Write-StubCall 'shutdown.exe' @($args)
    if ("$args" -match '/r') { (Get-StubNode).PendingReboot = $global:StubCtx.Step }
    Set-StubExit 0
}
function global:icacls.exe {
    Write-StubCall 'icacls.exe' @($args)
    if ("$args" -match '/inheritance:r') { (Get-StubNode).AclProtected["$($args[0])"] = $true }
    Set-StubExit 0
}
function global:powershell.exe { Write-StubCall 'powershell.exe' @($args); Set-StubExit 0 }
function global:cmd.exe {
    Write-StubCall 'cmd.exe' @($args)
    # the media's silent-install.bat (CLUSTERPRO S7): installs the product
    if ("$args" -match 'silent-install\.bat') { Install-StubClusterpro (Get-StubNode) }
    Set-StubExit 0
}
function global:Restart-Computer { [CmdletBinding(SupportsShouldProcess = $true)] param([switch]$Force) Write-StubCall 'Restart-Computer' $PSBoundParameters; (Get-StubNode).PendingReboot = $global:StubCtx.Step }

$global:StubClpExes = @('clpcl.exe', 'clpcfset.exe', 'clpcfctrl.exe', 'clplcnsc.exe', 'clprsc.exe', 'clpstat.exe', 'clpgrp.exe')
function Install-StubClusterpro($n) {
    New-Item -ItemType Directory -Force -Path $n.ClpBin | Out-Null
    foreach ($e in $global:StubClpExes) { Microsoft.PowerShell.Management\Set-Content -LiteralPath (Join-Path $n.ClpBin $e) -Value 'stub' }
    $n.ClpInstalled = $true
}
# Functions named after the full paths the scripts build with Join-Path (set per run).
function Set-StubClpFunctions([string]$ClpBin) {
    foreach ($e in $global:StubClpExes) {
        $body = [scriptblock]::Create("Invoke-StubClp '$e' @args")
        foreach ($p in @((Join-Path $ClpBin $e), "$ClpBin\$e", "$ClpBin/$e") | Select-Object -Unique) {
            Set-Item -LiteralPath "function:global:$p" -Value $body
        }
    }
}
function Invoke-StubClp([string]$Exe) {
    $a = @($args)
    Write-StubCall $Exe $a
    $n = Get-StubNode
    switch ($Exe) {
        'clplcnsc.exe' { if ($a -contains '-i') { $n.Licenses++ } }
        'clpcl.exe' { if ($a -contains '-s') { $n.ClpStarted = $true } elseif ($a -contains '-t') { $n.ClpStarted = $false } }
    }
    Set-StubExit 0
}

# ---- features, services, CIM ----------------------------------------------------------------
function global:Get-WindowsFeature {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Name)
    Write-StubCall 'Get-WindowsFeature' $PSBoundParameters
    $n = Get-StubNode
    foreach ($f in $Name) {
        $state = if ($n.Features.ContainsKey($f)) { $n.Features[$f] } else { 'Available' }
        [pscustomobject]@{ Name = $f; InstallState = $state }
    }
}
function global:Install-WindowsFeature {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Name, [switch]$IncludeManagementTools, [switch]$Restart)
    Write-StubCall 'Install-WindowsFeature' $PSBoundParameters
    $n = Get-StubNode
    $needed = 'No'
    foreach ($f in $Name) {
        # Failover-Clustering asks for a restart (Microsoft Learn, "Install-WindowsFeature": RestartNeeded)
        if ($f -eq 'Failover-Clustering') { $n.Features[$f] = 'InstallPending'; $needed = 'Yes' } else { $n.Features[$f] = 'Installed' }
    }
    [pscustomobject]@{ Success = $true; RestartNeeded = $needed; ExitCode = 'Success'; FeatureResult = @() }
}
function global:Get-Service {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Name)
    Write-StubCall 'Get-Service' $PSBoundParameters
    $n = Get-StubNode
    foreach ($s in $Name) {
        if ($s -eq 'ClusSvc' -and $n.Features.ContainsKey('Failover-Clustering') -and $n.Features['Failover-Clustering'] -eq 'Installed') {
            [pscustomobject]@{ Name = 'ClusSvc'; Status = 'Running' }
        } else {
            Write-Error "Cannot find any service with service name '$s'."
        }
    }
}
function global:Get-CimInstance {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$ClassName, [string]$Filter)
    Write-StubCall 'Get-CimInstance' $PSBoundParameters
    $n = Get-StubNode
    switch ($ClassName) {
        'Win32_OperatingSystem' { [pscustomobject]@{ LastBootUpTime = $n.BootTime.ToLocalTime(); Caption = 'Microsoft Windows Server 2022 Datacenter' } }
        'Win32_ComputerSystem' {
            $joined = "$($n.Domain)" -ne ''
            [pscustomobject]@{ Name = $n.Name; PartOfDomain = $joined; Domain = $(if ($joined) { $n.Domain } else { 'WORKGROUP' }) }
        }
        'Win32_DiskDrive' { foreach ($d in $n.Disks) { if ($d.Lun -ge 0) { [pscustomobject]@{ Index = $d.Number; SCSILogicalUnit = $d.Lun; Size = $d.Size } } } }
        default { throw "stub Get-CimInstance: class $ClassName not modelled" }
    }
}
# [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties() (substituted)
function Get-StubIPGlobalProperties {
    $n = Get-StubNode
    $suffix = ''
    $key = 'hklm:\system\currentcontrolset\services\tcpip\parameters'
    if ($n.Registry.ContainsKey($key) -and $n.Registry[$key].Contains('NV Domain')) { $suffix = $n.Registry[$key]['NV Domain'] }
    if ("$($n.Domain)" -ne '') { $suffix = $n.Domain }
    [pscustomobject]@{ DomainName = $suffix; HostName = $n.Name }
}
# [Security.Principal.WindowsIdentity]::GetCurrent() (substituted)
function Get-StubWindowsIdentity { [pscustomobject]@{ Name = "$($global:StubCtx.Node)\runas" } }

# ---- registry (HKLM:) and pass-through to the file system -----------------------------------
function Test-StubRegPath([string]$p) { return $p -match '^(HKLM|HKEY_LOCAL_MACHINE|Registry::)' }
function Get-StubRegKey([string]$p) { return ($p -replace '^Registry::HKEY_LOCAL_MACHINE', 'HKLM:' -replace '^HKEY_LOCAL_MACHINE', 'HKLM:').TrimEnd('\').ToLowerInvariant() }
function Get-StubPaths($b) {
    if ($b.ContainsKey('LiteralPath')) { return @($b['LiteralPath']) }
    if ($b.ContainsKey('Path')) { return @($b['Path']) }
    return @()
}

function global:Test-Path {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [string]$PathType, [switch]$IsValid)
    $paths = @(Get-StubPaths $PSBoundParameters)
    if ($paths.Count -gt 0 -and (Test-StubRegPath $paths[0])) {
        Write-StubCall 'Test-Path' $PSBoundParameters
        $n = Get-StubNode
        foreach ($p in $paths) { $n.Registry.ContainsKey((Get-StubRegKey $p)) }
        return
    }
    if ($global:StubCtx.ContainsKey('RecordAll') -and $global:StubCtx.RecordAll) { Write-StubCall 'Test-Path' $PSBoundParameters }
    Microsoft.PowerShell.Management\Test-Path @PSBoundParameters
}
function global:New-Item {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string]$Name, [string]$ItemType, [object]$Value, [switch]$Force)
    $paths = @(Get-StubPaths $PSBoundParameters)
    if ($paths.Count -gt 0 -and (Test-StubRegPath $paths[0])) {
        Write-StubCall 'New-Item' $PSBoundParameters
        $n = Get-StubNode
        foreach ($p in $paths) {
            $k = Get-StubRegKey $p
            if (-not $n.Registry.ContainsKey($k)) { $n.Registry[$k] = [ordered]@{} }
            [pscustomobject]@{ Name = $p; PSPath = $p }
        }
        return
    }
    if ($global:StubCtx.ContainsKey('RecordAll') -and $global:StubCtx.RecordAll) { Write-StubCall 'New-Item' $PSBoundParameters }
    Microsoft.PowerShell.Management\New-Item @PSBoundParameters
}
function global:Remove-Item {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [switch]$Recurse, [switch]$Force)
    $paths = @(Get-StubPaths $PSBoundParameters)
    if ($paths.Count -gt 0 -and (Test-StubRegPath $paths[0])) {
        Write-StubCall 'Remove-Item' $PSBoundParameters
        foreach ($p in $paths) { (Get-StubNode).Registry.Remove((Get-StubRegKey $p)) }
        return
    }
    if ($global:StubCtx.ContainsKey('RecordAll') -and $global:StubCtx.RecordAll) { Write-StubCall 'Remove-Item' $PSBoundParameters }
    Microsoft.PowerShell.Management\Remove-Item @PSBoundParameters
}
function global:Get-ItemProperty {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string[]]$Name)
    $paths = @(Get-StubPaths $PSBoundParameters)
    if ($paths.Count -gt 0 -and (Test-StubRegPath $paths[0])) {
        Write-StubCall 'Get-ItemProperty' $PSBoundParameters
        $n = Get-StubNode
        foreach ($p in $paths) {
            $k = Get-StubRegKey $p
            if (-not $n.Registry.ContainsKey($k)) { Write-Error "Cannot find path '$p' because it does not exist."; continue }
            $o = [ordered]@{}
            foreach ($v in $n.Registry[$k].Keys) { if (-not $Name -or $Name -contains $v) { $o[$v] = $n.Registry[$k][$v] } }
            $o['PSPath'] = $p
            [pscustomobject]$o
        }
        return
    }
    if ($global:StubCtx.ContainsKey('RecordAll') -and $global:StubCtx.RecordAll) { Write-StubCall 'Get-ItemProperty' $PSBoundParameters }
    Microsoft.PowerShell.Management\Get-ItemProperty @PSBoundParameters
}
function Set-StubRegValue([string]$Verb, $Bound) {
    Write-StubCall $Verb $Bound
    $n = Get-StubNode
    foreach ($p in @(Get-StubPaths $Bound)) {
        $k = Get-StubRegKey $p
        if (-not $n.Registry.ContainsKey($k)) {
            if ($Verb -eq 'Set-ItemProperty') { Write-Error "Cannot find path '$p' because it does not exist."; continue }
            throw "stub ${Verb}: the key $p does not exist (New-Item it first)"
        }
        $n.Registry[$k][$Bound['Name']] = $Bound['Value']
    }
}
function global:New-ItemProperty {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string]$Name, [object]$Value, [string]$PropertyType, [switch]$Force)
    Set-StubRegValue 'New-ItemProperty' $PSBoundParameters
    [pscustomobject]@{ $Name = $Value }
}
function global:Set-ItemProperty {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string]$Name, [Parameter(Position = 2)][object]$Value, [string]$Type, [switch]$Force)
    $paths = @(Get-StubPaths $PSBoundParameters)
    if ($paths.Count -gt 0 -and (Test-StubRegPath $paths[0])) { Set-StubRegValue 'Set-ItemProperty' $PSBoundParameters; return }
    if ($global:StubCtx.ContainsKey('RecordAll') -and $global:StubCtx.RecordAll) { Write-StubCall 'Set-ItemProperty' $PSBoundParameters }
    Microsoft.PowerShell.Management\Set-ItemProperty @PSBoundParameters
}
function global:Remove-ItemProperty {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string[]]$Name, [switch]$Force)
    Write-StubCall 'Remove-ItemProperty' $PSBoundParameters
    $n = Get-StubNode
    foreach ($p in @(Get-StubPaths $PSBoundParameters)) { $k = Get-StubRegKey $p; if ($n.Registry.ContainsKey($k)) { foreach ($x in $Name) { $n.Registry[$k].Remove($x) } } }
}

# ---- Windows Firewall (NetSecurity) -----------------------------------------------------------
function ConvertTo-StubRule($r) {
    [pscustomobject]@{ StubName = $r.Name; Name = $r.Name; DisplayName = $r.DisplayName; Enabled = $r.Enabled; Direction = $r.Direction; Action = $r.Action }
}
function global:Get-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string[]]$Name, [string[]]$DisplayName, [string[]]$Group)
    Write-StubCall 'Get-NetFirewallRule' $PSBoundParameters
    $fw = (Get-StubNode).Firewall
    $found = @($fw.Values | Where-Object { (-not $Name -or $Name -contains $_.Name) -and (-not $DisplayName -or $DisplayName -contains $_.DisplayName) -and (-not $Group -or $Group -contains $_.Group) })
    if ($found.Count -eq 0) { Write-Error "No MSFT_NetFirewallRule objects found with property 'Name' equal to '$Name'."; return }
    foreach ($r in $found) { ConvertTo-StubRule $r }
}
function global:New-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Name, [string]$DisplayName, [string]$Group, [string]$Direction, [string]$Action, [string]$Profile,
        [string]$Protocol, [string[]]$LocalPort, [string[]]$RemoteAddress, [string[]]$IcmpType, [string]$Enabled = 'True', [string]$Program)
    Write-StubCall 'New-NetFirewallRule' $PSBoundParameters
    $fw = (Get-StubNode).Firewall
    if (-not $Name) { $Name = [guid]::NewGuid().ToString() }
    if ($fw.Contains($Name)) { throw "stub New-NetFirewallRule: a rule named $Name exists already (Windows would create a duplicate)" }
    $fw[$Name] = @{ Name = $Name; DisplayName = $DisplayName; Group = $Group; Direction = $Direction; Action = $Action; Protocol = $Protocol
        LocalPort = $(if ($LocalPort) { @($LocalPort) } else { @('Any') }); RemoteAddress = $(if ($RemoteAddress) { @($RemoteAddress) } else { @('Any') }); Enabled = $Enabled }
    ConvertTo-StubRule $fw[$Name]
}
function global:Set-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Name, [string]$Enabled, [string[]]$LocalPort, [string[]]$RemoteAddress, [string]$Protocol)
    Write-StubCall 'Set-NetFirewallRule' $PSBoundParameters
    $r = (Get-StubNode).Firewall[$Name]
    if ($null -eq $r) { throw "stub Set-NetFirewallRule: no rule $Name" }
    foreach ($k in @('Enabled', 'LocalPort', 'RemoteAddress', 'Protocol')) { if ($PSBoundParameters.ContainsKey($k)) { $r[$k] = $PSBoundParameters[$k] } }
}
function global:Get-NetFirewallPortFilter {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(ValueFromPipeline = $true)]$AssociatedNetFirewallRule)
    process { $r = (Get-StubNode).Firewall[$AssociatedNetFirewallRule.Name]; [pscustomobject]@{ Protocol = $r.Protocol; LocalPort = $r.LocalPort } }
}
function global:Get-NetFirewallAddressFilter {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(ValueFromPipeline = $true)]$AssociatedNetFirewallRule)
    process { $r = (Get-StubNode).Firewall[$AssociatedNetFirewallRule.Name]; [pscustomobject]@{ RemoteAddress = $r.RemoteAddress } }
}

# ---- disks (Storage module) -------------------------------------------------------------------
function ConvertTo-StubDisk($d) {
    [pscustomobject]@{ StubName = "disk $($d.Number)"; Number = $d.Number; Size = $d.Size; IsBoot = $d.IsBoot; IsSystem = $d.IsSystem; IsOffline = $d.IsOffline
        IsReadOnly = $d.IsReadOnly; PartitionStyle = $d.PartitionStyle; Location = $d.Location }
}
function Get-StubDisk([int]$Number) {
    $d = @((Get-StubNode).Disks | Where-Object { $_.Number -eq $Number })
    if ($d.Count -ne 1) { throw "stub: no disk $Number" }
    return $d[0]
}
function global:Get-Disk {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int[]]$Number)
    Write-StubCall 'Get-Disk' $PSBoundParameters
    foreach ($d in (Get-StubNode).Disks) { if (-not $PSBoundParameters.ContainsKey('Number') -or $Number -contains $d.Number) { ConvertTo-StubDisk $d } }
}
function global:Set-Disk {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$Number, [bool]$IsOffline, [bool]$IsReadOnly)
    Write-StubCall 'Set-Disk' $PSBoundParameters
    $d = Get-StubDisk $Number
    if ($PSBoundParameters.ContainsKey('IsOffline')) { $d.IsOffline = $IsOffline }
    if ($PSBoundParameters.ContainsKey('IsReadOnly')) { $d.IsReadOnly = $IsReadOnly }
}
function global:Initialize-Disk {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$Number, [string]$PartitionStyle = 'GPT')
    Write-StubCall 'Initialize-Disk' $PSBoundParameters
    $d = Get-StubDisk $Number
    if ($d.PartitionStyle -ne 'RAW') { throw "stub Initialize-Disk: disk $Number is initialised already" }
    $d.PartitionStyle = $PartitionStyle
}
function global:New-Partition {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$DiskNumber, [long]$Size, [switch]$UseMaximumSize, [string]$DriveLetter, [switch]$AssignDriveLetter)
    Write-StubCall 'New-Partition' $PSBoundParameters
    $d = Get-StubDisk $DiskNumber
    $p = @{ DiskNumber = $DiskNumber; PartitionNumber = $d.Partitions.Count + 1; DriveLetter = $(if ($DriveLetter) { $DriveLetter } else { [char]0 }) }
    [void]$d.Partitions.Add($p)
    [pscustomobject]@{ StubName = "partition $DiskNumber/$($p.PartitionNumber)"; DiskNumber = $DiskNumber; PartitionNumber = $p.PartitionNumber; DriveLetter = $p.DriveLetter }
}
function global:Get-Partition {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$DiskNumber)
    Write-StubCall 'Get-Partition' $PSBoundParameters
    foreach ($p in (Get-StubDisk $DiskNumber).Partitions) { [pscustomobject]@{ DiskNumber = $DiskNumber; PartitionNumber = $p['PartitionNumber']; DriveLetter = $p['DriveLetter'] } }
}
function global:Format-Volume {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(ValueFromPipeline = $true)]$Partition, [string]$FileSystem, [string]$NewFileSystemLabel, [switch]$Force)
    process { Write-StubCall 'Format-Volume' $PSBoundParameters; [pscustomobject]@{ FileSystem = $FileSystem; FileSystemLabel = $NewFileSystemLabel } }
}

# ---- networking (DSR loopback) ------------------------------------------------------------------
function global:Get-NetAdapter {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string[]]$Name, [switch]$IncludeHidden)
    Write-StubCall 'Get-NetAdapter' $PSBoundParameters
    foreach ($a in (Get-StubNode).Adapters) { if (-not $Name -or $Name -contains $a.Name) { [pscustomobject]@{ Name = $a.Name; InterfaceDescription = $a.InterfaceDescription; InterfaceIndex = $a.InterfaceIndex } } }
}
# [AzhaLoopback]::Create() (substituted): what devcon install netloop.inf *MSLOOP does
function Invoke-StubLoopbackCreate {
    Write-StubCall 'AzhaLoopback.Create' @()
    [void](Get-StubNode).Adapters.Add(@{ Name = 'Ethernet 2'; InterfaceDescription = 'Microsoft KM-TEST Loopback Adapter'; InterfaceIndex = 12; Gateway = $false })
}
function global:Rename-NetAdapter {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Name, [string]$NewName)
    Write-StubCall 'Rename-NetAdapter' $PSBoundParameters
    foreach ($a in (Get-StubNode).Adapters) { if ($a.Name -eq $Name) { $a.Name = $NewName } }
}
function global:Set-NetIPInterface {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$InterfaceAlias, [int]$InterfaceIndex, [string]$AddressFamily, [string]$WeakHostReceive, [string]$WeakHostSend, [string]$Dhcp, [string]$Forwarding)
    Write-StubCall 'Set-NetIPInterface' $PSBoundParameters
}
function global:Get-NetIPConfiguration {
    [CmdletBinding(SupportsShouldProcess = $true)] param()
    Write-StubCall 'Get-NetIPConfiguration' $PSBoundParameters
    foreach ($a in (Get-StubNode).Adapters) {
        [pscustomobject]@{ InterfaceAlias = $a.Name; InterfaceIndex = $a.InterfaceIndex; IPv4DefaultGateway = $(if ($a.Gateway) { [pscustomobject]@{ NextHop = '10.0.0.1' } } else { $null }) }
    }
}
function global:Get-NetIPAddress {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$InterfaceAlias, [string]$AddressFamily, [string]$IPAddress)
    Write-StubCall 'Get-NetIPAddress' $PSBoundParameters
}
function global:New-NetIPAddress {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$InterfaceAlias, [string]$IPAddress, [int]$PrefixLength, [string]$AddressFamily, [string]$SkipAsSource)
    Write-StubCall 'New-NetIPAddress' $PSBoundParameters
}

# ---- scheduled tasks, ACLs, processes, downloads -----------------------------------------------
function global:Get-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$TaskName, [string]$TaskPath)
    Write-StubCall 'Get-ScheduledTask' $PSBoundParameters
    $t = (Get-StubNode).Tasks
    if ($t.ContainsKey($TaskName)) { return [pscustomobject]@{ TaskName = $TaskName; State = 'Ready' } }
    Write-Error "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'."
}
function global:Register-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$TaskName, [string]$Xml, [switch]$Force, [string]$TaskPath, [string]$User)
    Write-StubCall 'Register-ScheduledTask' $PSBoundParameters
    [xml]$Xml | Out-Null   # the definition must be well-formed XML
    (Get-StubNode).Tasks[$TaskName] = $Xml
    [pscustomobject]@{ TaskName = $TaskName }
}
function global:Get-Acl {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Path, [string]$LiteralPath)
    $p = if ($LiteralPath) { $LiteralPath } else { $Path }
    Write-StubCall 'Get-Acl' $PSBoundParameters
    [pscustomobject]@{ Path = $p; AreAccessRulesProtected = (Get-StubNode).AclProtected.ContainsKey($p) }
}
function global:Start-Process {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$FilePath, [Parameter(Position = 1)][string[]]$ArgumentList, [switch]$Wait, [switch]$PassThru, [switch]$NoNewWindow)
    Write-StubCall 'Start-Process' $PSBoundParameters
    # msiexec /i <Azure CLI MSI>: the CLI appears at the path the scripts check (AzPath)
    if ($FilePath -match 'msiexec' -and $global:StubCtx.ContainsKey('AzPath') -and $global:StubCtx.AzPath) {
        $dir = Split-Path -Parent $global:StubCtx.AzPath
        Microsoft.PowerShell.Management\New-Item -ItemType Directory -Force -Path $dir | Out-Null
        Microsoft.PowerShell.Management\Set-Content -LiteralPath $global:StubCtx.AzPath -Value 'stub az'
    }
    if ($PassThru) { [pscustomobject]@{ ExitCode = 0; Id = 4242; HasExited = $true } }
}
function global:Start-Sleep {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][double]$Seconds, [int]$Milliseconds)
    $global:StubCtx.Sleeps++
    if ($global:StubCtx.Sleeps -gt 60) { throw 'stub Start-Sleep: 60 sleeps in one run: waiting for something that never happens' }
}
# TCP probes of the peers (System.Net.Sockets.TcpClient): never leave the machine.
function global:New-Object {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$TypeName, [Parameter(Position = 1)][object[]]$ArgumentList, [string]$ComObject, [hashtable]$Property)
    if ($TypeName -match '^(System\.)?Net\.Sockets\.TcpClient$') {
        $c = [pscustomobject]@{ StubName = 'TcpClient' }
        $c | Add-Member -MemberType ScriptMethod -Name BeginConnect -Value {
            Write-StubCall 'TcpClient.Connect' @("$($args[0])", "$($args[1])")
            $h = [pscustomobject]@{}
            $h | Add-Member -MemberType ScriptMethod -Name WaitOne -Value { $true }
            [pscustomobject]@{ AsyncWaitHandle = $h }
        }
        $c | Add-Member -MemberType ScriptMethod -Name EndConnect -Value { }
        $c | Add-Member -MemberType ScriptMethod -Name Connect -Value { Write-StubCall 'TcpClient.Connect' @("$($args[0])", "$($args[1])") }
        $c | Add-Member -MemberType ScriptMethod -Name Close -Value { }
        $c | Add-Member -MemberType ScriptMethod -Name Dispose -Value { }
        return $c
    }
    Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}
function global:Add-Type {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$TypeDefinition, [string]$AssemblyName, [string]$MemberDefinition, [string]$Name, [string]$Namespace)
    Write-StubCall 'Add-Type' @{ TypeDefinitionLength = "$TypeDefinition".Length; AssemblyName = $AssemblyName; Name = $Name }
}

# HTTP: IMDS token, Azure DNS record sets (ARM), downloads. Nothing leaves the machine.
function Invoke-StubHttp([string]$Verb, $Bound) {
    Write-StubCall $Verb $Bound
    $uri = "$($Bound['Uri'])"
    $method = if ($Bound.ContainsKey('Method')) { "$($Bound['Method'])" } else { 'Get' }
    if ($uri -match '^http://169\.254\.169\.254/metadata/identity/oauth2/token') {
        return [pscustomobject]@{ access_token = 'stub-token'; expires_in = '3600'; token_type = 'Bearer' }
    }
    if ($uri -match '^https://management\.azure\.com/.*/(dnsZones|privateDnsZones)/') {
        $key = ($uri -split '\?')[0].ToLowerInvariant()
        if ($method -eq 'Put') {
            $global:StubCluster.Records[$key] = "$($Bound['Body'])"
            return ($Bound['Body'] | ConvertFrom-Json)
        }
        if ($global:StubCluster.Records.ContainsKey($key)) { return ($global:StubCluster.Records[$key] | ConvertFrom-Json) }
        throw "stub ${Verb}: 404 Not Found $uri"
    }
    if ($Bound.ContainsKey('OutFile')) {
        $out = "$($Bound['OutFile'])"
        if ($uri -match 'clusterpro|STUB-INSTALLER') {
            # the CLUSTERPRO media: a zip with silent-install.bat (S7 Image_Builder)
            $tmp = Join-Path ([IO.Path]::GetTempPath()) ('stubmedia-' + [guid]::NewGuid().ToString('N'))
            Microsoft.PowerShell.Management\New-Item -ItemType Directory -Path (Join-Path $tmp 'Windows') -Force | Out-Null
            Microsoft.PowerShell.Management\Set-Content -LiteralPath (Join-Path $tmp 'Windows/silent-install.bat') -Value '@echo off'
            Compress-Archive -Path (Join-Path $tmp '*') -DestinationPath $out -Force
            Microsoft.PowerShell.Management\Remove-Item -LiteralPath $tmp -Recurse -Force
        } else {
            [IO.File]::WriteAllText($out, 'stub download')
        }
        return
    }
    throw "stub ${Verb}: no fake endpoint for $method $uri"
}
function global:Invoke-RestMethod {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Method, [string]$Uri, [hashtable]$Headers, [object]$Body, [string]$ContentType, [switch]$UseBasicParsing, [int]$TimeoutSec, [string]$OutFile)
    Invoke-StubHttp 'Invoke-RestMethod' $PSBoundParameters
}
function global:Invoke-WebRequest {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Method, [string]$Uri, [hashtable]$Headers, [object]$Body, [string]$ContentType, [switch]$UseBasicParsing, [int]$TimeoutSec, [string]$OutFile)
    Invoke-StubHttp 'Invoke-WebRequest' $PSBoundParameters
}

# ---- FailoverClusters -------------------------------------------------------------------------
function Assert-StubCluster { if (-not $global:StubCluster.Exists) { Write-Error 'The cluster service is not running or there is no cluster on this node.' -ErrorAction Stop } }

function ConvertTo-StubResource([string]$Key) {
    $r = $global:StubCluster.Resources[$Key]
    $o = [pscustomobject]@{ StubName = $Key; _Key = $Key; ResourceType = [pscustomobject]@{ Name = $r.Type }; OwnerGroup = $r.Group; State = $r.State }
    $o | Add-Member -MemberType ScriptProperty -Name Name -Value { $this._Key } -SecondValue {
        $new = "$($args[0])"
        Write-StubCall 'ClusterResource.Name' ([ordered]@{ Resource = $this._Key; Value = $new })
        $c = $global:StubCluster
        $r = $c.Resources[$this._Key]
        $c.Resources.Remove($this._Key)
        $c.Resources[$new] = $r
        if ($c.Quorum -eq $this._Key) { $c.Quorum = $new }
        $this._Key = $new
    }
    return $o
}
function ConvertTo-StubGroup([string]$Key) {
    $g = $global:StubCluster.Groups[$Key]
    # OwnerNode: a ClusterNode, which prints as its name
    $owner = [pscustomobject]@{ Name = $g.Owner }
    $owner | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Name } -Force
    [pscustomobject]@{ StubName = $Key; Name = $Key; State = $g.State; OwnerNode = $owner }
}
function Get-StubResourceKey($InputObject, [string]$Name) {
    if ($Name) { return $Name }
    if ($null -ne $InputObject) { return "$($InputObject._Key)" }
    return ''
}

function global:Get-Cluster {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Get-Cluster' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    $o = [pscustomobject]@{ StubName = $c.Name; Name = $c.Name }
    foreach ($p in @($c.Props.Keys)) {
        $o | Add-Member -MemberType ScriptProperty -Name $p -Value ([scriptblock]::Create("`$global:StubCluster.Props['$p']")) -SecondValue ([scriptblock]::Create(
                "Write-StubCall 'ClusterProperty' ([ordered]@{ Name = '$p'; Value = `$args[0] }); `$global:StubCluster.Props['$p'] = [uint32]`$args[0]"))
    }
    return $o
}
function global:New-Cluster {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Name, [string[]]$Node, [string[]]$StaticAddress, [switch]$NoStorage, [switch]$Force, [string]$AdministrativeAccessPoint, [string]$ManagementPointNetworkType, [string[]]$IgnoreNetwork)
    Write-StubCall 'New-Cluster' $PSBoundParameters
    $c = $global:StubCluster
    if ($c.Exists) { throw "stub New-Cluster: cluster $($c.Name) exists already" }
    $c.Exists = $true
    $c.Name = $Name
    foreach ($n in $Node) { [void]$c.Nodes.Add($n) }
    $c.Groups['Cluster Group'] = @{ State = 'Online'; Owner = $global:StubCtx.Node }
    [pscustomobject]@{ Name = $Name }
}
function global:Get-ClusterNode {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Get-ClusterNode' $PSBoundParameters
    Assert-StubCluster
    foreach ($n in $global:StubCluster.Nodes) { [pscustomobject]@{ Name = $n; State = 'Up' } }
}
function global:Add-ClusterNode {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Name, [switch]$NoStorage)
    Write-StubCall 'Add-ClusterNode' $PSBoundParameters
    Assert-StubCluster
    foreach ($n in $Name) { [void]$global:StubCluster.Nodes.Add($n) }
}
function global:Get-ClusterResource {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Get-ClusterResource' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    if ($Name) {
        if (-not $c.Resources.Contains($Name)) { Write-Error "The cluster resource '$Name' could not be found."; return }
        return (ConvertTo-StubResource $Name)
    }
    foreach ($k in @($c.Resources.Keys)) { ConvertTo-StubResource $k }
}
function global:Add-ClusterResource {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name, [string]$ResourceType, [string]$Group)
    Write-StubCall 'Add-ClusterResource' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    if ($c.Resources.Contains($Name)) { throw "stub Add-ClusterResource: $Name exists already" }
    $c.Resources[$Name] = @{ Type = $ResourceType; Group = $Group; State = 'Offline'; Params = [ordered]@{} }
    ConvertTo-StubResource $Name
}
function global:Stop-ClusterResource {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Stop-ClusterResource' $PSBoundParameters
    $global:StubCluster.Resources[$Name].State = 'Offline'
}
function global:Start-ClusterResource {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Start-ClusterResource' $PSBoundParameters
    $global:StubCluster.Resources[$Name].State = 'Online'
}
function global:Get-ClusterParameter {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(ValueFromPipeline = $true)]$InputObject, [Parameter(Position = 0)][string[]]$Name)
    process {
        Write-StubCall 'Get-ClusterParameter' $PSBoundParameters
        $r = $global:StubCluster.Resources[(Get-StubResourceKey $InputObject '')]
        foreach ($k in @($r.Params.Keys)) { if (-not $Name -or $Name -contains $k) { [pscustomobject]@{ Name = $k; Value = $r.Params[$k] } } }
    }
}
function global:Set-ClusterParameter {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(ValueFromPipeline = $true)]$InputObject, [Parameter(Position = 0)][string]$Name, [Parameter(Position = 1)]$Value, [hashtable]$Multiple)
    process {
        Write-StubCall 'Set-ClusterParameter' $PSBoundParameters
        $r = $global:StubCluster.Resources[(Get-StubResourceKey $InputObject '')]
        if ($Multiple) { foreach ($k in $Multiple.Keys) { $r.Params[$k] = $Multiple[$k] } }
        if ($Name) { $r.Params[$Name] = $Value }
    }
}
function global:Get-ClusterGroup {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Get-ClusterGroup' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    if ($Name) {
        if (-not $c.Groups.Contains($Name)) { Write-Error "The cluster group '$Name' could not be found."; return }
        return (ConvertTo-StubGroup $Name)
    }
    foreach ($k in @($c.Groups.Keys)) { ConvertTo-StubGroup $k }
}
function global:Add-ClusterGroup {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name, [string]$GroupType)
    Write-StubCall 'Add-ClusterGroup' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    if ($c.Groups.Contains($Name)) { throw "stub Add-ClusterGroup: $Name exists already" }
    $c.Groups[$Name] = @{ State = 'Offline'; Owner = $global:StubCtx.Node }
    ConvertTo-StubGroup $Name
}
function global:Start-ClusterGroup {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Start-ClusterGroup' $PSBoundParameters
    $c = $global:StubCluster
    $c.Groups[$Name].State = 'Online'
    foreach ($r in $c.Resources.Values) { if ($r.Group -eq $Name) { $r.State = 'Online' } }
}
function global:Get-ClusterNetwork {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Get-ClusterNetwork' $PSBoundParameters
    Assert-StubCluster
    foreach ($n in $global:StubCluster.Networks) { [pscustomobject]@{ Name = $n.Name; Address = $n.Address; AddressMask = $n.AddressMask; Role = 'ClusterAndClient' } }
}
function global:Get-ClusterQuorum {
    [CmdletBinding(SupportsShouldProcess = $true)] param()
    Write-StubCall 'Get-ClusterQuorum' $PSBoundParameters
    Assert-StubCluster
    $q = $global:StubCluster.Quorum
    [pscustomobject]@{ Cluster = $global:StubCluster.Name; QuorumResource = $(if ($q) { ConvertTo-StubResource $q } else { $null }); QuorumType = $(if ($q) { 'NodeAndFileShareMajority' } else { 'NodeMajority' }) }
}
function global:Set-ClusterQuorum {
    [CmdletBinding(SupportsShouldProcess = $true)] param([switch]$CloudWitness, [string]$AccountName, [string]$AccessKey, [string]$Endpoint, [string]$DiskWitness, [switch]$NodeMajority)
    Write-StubCall 'Set-ClusterQuorum' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    if ($CloudWitness) {
        $c.Resources['Cloud Witness'] = @{ Type = 'Cloud Witness'; Group = 'Cluster Group'; State = 'Online'; Params = [ordered]@{ AccountName = $AccountName } }
        $c.Quorum = 'Cloud Witness'
    } elseif ($DiskWitness) {
        if (-not $c.Resources.Contains($DiskWitness)) { throw "stub Set-ClusterQuorum: no disk resource $DiskWitness" }
        $c.Quorum = $DiskWitness
    }
    [pscustomobject]@{ Cluster = $c.Name }
}
function global:Get-ClusterAvailableDisk {
    [CmdletBinding(SupportsShouldProcess = $true)] param()
    Write-StubCall 'Get-ClusterAvailableDisk' $PSBoundParameters
    Assert-StubCluster
    $used = @($global:StubCluster.Resources.Values | Where-Object { $_.ContainsKey('Disk') } | ForEach-Object { $_.Disk })
    foreach ($d in (Get-StubNode).Disks) {
        if ($d.Lun -ge 0 -and $used -notcontains $d.Number -and $d.PartitionStyle -ne 'RAW') { [pscustomobject]@{ StubName = "available disk $($d.Number)"; Number = $d.Number; Size = $d.Size } }
    }
}
function global:Add-ClusterDisk {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(ValueFromPipeline = $true)]$InputObject)
    process {
        Write-StubCall 'Add-ClusterDisk' $PSBoundParameters
        $c = $global:StubCluster
        $name = "Cluster Disk $($c.NextDisk)"
        $c.NextDisk++
        $c.Resources[$name] = @{ Type = 'Physical Disk'; Group = 'Available Storage'; State = 'Online'; Params = [ordered]@{}; Disk = $InputObject.Number }
        ConvertTo-StubResource $name
    }
}
