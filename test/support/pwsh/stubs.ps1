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
    if ($v -is [string] -or $v -is [bool] -or $v -is [int] -or $v -is [long] -or $v -is [uint32] -or $v -is [double]) { return $v }
    if ($v -is [System.Management.Automation.SwitchParameter]) { return [bool]$v }
    if ($v -is [System.Collections.IDictionary]) {
        $h = [ordered]@{}
        foreach ($k in $v.Keys) { $h["$k"] = ConvertTo-StubValue $v[$k] }
        return $h
    }
    if ($v -is [scriptblock]) { return '<scriptblock>' }
    if ($v -is [string[]]) { return , $v }
    if ($v -is [System.Collections.IEnumerable]) {
        # (a foreach statement: a pipeline per element costs milliseconds, and the logs are long)
        $l = [System.Collections.Generic.List[object]]::new()
        foreach ($x in $v) { if ($x -is [string]) { $l.Add($x) } else { $l.Add((ConvertTo-StubValue $x)) } }
        return , $l.ToArray()
    }
    if ($v.PSObject.Properties['StubName']) { return "<$($v.StubName)>" }
    if ($v.PSObject.Properties['Name']) { return "<$($v.Name)>" }
    return "$v"
}

# Records one call. $Bound: a dictionary (cmdlet stubs) or a list (executables).
function Write-StubCall([string]$Name, $Bound) {
    $entry = [ordered]@{
        run  = $global:StubCtx.Run
        node = $global:StubCtx.Node
        step = $global:StubCtx.Step
        pass = $global:StubCtx.Pass
        name = $Name
        args = (ConvertTo-StubValue $Bound)
    }
    [void]$global:StubLogBuffer.Append((ConvertTo-Json -InputObject $entry -Depth 8 -Compress)).Append("`n")
}
# The calls are kept in memory and appended to $global:StubLog after each run (driver.ps1).
$global:StubLogBuffer = [System.Text.StringBuilder]::new()
function Save-StubLog {
    if ($global:StubLogBuffer.Length -eq 0) { return }
    [System.IO.File]::AppendAllText($global:StubLog, $global:StubLogBuffer.ToString())
    [void]$global:StubLogBuffer.Clear()
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
    param([string]$Name, [string]$Root, [string]$Ip, [object[]]$Disks, [string]$Domain, [bool]$ClpInstalled, [string]$ClpBin, [string]$InterconnectIp = '')
    $list = [System.Collections.ArrayList]::new()
    [void]$list.Add(@{ Number = 0; Lun = -1; Size = [long]136365211648; IsBoot = $true; IsSystem = $true; IsOffline = $false; IsReadOnly = $false; PartitionStyle = 'GPT'; Location = 'Integrated : Adapter 0 : Port 0 : Target 0 : LUN 0'; Partitions = (New-StubList @{ DiskNumber = 0; PartitionNumber = 1; DriveLetter = 'C'; Guid = '00000000-0000-0000-0000-00000000000c' }) })
    # No temporary disk: the seeds' sizes (Dsv5) have none.
    $n = 1
    foreach ($d in $Disks) {
        [void]$list.Add(@{ Number = $n; Lun = [int]$d.lun; Size = [long]$d.sizeGb * 1073741824; IsBoot = $false; IsSystem = $false; IsOffline = $true; IsReadOnly = $true; PartitionStyle = 'RAW'; Location = "PCI Slot 0 : Adapter 1 : Port 0 : Target 0 : LUN $($d.lun)"; Partitions = [System.Collections.ArrayList]::new() })
        $n++
    }
    $node = @{
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
        EventSources  = @{}
        AclProtected  = @{}
        Adapters      = (New-StubList @{ Name = 'Ethernet'; InterfaceDescription = 'Microsoft Hyper-V Network Adapter'; InterfaceIndex = 6; Gateway = $true; Ip = $Ip; RegisterDns = $true })
        PendingReboot = ''
        # the machine PATH (HKLM Environment\Path): the CLUSTERPRO installer adds its bin directory
        MachinePath   = 'C:\Windows\system32;C:\Windows;C:\Windows\System32\WindowsPowerShell\v1.0\'
        LocalAdmins   = (New-StubList 'S-1-5-21-1000-1000-1000-500')
        ClpBin        = $ClpBin
        ClpInstalled  = $ClpInstalled
        Licenses      = 0
        # an image with CLUSTERPRO preinstalled holds its licenses (license.ps1 without Licenses)
        ImageLicensed = $ClpInstalled
    }
    # the interconnect (seed 000's cluster LAN): a second NIC, registering in DNS by default
    if ($InterconnectIp) { [void]$node.Adapters.Add(@{ Name = 'Ethernet 2'; InterfaceDescription = 'Microsoft Hyper-V Network Adapter #2'; InterfaceIndex = 7; Gateway = $false; Ip = $InterconnectIp; RegisterDns = $true }) }
    $global:StubNodes[$Name] = $node
}

# A reboot: pending feature installs complete, the boot time moves (Win32_OperatingSystem
# .LastBootUpTime, the boot id of lifecycle/common.ps1), a CLUSTERPRO group the node ran fails over
# to a peer (heartbeat), scheduled tasks stop (a boot-triggered task starts again: Ready -> Running).
function Invoke-StubReboot([string]$Node) {
    $n = $global:StubNodes[$Node]
    foreach ($f in @($n.Features.Keys)) { if ($n.Features[$f] -eq 'InstallPending') { $n.Features[$f] = 'Installed' } }
    $n.BootTime = $n.BootTime.AddHours(1)
    $n.PendingReboot = ''
    # boot-triggered tasks run again after the boot (BootTrigger): their state stays Running
    foreach ($t in @($n.Tasks.Values)) { if ("$($t.Xml)" -notmatch '<BootTrigger>') { $t.State = 'Ready' } }
    $c = $global:StubCluster
    if ($c.ClpRunning -and $c.ClpOwner -eq $Node) {
        $peer = @($global:StubNodes.Keys | Where-Object { $_ -ne $Node } | Sort-Object | Select-Object -First 1)
        if ($peer.Count -eq 1) { $c.ClpOwner = $peer[0] }
    }
}

# An event of the node world (the harness returns them in order).
function Add-StubEvent([string]$Text) {
    $p = if ($global:StubCtx.ContainsKey('Prefix')) { $global:StubCtx.Prefix } else { '' }
    [void]$global:StubEvents.Add("$p$Text")
}

function New-StubClusterState {
    param([string]$SubnetAddress, [string]$SubnetMask, [string]$InterconnectAddress = '', [string]$InterconnectMask = '')
    $global:StubCluster = @{
        Exists    = $false
        Name      = ''
        Nodes     = [System.Collections.ArrayList]::new()
        Props     = [ordered]@{ SameSubnetDelay = [uint32]1000; SameSubnetThreshold = [uint32]10; CrossSubnetDelay = [uint32]1000; CrossSubnetThreshold = [uint32]20 }
        Resources = [ordered]@{}
        Groups    = [ordered]@{}
        Quorum    = ''
        # Role: 3 = cluster and client (the default of a network with a gateway), 1 = cluster only
        Networks  = (New-StubList @{ Name = 'Cluster Network 1'; Address = $SubnetAddress; AddressMask = $SubnetMask; Role = [uint32]3 })
        Records   = @{}
        NextDisk  = 1
        NodeState = @{}
        # CLUSTERPRO: the configuration last pushed (clp.conf and scripts: relative path -> text),
        # whether the cluster runs and which server runs the failover group.
        ClpPushed  = $null
        ClpRunning = $false
        ClpOwner   = ''
    }
    if ($InterconnectAddress) { [void]$global:StubCluster.Networks.Add(@{ Name = 'Cluster Network 2'; Address = $InterconnectAddress; AddressMask = $InterconnectMask; Role = [uint32]3 }) }
}

# ---- executables (PATH holds none: an unstubbed executable is CommandNotFound) -----------------
# The argument list a native executable receives: an array argument becomes one argument per
# element (about_Parsing, passing arguments to native commands); every argument is text.
function ConvertTo-StubNativeArgs($List) {
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($x in $List) { foreach ($y in @($x)) { $out.Add("$y") } }
    return , $out.ToArray()
}
function Set-StubExit([int]$Code) { $global:LASTEXITCODE = $Code }

function global:netsh.exe {
    Write-StubCall 'netsh.exe' (ConvertTo-StubNativeArgs $args)
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
    $a = ConvertTo-StubNativeArgs $args
    Write-StubCall 'shutdown.exe' $a
    if ($a -contains '/r') {
        if (Test-StubSim) {
            # shutdown /r /t <s>: the restart comes <s> later (default 30), then the shutdown takes
            # its time; a second shutdown while one is scheduled fails with errorlevel 1190, "A
            # system shutdown has already been scheduled" (ss64.com/nt/shutdown.html; Win32
            # ERROR_SHUTDOWN_IS_SCHEDULED)
            $i = [Array]::IndexOf($a, '/t')
            $delay = if ($i -ge 0) { [double]$a[$i + 1] } else { 30.0 }
            $ctx = $global:StubCtx
            if ($ctx.LandAt -ge 0) { Set-StubExit 1190; return }
            [void]$ctx.Scheduled.Add([ordered]@{ at = $ctx.Clock; delay = $delay })
            $ctx.LandAt = $ctx.Clock + $delay + $ctx.ShutdownSec
        } else {
            (Get-StubNode).PendingReboot = $global:StubCtx.Step
            Add-StubEvent "reboot-scheduled $($global:StubCtx.Node) $($global:StubCtx.Step)"
        }
    }
    Set-StubExit 0
}
# Simulated time (driver -Serve): is this run on the rehearsal's clock?
function Test-StubSim { return ($global:StubCtx.ContainsKey('Sim') -and $global:StubCtx.Sim) }
# The reboot has landed on this node while the step runs: the step dies here (never reports).
function Test-StubKilled {
    $ctx = $global:StubCtx
    if ($ctx.LandAt -ge 0 -and $ctx.Clock -ge $ctx.LandAt) { break StubKilled }
}
function global:icacls.exe {
    Write-StubCall 'icacls.exe' (ConvertTo-StubNativeArgs $args)
    if ("$args" -match '/inheritance:r') { (Get-StubNode).AclProtected["$($args[0])"] = $true }
    Set-StubExit 0
}
function global:powershell.exe { Write-StubCall 'powershell.exe' (ConvertTo-StubNativeArgs $args); Set-StubExit 0 }
function global:cmd.exe {
    Write-StubCall 'cmd.exe' (ConvertTo-StubNativeArgs $args)
    # the media's silent-install.bat (CLUSTERPRO S7): installs the product
    if ("$args" -match 'silent-install\.bat') { Install-StubClusterpro (Get-StubNode) }
    Set-StubExit 0
}
function global:Restart-Computer {
    [CmdletBinding(SupportsShouldProcess = $true)] param([switch]$Force)
    Write-StubCall 'Restart-Computer' $PSBoundParameters
    if (Test-StubSim) {
        # restarts at once: the step that asked dies with it
        $ctx = $global:StubCtx
        [void]$ctx.Scheduled.Add([ordered]@{ at = $ctx.Clock; delay = 0 })
        $ctx.LandAt = $ctx.Clock + $ctx.ShutdownSec
        Test-StubKilled
        return
    }
    (Get-StubNode).PendingReboot = $global:StubCtx.Step
    Add-StubEvent "reboot-scheduled $($global:StubCtx.Node) $($global:StubCtx.Step)"
}

$global:StubClpExes = @('clpcl.exe', 'clpcfset.exe', 'clpcfctrl.exe', 'clplcnsc.exe', 'clprsc.exe', 'clpstat.exe', 'clpgrp.exe')
function Install-StubClusterpro($n) {
    New-Item -ItemType Directory -Force -Path $n.ClpBin | Out-Null
    foreach ($e in $global:StubClpExes) { Microsoft.PowerShell.Management\Set-Content -LiteralPath (Join-Path $n.ClpBin $e) -Value 'stub' }
    $n.ClpInstalled = $true
    # the installer puts its bin directory on the machine PATH (NEC's samples call the tools by bare name)
    if (-not (@($n.MachinePath -split ';') -contains $n.ClpBin)) { $n.MachinePath = $n.MachinePath.TrimEnd(';') + ';' + $n.ClpBin }
}
# [Environment]::GetEnvironmentVariable('Path', 'Machine') (substituted)
function Get-StubMachinePath { (Get-StubNode).MachinePath }
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
    $a = ConvertTo-StubNativeArgs $args
    Write-StubCall $Exe $a
    $n = Get-StubNode
    $c = $global:StubCluster
    $code = 0
    switch ($Exe) {
        'clplcnsc.exe' {
            if ($a -contains '-i') { $n.Licenses++ }
            elseif ($a -contains '-l') { if ($n.Licenses -eq 0 -and -not $n.ImageLicensed) { $code = 1 } }
        }
        'clpcl.exe' {
            if ($a -contains '-s') {
                if ($null -eq $c.ClpPushed) { [Console]::Error.WriteLine('clpcl: no configuration'); $code = 1 }
                else { $c.ClpRunning = $true; if (-not $c.ClpOwner) { $c.ClpOwner = $global:StubCtx.Node } }
            } elseif ($a -contains '-t') { $c.ClpRunning = $false }
        }
        'clpstat.exe' {
            # answers only while the cluster runs (the scripts' assumption, UNCONFIRMED exit codes)
            if (-not $c.ClpRunning) { $code = 1 }
            else { ' <group>'; '    failover1 .........: Online'; "      current          : $($c.ClpOwner)" }
        }
        'clpgrp.exe' {
            if ($a[0] -eq '-m' -and $c.ClpRunning) {
                $peer = @($c.Nodes + @($global:StubNodes.Keys) | Where-Object { $_ -ne $c.ClpOwner } | Sort-Object -Unique | Select-Object -First 1)
                if ($peer.Count -eq 1) { $c.ClpOwner = $peer[0] }
            }
        }
        'clpcfset.exe' { $code = Invoke-StubClpCfset $a }
        'clpcfctrl.exe' { $code = Invoke-StubClpCfctrl $a }
    }
    Set-StubExit $code
}

# clpcfset edits ./clp.conf (the PowerShell location). A small model of the product's XML: every
# "add" becomes elements under /root, a path segment "x@y" an element x with name="y" (the paths the
# md-guid and push steps read back: /root/resource/md[@name]/server[@name]/parameters/volumeguid).
function Get-StubXmlPath($Xml, $Parent, [string]$Path) {
    $e = $Parent
    foreach ($seg in ($Path -split '/' | Where-Object { $_ })) {
        $tag, $name = $seg.Split('@', 2)
        $q = if ($null -ne $name) { "$tag[@name='$name']" } else { $tag }
        $next = $e.SelectSingleNode($q)
        if ($null -eq $next) {
            $next = $Xml.CreateElement($tag)
            if ($null -ne $name) { $next.SetAttribute('name', $name) }
            [void]$e.AppendChild($next)
        }
        $e = $next
    }
    return $e
}
function Invoke-StubClpCfset([string[]]$a) {
    $file = Join-Path (Get-Location).ProviderPath 'clp.conf'
    $x = New-Object System.Xml.XmlDocument
    if ($a[0] -eq 'create') {
        $x.LoadXml("<root><all><clustername/><encode/></all></root>")
        $x.SelectSingleNode('/root/all/clustername').InnerText = $a[1]
        $x.SelectSingleNode('/root/all/encode').InnerText = $a[2]
        $x.Save($file)
        return 0
    }
    if (-not (Microsoft.PowerShell.Management\Test-Path -LiteralPath $file)) { [Console]::Error.WriteLine('clpcfset: no clp.conf'); return 1 }
    $x.Load($file)
    $root = $x.DocumentElement
    switch ("$($a[0]) $($a[1])") {
        'add clsparam' { (Get-StubXmlPath $x $root "cluster/$($a[2])").InnerText = $a[3] }
        'add srv' { (Get-StubXmlPath $x $root "server@$($a[2])/priority").InnerText = $a[3] }
        'add grp' { [void](Get-StubXmlPath $x $root "group@$($a[3])/type") }
        'add rsc' { (Get-StubXmlPath $x $root "resource/$($a[3])@$($a[4])/group").InnerText = $a[2] }
        'add rscparam' { (Get-StubXmlPath $x $root "resource/$($a[2])@$($a[3])/$($a[4])").InnerText = $a[5] }
        'add mon' { [void](Get-StubXmlPath $x $root "monitor/$($a[2])@$($a[3])") }
        'add monparam' { (Get-StubXmlPath $x $root "monitor/$($a[2])@$($a[3])/$($a[4])").InnerText = $a[5] }
        default {
            $e = $x.CreateElement('cmd')
            $e.InnerText = $a -join ' '
            [void](Get-StubXmlPath $x $root 'other').AppendChild($e)
        }
    }
    $x.Save($file)
    return 0
}
# clpcfctrl --push -x <dir> distributes <dir> (clp.conf and scripts) to the cluster; --pull -x <dir>
# writes the configuration last pushed into <dir> (fails when none was pushed). A push to a running
# cluster fails (the steps stop it first).
function Invoke-StubClpCfctrl([string[]]$a) {
    $i = [Array]::IndexOf($a, '-x')
    $dir = if ($i -ge 0 -and $i + 1 -lt $a.Count) { $a[$i + 1] } else { '.' }
    $dir = (Resolve-Path -LiteralPath $dir).ProviderPath
    $c = $global:StubCluster
    if ($a -contains '--push') {
        if ($c.ClpRunning) { [Console]::Error.WriteLine('clpcfctrl: the cluster is running'); return 1 }
        if (-not (Microsoft.PowerShell.Management\Test-Path -LiteralPath (Join-Path $dir 'clp.conf'))) { return 1 }
        $files = @{}
        foreach ($f in (Get-ChildItem -LiteralPath $dir -Recurse -File)) { $files[[IO.Path]::GetRelativePath($dir, $f.FullName)] = [IO.File]::ReadAllBytes($f.FullName) }
        $c.ClpPushed = $files
        Add-StubEvent "clp-pushed $($global:StubCtx.Node) $($global:StubCtx.Step)"
        return 0
    }
    if ($a -contains '--pull') {
        if ($null -eq $c.ClpPushed) { [Console]::Error.WriteLine('clpcfctrl: no configuration'); return 1 }
        foreach ($k in $c.ClpPushed.Keys) {
            $to = Join-Path $dir $k
            [void][IO.Directory]::CreateDirectory((Split-Path -Parent $to))
            [IO.File]::WriteAllBytes($to, $c.ClpPushed[$k])
        }
        return 0
    }
    return 1
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
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [Alias('PSPath', 'LP')][string[]]$LiteralPath, [Alias('Type')][string]$PathType, [switch]$IsValid)
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
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string[]]$Path, [string]$Name, [Alias('Type')][string]$ItemType, [object]$Value, [switch]$Force)
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
    [pscustomobject]@{ StubName = $r.Name; Name = $r.Name; DisplayName = $r.DisplayName; Description = $r.Description; Enabled = $r.Enabled; Direction = $r.Direction; Action = $r.Action }
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
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Name, [string]$DisplayName, [string]$Description, [string]$Group, [string]$Direction, [string]$Action, [string]$Profile,
        [string]$Protocol, [string[]]$LocalPort, [string[]]$RemoteAddress, [string[]]$IcmpType, [string]$Enabled = 'True', [string]$Program)
    Write-StubCall 'New-NetFirewallRule' $PSBoundParameters
    $fw = (Get-StubNode).Firewall
    if (-not $Name) { $Name = [guid]::NewGuid().ToString() }
    if ($fw.Contains($Name)) { throw "stub New-NetFirewallRule: a rule named $Name exists already (Windows would create a duplicate)" }
    $fw[$Name] = @{ Name = $Name; DisplayName = $DisplayName; Description = $Description; Group = $Group; Direction = $Direction; Action = $Action; Protocol = $Protocol
        LocalPort = $(if ($LocalPort) { @($LocalPort) } else { @('Any') }); RemoteAddress = $(if ($RemoteAddress) { @($RemoteAddress) } else { @('Any') }); Enabled = $Enabled }
    ConvertTo-StubRule $fw[$Name]
}
function global:Remove-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string[]]$Name)
    Write-StubCall 'Remove-NetFirewallRule' $PSBoundParameters
    foreach ($x in $Name) { (Get-StubNode).Firewall.Remove($x) }
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
# A volume GUID per node, disk and partition (stable: the same machine reads the same GUID).
function Get-StubVolumeGuid([int]$Disk, [int]$Partition) {
    $md5 = [Security.Cryptography.MD5]::Create()
    $b = $md5.ComputeHash([Text.Encoding]::UTF8.GetBytes("$($global:StubCtx.Node)/$Disk/$Partition"))
    ([guid]::new($b)).ToString()
}
function ConvertTo-StubPartition($p) {
    # AccessPaths as MSFT_Partition has them: the drive letter, then \\?\Volume{GUID}\
    $paths = @()
    if ($p['DriveLetter'] -and [int][char]$p['DriveLetter'] -ne 0) { $paths += "$($p['DriveLetter']):\" }
    $paths += "\\?\Volume{$($p['Guid'])}\"
    [pscustomobject]@{ StubName = "partition $($p['DiskNumber'])/$($p['PartitionNumber'])"; DiskNumber = $p['DiskNumber']; PartitionNumber = $p['PartitionNumber']; DriveLetter = $p['DriveLetter']; AccessPaths = $paths }
}
function global:New-Partition {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$DiskNumber, [long]$Size, [switch]$UseMaximumSize, [string]$DriveLetter, [switch]$AssignDriveLetter)
    Write-StubCall 'New-Partition' $PSBoundParameters
    $d = Get-StubDisk $DiskNumber
    $num = $d.Partitions.Count + 1
    $p = @{ DiskNumber = $DiskNumber; PartitionNumber = $num; DriveLetter = $(if ($DriveLetter) { $DriveLetter } else { [char]0 }); Guid = (Get-StubVolumeGuid $DiskNumber $num) }
    [void]$d.Partitions.Add($p)
    ConvertTo-StubPartition $p
}
function global:Get-Partition {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$DiskNumber, [string]$DriveLetter)
    Write-StubCall 'Get-Partition' $PSBoundParameters
    if ($PSBoundParameters.ContainsKey('DriveLetter')) {
        foreach ($d in (Get-StubNode).Disks) { foreach ($p in $d.Partitions) { if ("$($p['DriveLetter'])" -eq $DriveLetter) { return (ConvertTo-StubPartition $p) } } }
        Write-Error "No MSFT_Partition objects found with property 'DriveLetter' equal to '$DriveLetter'."
        return
    }
    foreach ($p in (Get-StubDisk $DiskNumber).Partitions) { ConvertTo-StubPartition $p }
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
    foreach ($a in (Get-StubNode).Adapters) {
        if (-not $a.ContainsKey('Ip') -or -not $a.Ip) { continue }
        if ($InterfaceAlias -and $a.Name -ne $InterfaceAlias) { continue }
        [pscustomobject]@{ IPAddress = $a.Ip; InterfaceAlias = $a.Name; InterfaceIndex = $a.InterfaceIndex; AddressFamily = 'IPv4'; PrefixLength = 24 }
    }
}
function global:Get-DnsClient {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$InterfaceIndex, [string]$InterfaceAlias)
    Write-StubCall 'Get-DnsClient' $PSBoundParameters
    foreach ($a in (Get-StubNode).Adapters) { if ($a.InterfaceIndex -eq $InterfaceIndex) { return [pscustomobject]@{ InterfaceIndex = $a.InterfaceIndex; InterfaceAlias = $a.Name; RegisterThisConnectionsAddress = [bool]$a.RegisterDns } } }
    Write-Error "No MSFT_DNSClient objects found with property 'InterfaceIndex' equal to '$InterfaceIndex'."
}
function global:Set-DnsClient {
    [CmdletBinding(SupportsShouldProcess = $true)] param([int]$InterfaceIndex, [string]$InterfaceAlias, [bool]$RegisterThisConnectionsAddress)
    Write-StubCall 'Set-DnsClient' $PSBoundParameters
    foreach ($a in (Get-StubNode).Adapters) { if ($a.InterfaceIndex -eq $InterfaceIndex) { $a.RegisterDns = $RegisterThisConnectionsAddress } }
}
function global:New-NetIPAddress {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$InterfaceAlias, [string]$IPAddress, [int]$PrefixLength, [string]$AddressFamily, [string]$SkipAsSource)
    Write-StubCall 'New-NetIPAddress' $PSBoundParameters
}

# ---- scheduled tasks, ACLs, processes, downloads -----------------------------------------------
# ScheduledTasks: a task is { Xml, State }; Register keeps a running task running (as Windows
# does for -Force on an existing task), Start makes it Running, Stop Ready; a reboot stops it.
function global:Get-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$TaskName, [string]$TaskPath)
    Write-StubCall 'Get-ScheduledTask' $PSBoundParameters
    $t = (Get-StubNode).Tasks
    if ($t.ContainsKey($TaskName)) { return [pscustomobject]@{ StubName = $TaskName; TaskName = $TaskName; State = $t[$TaskName].State } }
    Write-Error "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'."
}
function global:Register-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$TaskName, [string]$Xml, [switch]$Force, [string]$TaskPath, [string]$User)
    Write-StubCall 'Register-ScheduledTask' $PSBoundParameters
    $doc = [xml]$Xml   # the definition must be well-formed XML
    if ($null -eq $doc.Task) { throw "stub Register-ScheduledTask: no <Task> element" }
    $t = (Get-StubNode).Tasks
    if ($t.ContainsKey($TaskName) -and -not $Force) { throw "stub Register-ScheduledTask: $TaskName exists (no -Force)" }
    $state = if ($t.ContainsKey($TaskName)) { $t[$TaskName].State } else { 'Ready' }
    $t[$TaskName] = @{ Xml = $Xml; State = $state }
    [pscustomobject]@{ TaskName = $TaskName }
}
function global:Start-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$TaskName, [string]$TaskPath)
    Write-StubCall 'Start-ScheduledTask' $PSBoundParameters
    $t = (Get-StubNode).Tasks
    if (-not $t.ContainsKey($TaskName)) { throw "stub Start-ScheduledTask: no task $TaskName" }
    $t[$TaskName].State = 'Running'
}
function global:Stop-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$TaskName, [string]$TaskPath)
    Write-StubCall 'Stop-ScheduledTask' $PSBoundParameters
    $t = (Get-StubNode).Tasks
    if (-not $t.ContainsKey($TaskName)) { Write-Error "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'."; return }
    $t[$TaskName].State = 'Ready'
}
function global:Unregister-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')] param([string]$TaskName, [string]$TaskPath)
    Write-StubCall 'Unregister-ScheduledTask' $PSBoundParameters
    (Get-StubNode).Tasks.Remove($TaskName)
}
# New-EventLog refuses a source that exists (it calls EventLog.CreateEventSource: "a new source
# name cannot match an existing source name", .NET EventSourceCreationData.Source docs).
function global:New-EventLog {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$LogName, [string[]]$Source)
    Write-StubCall 'New-EventLog' $PSBoundParameters
    $n = Get-StubNode
    foreach ($x in $Source) {
        if ($n.EventSources.ContainsKey($x)) { Write-Error "The ""$x"" source is already registered on the ""localhost"" computer."; return }
        $n.EventSources[$x] = $LogName
    }
}
# ACLs: an object with the members the scripts use (FileSystemSecurity: AreAccessRulesProtected,
# Access, SetAccessRuleProtection, AddAccessRule, RemoveAccessRule); Set-Acl records the result.
function global:Get-Acl {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Path, [string]$LiteralPath)
    $p = if ($LiteralPath) { $LiteralPath } else { $Path }
    Write-StubCall 'Get-Acl' $PSBoundParameters
    $n = Get-StubNode
    $acl = [pscustomobject]@{ StubName = "acl $p"; Path = $p; AreAccessRulesProtected = $n.AclProtected.ContainsKey($p)
        Access = (New-StubList ([pscustomobject]@{ StubName = 'BUILTIN\Users:Read'; IdentityReference = 'S-1-5-32-545'; FileSystemRights = 'ReadAndExecute'; AccessControlType = 'Allow'; IsInherited = $true }))
    }
    $acl | Add-Member -MemberType ScriptMethod -Name SetAccessRuleProtection -Value { param($protect, $keep) $this.AreAccessRulesProtected = [bool]$protect; if (-not $keep) { $this.Access.Clear() } }
    $acl | Add-Member -MemberType ScriptMethod -Name AddAccessRule -Value { param($r) [void]$this.Access.Add($r) }
    $acl | Add-Member -MemberType ScriptMethod -Name RemoveAccessRule -Value { param($r) $had = $this.Access.Contains($r); $this.Access.Remove($r); $had }
    return $acl
}
function global:Set-Acl {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Path, [string]$LiteralPath, $AclObject)
    $p = if ($LiteralPath) { $LiteralPath } else { $Path }
    Write-StubCall 'Set-Acl' ([ordered]@{ LiteralPath = $p; Protected = [bool]$AclObject.AreAccessRulesProtected
            Access = @($AclObject.Access | ForEach-Object { "$($_.IdentityReference):$($_.FileSystemRights):$($_.AccessControlType)" }) })
    if ($AclObject.AreAccessRulesProtected) { (Get-StubNode).AclProtected[$p] = $true }
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
    if (Test-StubSim) {
        # simulated time: the sleep passes; a reboot landing meanwhile cuts the step off
        $global:StubCtx.Clock += $Seconds + $Milliseconds / 1000.0
        Test-StubKilled
    }
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
    # System.Security.Principal.Windows throws PlatformNotSupported on Linux: SIDs, accounts and
    # file-system rules as plain objects (the values the scripts compare and pass on).
    if ($TypeName -match '^(System\.)?Security\.Principal\.SecurityIdentifier$') {
        $v = if ($ArgumentList[0] -is [byte[]] -or $ArgumentList[0] -is [object[]]) { [Text.Encoding]::ASCII.GetString([byte[]]$ArgumentList[0]) } else { "$($ArgumentList[0])" }
        return [pscustomobject]@{ StubName = $v; Value = $v }
    }
    if ($TypeName -match '^(System\.)?Security\.Principal\.NTAccount$') {
        Write-StubCall 'NTAccount' ([ordered]@{ Name = "$($ArgumentList[0])" })
        $acct = [pscustomobject]@{ StubName = "$($ArgumentList[0])"; Value = "$($ArgumentList[0])" }
        $acct | Add-Member -MemberType ScriptMethod -Name Translate -Value { param($type) [pscustomobject]@{ Value = (Get-StubAccountSid $this.Value) } }
        return $acct
    }
    if ($TypeName -match '^(System\.)?Security\.AccessControl\.FileSystemAccessRule$') {
        return [pscustomobject]@{ StubName = 'FileSystemAccessRule'; IdentityReference = "$($ArgumentList[0].Value)"; FileSystemRights = "$($ArgumentList[1])"; AccessControlType = "$($ArgumentList[2])"; IsInherited = $false }
    }
    Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}
# A domain account's SID (stable per name: the test domain resolves every account).
function Get-StubAccountSid([string]$Account) {
    $md5 = [Security.Cryptography.MD5]::Create()
    $b = $md5.ComputeHash([Text.Encoding]::UTF8.GetBytes($Account.ToLowerInvariant()))
    'S-1-5-21-{0}-{1}-{2}-{3}' -f [BitConverter]::ToUInt32($b, 0), [BitConverter]::ToUInt32($b, 4), [BitConverter]::ToUInt32($b, 8), (1000 + $b[12])
}
# A member of a WinNT group ([ADSI], substituted): objectSid read by Type.InvokeMember.
class StubAdsiMember { [byte[]]$objectSid }
function Get-StubAdsi([string]$Path) {
    if ($Path -notmatch '^WinNT://\./(.+),group$') { throw "stub [ADSI]: $Path not modelled" }
    $g = [pscustomobject]@{ StubName = $Path; Path = $Path; Node = $global:StubCtx.Node }
    $g | Add-Member -MemberType ScriptMethod -Name Invoke -Value {
        param($What)
        if ($What -ne 'Members') { throw "stub [ADSI]: Invoke('$What') not modelled" }
        foreach ($sid in $global:StubNodes[$this.Node].LocalAdmins) { $x = [StubAdsiMember]::new(); $x.objectSid = [Text.Encoding]::ASCII.GetBytes($sid); $x }
    }
    return $g
}
function global:Get-LocalGroup {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name, [string]$SID)
    Write-StubCall 'Get-LocalGroup' $PSBoundParameters
    if ($SID -ne 'S-1-5-32-544' -and $Name -ne 'Administrators') { throw "stub Get-LocalGroup: only Administrators is modelled" }
    [pscustomobject]@{ StubName = 'Administrators'; Name = 'Administrators'; SID = 'S-1-5-32-544' }
}
function global:Add-LocalGroupMember {
    [CmdletBinding(SupportsShouldProcess = $true)] param([string]$Group, [string]$SID, [object[]]$Member)
    Write-StubCall 'Add-LocalGroupMember' $PSBoundParameters
    $n = Get-StubNode
    foreach ($m in $Member) { if ($n.LocalAdmins -contains "$m") { throw "stub Add-LocalGroupMember: $m is already a member" }; [void]$n.LocalAdmins.Add("$m") }
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
    # OwnerGroup: a ClusterGroup (prints as its name)
    $group = [pscustomobject]@{ Name = $r.Group }
    $group | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Name } -Force
    $o = [pscustomobject]@{ StubName = $Key; _Key = $Key; ResourceType = [pscustomobject]@{ Name = $r.Type }; OwnerGroup = $group; State = $r.State }
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
function ConvertTo-StubClusterNode([string]$Name) {
    $s = $global:StubCluster.NodeState
    $st = if ($s.ContainsKey($Name)) { $s[$Name] } else { @{ State = 'Up'; DrainStatus = 'NotInitiated' } }
    [pscustomobject]@{ StubName = $Name; Name = $Name; State = $st.State; DrainStatus = $st.DrainStatus }
}
function global:Get-ClusterNode {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name)
    Write-StubCall 'Get-ClusterNode' $PSBoundParameters
    Assert-StubCluster
    if ($Name) {
        if (@($global:StubCluster.Nodes) -notcontains $Name) { Write-Error "The cluster node '$Name' was not found."; return }
        return (ConvertTo-StubClusterNode $Name)
    }
    foreach ($n in $global:StubCluster.Nodes) { ConvertTo-StubClusterNode $n }
}
# Suspend-ClusterNode -Drain: the node's roles move to a peer, the node is Paused (Microsoft Learn,
# FailoverClusters); Resume-ClusterNode: Up again (its roles stay where they are).
function global:Suspend-ClusterNode {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name, [switch]$Drain, [switch]$Wait, [string]$TargetNode, [switch]$ForceDrain)
    Write-StubCall 'Suspend-ClusterNode' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    $peer = @($c.Nodes | Where-Object { $_ -ne $Name -and -not ($c.NodeState.ContainsKey($_) -and $c.NodeState[$_].State -eq 'Paused') } | Select-Object -First 1)
    foreach ($g in @($c.Groups.Keys)) { if ($c.Groups[$g].Owner -eq $Name -and $peer.Count -eq 1) { $c.Groups[$g].Owner = $peer[0] } }
    $c.NodeState[$Name] = @{ State = 'Paused'; DrainStatus = $(if ($Drain) { 'Completed' } else { 'NotInitiated' }) }
    ConvertTo-StubClusterNode $Name
}
function global:Resume-ClusterNode {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name, [string]$Failback)
    Write-StubCall 'Resume-ClusterNode' $PSBoundParameters
    Assert-StubCluster
    $global:StubCluster.NodeState[$Name] = @{ State = 'Up'; DrainStatus = 'NotInitiated' }
    ConvertTo-StubClusterNode $Name
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
function global:Move-ClusterResource {
    [CmdletBinding(SupportsShouldProcess = $true)] param([Parameter(Position = 0)][string]$Name, [string]$Group)
    Write-StubCall 'Move-ClusterResource' $PSBoundParameters
    Assert-StubCluster
    $c = $global:StubCluster
    if (-not $c.Resources.Contains($Name)) { throw "stub Move-ClusterResource: no resource $Name" }
    if (-not $c.Groups.Contains($Group)) { throw "stub Move-ClusterResource: no group $Group" }
    $c.Resources[$Name].Group = $Group
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
    $nets = $global:StubCluster.Networks
    for ($i = 0; $i -lt $nets.Count; $i++) {
        $n = $nets[$i]
        $o = [pscustomobject]@{ StubName = $n.Name; Name = $n.Name; Address = $n.Address; AddressMask = $n.AddressMask; _Index = $i }
        # Role (ClusterNetworkRole: 1 cluster only, 3 cluster and client): setting it is recorded
        $o | Add-Member -MemberType ScriptProperty -Name Role -Value { $global:StubCluster.Networks[$this._Index].Role } -SecondValue {
            $net = $global:StubCluster.Networks[$this._Index]
            Write-StubCall 'ClusterNetwork.Role' ([ordered]@{ Network = $net.Name; Address = $net.Address; Value = [uint32]$args[0] })
            $net.Role = [uint32]$args[0]
        }
        $o
    }
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
