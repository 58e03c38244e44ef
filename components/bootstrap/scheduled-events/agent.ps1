<#
  azure-ha-cluster Scheduled Events agent (Windows). Installed by the "scheduled-events" bootstrap
  step as C:\ProgramData\azure-ha-cluster\scheduled-events-agent.ps1 and run at boot by the
  scheduled task azure-ha-cluster-scheduled-events (SYSTEM, no time limit). Every decision is
  written, with the event id, to the Application event log (source
  azure-ha-cluster-scheduled-events) and to C:\ProgramData\azure-ha-cluster\scheduled-events.log.

  Facts (Microsoft Learn, "Azure Metadata Service: Scheduled Events for Windows VMs",
  https://learn.microsoft.com/azure/virtual-machines/windows/scheduled-events; the same text as
  MicrosoftDocs/azure-compute-docs articles/virtual-machines/linux/scheduled-events.md):
    - GET http://169.254.169.254/metadata/scheduledevents?api-version=2020-07-01, header
      Metadata: true; the first call enables the service (up to 2 minutes); 24 h without a call
      disables it; poll about once a second.
    - Events: EventId, EventType (Freeze | Reboot | Redeploy | Preempt | Terminate), Resources
      (Azure VM names), EventStatus (Scheduled | Started), NotBefore (blank once started),
      DurationInSeconds (-1 = unknown). A finished event leaves the list.
    - Approve: POST {"StartRequests": [{"EventId": id}]}; it proceeds the event for all Resources.
  Design after ClusterLabs resource-agents heartbeat/azure-events-az.in (Pacemaker).
  WSFC: Suspend-ClusterNode -Drain -Wait -TargetNode, Resume-ClusterNode when the event is gone
  (learn.microsoft.com/powershell/module/failoverclusters/suspend-clusternode, resume-clusternode).
  CLUSTERPRO: clpstat (groups' "current" server) and clpgrp -m <group> -a <server>.
  Windows PowerShell 5.1 (what the task starts): no PowerShell 7 syntax.
#>
param(
    # Load the functions only (tests dot-source the agent this way).
    [switch]$LibraryOnly,
    # Polls before exiting; 0 = run forever.
    [int]$Iterations = 0
)
# @@PARAMS@@

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$SeImpactTypes = @('Reboot', 'Redeploy')
$SeIgnoredTypes = @('Preempt', 'Terminate')
$SeFinal = @('ignore-other-vm', 'ignore-type', 'approve', 'drain-approve', 'drain', 'started-no-action', 'tolerated-no-action')

# A property of an IMDS event, or $Default when it is missing (Set-StrictMode forbids reading it).
function Get-SeField {
    param($Object, [string]$Name, $Default = $null)
    if ($null -eq $Object -or $null -eq $Object.PSObject.Properties[$Name]) { return $Default }
    return $Object.$Name
}

# The decision for every event of one document (pure; mirrors decide() in agent.py and is
# checked against test/fixtures/scheduled-events-cases.json).
function Get-SeDecision {
    param(
        [object[]]$Events,
        [string]$Me,
        [string[]]$Nodes,
        [string[]]$Up,
        [string[]]$ActOn,
        [bool]$Approve,
        [int]$FreezeToleranceSec
    )
    if ($null -eq $Events) { $Events = @() }
    if ($null -eq $Up) { $Up = @() }
    $pending = @()
    foreach ($e in $Events) { $pending += @(Get-SeField $e 'Resources' @()) }
    $out = @()
    foreach ($e in $Events) {
        $res = @(Get-SeField $e 'Resources' @())
        $etype = [string](Get-SeField $e 'EventType' '')
        $dur = -1
        $parsed = 0
        if ([int]::TryParse([string](Get-SeField $e 'DurationInSeconds' '-1'), [ref]$parsed)) { $dur = $parsed }
        $d = [ordered]@{ eventId = [string](Get-SeField $e 'EventId' ''); type = $etype; decision = ''; reason = ''; peer = '' }
        $tolerated = ($etype -eq 'Freeze') -and ($dur -ge 0) -and ($dur -le $FreezeToleranceSec)
        $healthy = @($Nodes | Where-Object { $_ -ne $Me -and ($Up -contains $_) -and -not ($pending -contains $_) })
        $missing = @($Nodes | Where-Object { -not ($res -contains $_) })
        $outside = @($res | Where-Object { -not ($Nodes -contains $_) })
        if (-not ($res -contains $Me)) {
            $d.decision = 'ignore-other-vm'; $d.reason = 'event for ' + ($res -join ',')
        } elseif (($SeIgnoredTypes -contains $etype) -or -not ($ActOn -contains $etype)) {
            $d.decision = 'ignore-type'; $d.reason = "$etype is not acted on"
        } elseif ($missing.Count -eq 0) {
            $d.decision = 'hold-all-nodes'; $d.reason = 'the event lists every cluster node: nowhere to drain to; the platform proceeds at NotBefore'
        } elseif ($healthy.Count -eq 0) {
            $d.decision = 'hold-no-healthy-peer'; $d.reason = 'no peer is up without a pending event of its own; the platform proceeds at NotBefore'
        } elseif ($outside.Count -gt 0) {
            # Approval proceeds the event for every VM it lists: never for VMs outside the cluster.
            if ($tolerated) {
                $d.decision = 'tolerated-no-action'; $d.reason = "a $dur s freeze tolerated; the event also lists VMs outside the cluster: not approved"
            } else {
                $d.decision = 'drain'; $d.peer = $healthy[0]; $d.reason = "$etype; the event also lists VMs outside the cluster: drained, not approved"
            }
        } elseif ([string](Get-SeField $e 'EventStatus' '') -eq 'Started') {
            if ($tolerated) {
                $d.decision = 'started-no-action'; $d.reason = "a $dur s freeze the heartbeat tolerates has started"
            } else {
                $d.decision = 'drain'; $d.peer = $healthy[0]; $d.reason = "$etype already started: drain at once"
            }
        } elseif ($tolerated) {
            if ($Approve) {
                $d.decision = 'approve'; $d.reason = "freeze of $dur s <= tolerance $FreezeToleranceSec s"
            } else {
                $d.decision = 'tolerated-no-action'; $d.reason = "freeze of $dur s tolerated; approval is off"
            }
        } else {
            if ($SeImpactTypes -contains $etype) { $why = $etype }
            elseif ($dur -lt 0) { $why = 'freeze of unknown length' }
            else { $why = "freeze of $dur s > tolerance $FreezeToleranceSec s" }
            if ($Approve) { $d.decision = 'drain-approve' } else { $d.decision = 'drain' }
            $d.peer = $healthy[0]; $d.reason = $why
        }
        $out += [pscustomobject]$d
    }
    return , $out
}

# Servers (name -> status) and groups (name -> current server) from `clpstat --long` (the layout
# NEC's EXPRESSCLUSTER how-to guides print: <server>, <group> sections, "current : <server>").
function ConvertFrom-SeClpstat {
    param([string]$Text)
    $servers = @{}; $groups = @{}
    $section = ''; $top = -1; $lastGroup = ''
    foreach ($raw in ($Text -split "`r?`n")) {
        $line = $raw.TrimEnd(); $s = $line.Trim()
        if ($s -match '^<(\w+)>$') { $section = $Matches[1]; $top = -1; $lastGroup = ''; continue }
        if (-not $s.Contains(':') -or ($section -ne 'server' -and $section -ne 'group')) { continue }
        $i = $s.IndexOf(':')
        $indent = $line.Length - $line.TrimStart().Length
        if ($s.StartsWith('*')) { $indent += 1 }
        $name = $s.Substring(0, $i).TrimStart('*').Trim().TrimEnd('.').Trim()
        $value = $s.Substring($i + 1).Trim()
        $first = ''
        if ($value) { $first = ($value -split '\s+')[0] }
        if ($top -lt 0) { $top = $indent }
        if ($section -eq 'server' -and $indent -eq $top) { $servers[$name] = $first }
        elseif ($section -eq 'group') {
            if ($indent -eq $top) { $lastGroup = $name; if (-not $groups.ContainsKey($name)) { $groups[$name] = '' } }
            elseif ($name -eq 'current' -and $lastGroup) { $groups[$lastGroup] = $first }
        }
    }
    return @{ servers = $servers; groups = $groups }
}

if ($LibraryOnly) { return }

$SeDir = Join-Path $env:ProgramData 'azure-ha-cluster'
$SeLogFile = Join-Path $SeDir 'scheduled-events.log'
$SeSource = 'azure-ha-cluster-scheduled-events'

function Write-SeLog {
    param([string]$Message, [string]$Level = 'Information')
    $line = '{0} {1}' -f (Get-Date -Format 'yyyy-MM-ddTHH:mm:ssK'), $Message
    Add-Content -LiteralPath $SeLogFile -Value $line -Encoding UTF8
    if (-not $script:SeEventLogOk) { return }
    try { Write-EventLog -LogName Application -Source $SeSource -EventId 1000 -EntryType $Level -Message $Message }
    catch {
        $script:SeEventLogOk = $false
        Add-Content -LiteralPath $SeLogFile -Value ('event log unavailable, the log file only: ' + $_.Exception.Message) -Encoding UTF8
    }
}
$script:SeEventLogOk = $true

# IMDS, never through a proxy (Microsoft Learn, Instance Metadata Service).
function Invoke-SeImds {
    param([string]$Method, [string]$Body, [int]$TimeoutSec)
    $req = [System.Net.WebRequest]::Create($ImdsUrl.TrimEnd('/') + '/scheduledevents?api-version=' + $ApiVersion)
    $req.Method = $Method
    $req.Proxy = $null
    $req.Timeout = $TimeoutSec * 1000
    $req.Headers.Add('Metadata', 'true')
    if ($Body) {
        $req.ContentType = 'application/json'
        $bytes = [Text.Encoding]::UTF8.GetBytes($Body)
        $stream = $req.GetRequestStream(); $stream.Write($bytes, 0, $bytes.Length); $stream.Close()
    }
    $resp = $req.GetResponse()
    try {
        $reader = New-Object IO.StreamReader($resp.GetResponseStream())
        return $reader.ReadToEnd()
    } finally { $resp.Close() }
}

function Get-SeClusterState {
    if ($Kind -eq 'wsfc') {
        $up = @(Get-ClusterNode | Where-Object { [string]$_.State -eq 'Up' } | ForEach-Object { [string]$_.Name })
        return @{ up = $up }
    }
    $text = (& clpstat.exe --long | Out-String)
    if ($LASTEXITCODE -ne 0) { throw "clpstat exited $LASTEXITCODE" }
    $st = ConvertFrom-SeClpstat -Text $text
    $up = @($st.servers.Keys | Where-Object { $st.servers[$_] -eq 'Online' })
    return @{ up = $up; groups = $st.groups }
}

function Invoke-SeDrain {
    param([string]$Peer)
    if ($Kind -eq 'wsfc') {
        Suspend-ClusterNode -Name $Node -Drain -Wait -TargetNode $Peer -ErrorAction Stop | Out-Null
        $status = [string](Get-ClusterNode -Name $Node).DrainStatus
        Write-SeLog "Suspend-ClusterNode -Drain to ${Peer}: DrainStatus $status"
        return ($status -eq 'Completed')
    }
    $mine = @((Get-SeClusterState).groups.GetEnumerator() | Where-Object { $_.Value -eq $Node } | ForEach-Object { $_.Key } | Sort-Object)
    foreach ($g in $mine) {
        # -a names the destination server; -h would only name the server handling the request
        # (NEC, EXPRESSCLUSTER/clpaic tool_definitions.py: move_group).
        $out = (& clpgrp.exe -m $g -a $Peer 2>&1 | Out-String).Trim()
        Write-SeLog "clpgrp -m $g -a ${Peer}: exit $LASTEXITCODE $out"
    }
    $left = @((Get-SeClusterState).groups.GetEnumerator() | Where-Object { $_.Value -eq $Node } | ForEach-Object { $_.Key })
    if ($left.Count -gt 0) { Write-SeLog ('drain incomplete: ' + ($left -join ',') + " still on $Node") 'Warning'; return $false }
    Write-SeLog ('drained: ' + ($mine -join ',') + " moved to $Peer")
    return $true
}

function Read-SeState {
    $st = @{}
    if (Test-Path -LiteralPath $StateFile) {
        try {
            $obj = Get-Content -LiteralPath $StateFile -Raw | ConvertFrom-Json
            foreach ($p in $obj.PSObject.Properties) { $st[$p.Name] = @{ decision = [string]$p.Value.decision; type = [string]$p.Value.type } }
        } catch { Write-SeLog ('state unreadable, starting empty: ' + $_.Exception.Message) 'Warning' }
    }
    return $st
}

function Save-SeState {
    param([hashtable]$State)
    $tmp = $StateFile + '.tmp'
    ($State | ConvertTo-Json -Depth 4) | Set-Content -LiteralPath $tmp -Encoding UTF8
    Move-Item -LiteralPath $tmp -Destination $StateFile -Force
}

function Invoke-SePoll {
    param([hashtable]$State, [int]$TimeoutSec)
    try {
        $text = Invoke-SeImds -Method 'GET' -TimeoutSec $TimeoutSec
    } catch { Write-SeLog ('imds: unreachable (' + $_.Exception.Message + '); retrying') 'Warning'; return $false }
    try {
        $doc = $text | ConvertFrom-Json
        if ($null -eq $doc -or $null -eq $doc.PSObject.Properties['Events']) { throw 'no Events list' }
    } catch { Write-SeLog ('imds: malformed response (' + $_.Exception.Message + '); retrying') 'Warning'; return $false }
    $events = @($doc.Events)
    $ids = @($events | ForEach-Object { [string](Get-SeField $_ 'EventId' '') })
    foreach ($eid in @($State.Keys)) {
        if ($ids -contains $eid) { continue }
        $rec = $State[$eid]; $State.Remove($eid)
        if ($Kind -eq 'wsfc' -and ($rec.decision -eq 'drain' -or $rec.decision -eq 'drain-approve')) {
            try { Resume-ClusterNode -Name $Node -ErrorAction Stop | Out-Null; Write-SeLog "event=$eid ended ($($rec.type)): Resume-ClusterNode $Node" }
            catch { Write-SeLog ("event=$eid ended; Resume-ClusterNode failed: " + $_.Exception.Message) 'Error' }
        } else { Write-SeLog "event=$eid ended ($($rec.type), was $($rec.decision)); nothing to resume" }
    }
    $todo = @($events | Where-Object { $id = [string](Get-SeField $_ 'EventId' ''); -not ($State.ContainsKey($id) -and ($SeFinal -contains $State[$id].decision)) })
    if ($todo.Count -gt 0) {
        $up = $NodeNames
        if (@($todo | Where-Object { @(Get-SeField $_ 'Resources' @()) -contains $Node }).Count -gt 0) {
            try { $up = (Get-SeClusterState).up } catch { Write-SeLog ('cluster state unknown (' + $_.Exception.Message + '): treating every peer as unhealthy') 'Warning'; $up = @($Node) }
        }
        foreach ($d in (Get-SeDecision -Events $events -Me $Node -Nodes $NodeNames -Up $up -ActOn $ActOn -Approve $Approve -FreezeToleranceSec $FreezeToleranceSec)) {
            $prev = ''
            if ($State.ContainsKey($d.eventId)) { $prev = $State[$d.eventId].decision }
            if (($SeFinal -contains $prev) -or $prev -eq $d.decision) { continue }
            Write-SeLog "event=$($d.eventId) type=$($d.type) decision=$($d.decision) reason=$($d.reason)"
            $ok = $true
            if ($d.decision -eq 'drain' -or $d.decision -eq 'drain-approve') {
                try { $ok = Invoke-SeDrain -Peer $d.peer } catch { Write-SeLog ("event=$($d.eventId) drain failed: " + $_.Exception.Message) 'Error'; $ok = $false }
            }
            if ($ok -and ($d.decision -eq 'approve' -or $d.decision -eq 'drain-approve')) {
                try {
                    $body = '{"StartRequests": [{"EventId": "' + $d.eventId + '"}]}'
                    Invoke-SeImds -Method 'POST' -Body $body -TimeoutSec 15 | Out-Null
                    Write-SeLog "event=$($d.eventId) approved (StartRequests posted)"
                } catch { Write-SeLog ("event=$($d.eventId) approve failed: " + $_.Exception.Message) 'Error'; $ok = $false }
            }
            if (-not $ok) { Write-SeLog "event=$($d.eventId) not completed; retried on the next poll" 'Warning'; continue }
            $State[$d.eventId] = @{ decision = $d.decision; type = $d.type }
        }
    }
    Save-SeState -State $State
    return $true
}

if (-not (Test-Path -LiteralPath $SeDir)) { New-Item -ItemType Directory -Path $SeDir -Force | Out-Null }
Write-SeLog ("start: node=$Node nodes=" + ($NodeNames -join ',') + " kind=$Kind actOn=" + ($ActOn -join ',') + " approve=$Approve freezeToleranceSec=$FreezeToleranceSec poll=${PollSec}s imds=$ImdsUrl")
$state = Read-SeState
$first = $true
$n = 0
while ($Iterations -eq 0 -or $n -lt $Iterations) {
    $n++
    $timeout = 15
    if ($first) { $timeout = 130 }  # the first call enables Scheduled Events: up to two minutes
    try { $ok = Invoke-SePoll -State $state -TimeoutSec $timeout }
    catch { Write-SeLog ('poll failed (' + $_.Exception.Message + '); retrying') 'Error'; $ok = $false }
    if ($ok) { $first = $false }
    if ($Iterations -eq 0 -or $n -lt $Iterations) { Start-Sleep -Seconds $PollSec }
}
