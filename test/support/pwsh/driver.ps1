<#
  Test driver: runs Windows bootstrap steps under the recording stubs of stubs.ps1, in one pwsh
  process (start-up is the slow part). Input: a JSON job (see test/support/pwsh-harness.ts):
    { log, nodes: [{ name, root, ip, interconnectIp, disks, domain, clpInstalled }],
      cluster: { subnetAddress, subnetMask, interconnectAddress, interconnectMask },
      noReboot: [node], stopAtFailure, runs: [{ kind: run|wait, id, node, step, pass, file,
      params, azPath }] }
  Each run gets its node's environment: COMPUTERNAME, ProgramData/ProgramFiles/SystemRoot under
  the node's root, a C: drive mapped to <root>/C, PATH with no executables at all (an unstubbed
  executable fails; a real shutdown is unreachable), cwd at the node root.

  Batch mode (default): the runs in order. A reboot a step scheduled (shutdown.exe /r,
  Restart-Computer) lands during the next wait (the chain's time.Sleep) of that node, unless the
  node is in noReboot. A step that starts on a node whose scheduled reboot has not landed (other
  than a re-run of the step that scheduled it) would be cut off by that reboot: the run fails
  with exit code 98 and is not executed.
  Output (stdout): JSON { results: [{ id, node, step, pass, exitCode, output, ms }], events }.

  Serve mode (-Serve, the Windows rehearsal of test/support/rehearsal.ts): one cluster, requests
  on stdin, one JSON line each: { op: run, id, node, step, file, params, azPath, landAt,
  shutdownSec } | { op: reboot, node } | { op: state } | { op: exit }; each answered on stdout by
  one line "@@REPLY <json>". Time is simulated: Start-Sleep advances the step's clock; a reboot
  pending on the node (landAt, seconds from the step's start) or scheduled by the step
  (shutdown.exe /r /t <s>: lands <s> + shutdownSec later) that lands while the step still runs
  kills it (a labeled break: no trap, catch or exit code of the script sees it). A run answers
  { exitCode, output, simSec, killed, landAt, scheduled: [{ at, delay }] }.
#>
param([Parameter(Mandatory = $true)][string]$JobFile, [switch]$Serve)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$job = Get-Content -LiteralPath $JobFile -Raw | ConvertFrom-Json -AsHashtable
. (Join-Path $PSScriptRoot 'stubs.ps1')
$global:StubLog = $job.log
$env:PSModulePath = (Join-Path $PSScriptRoot 'modules') + [IO.Path]::PathSeparator + $env:PSModulePath
$emptyBin = Join-Path $job.root 'empty-bin'
New-Item -ItemType Directory -Force -Path $emptyBin | Out-Null
$ClpBinWin = 'C:\Program Files\EXPRESSCLUSTER\bin'

function Initialize-StubCase($case) {
    $global:StubNodes = @{}
    New-StubClusterState -SubnetAddress $case.cluster.subnetAddress -SubnetMask $case.cluster.subnetMask -InterconnectAddress "$($case.cluster.interconnectAddress)" -InterconnectMask "$($case.cluster.interconnectMask)"
    foreach ($n in $case.nodes) {
        foreach ($d in @('C/ProgramData', 'C/Windows/System32/drivers/etc', 'C/Program Files')) {
            New-Item -ItemType Directory -Force -Path (Join-Path $n.root $d) | Out-Null
        }
        Set-Content -LiteralPath (Join-Path $n.root 'C/Windows/System32/drivers/etc/hosts') -Value '# hosts (stub)'
        New-StubNode -Name $n.name -Root $n.root -Ip $n.ip -Disks @($n.disks) -Domain "$($n.domain)" -ClpInstalled ([bool]$n.clpInstalled) -ClpBin $ClpBinWin -InterconnectIp "$($n.interconnectIp)"
    }
}

function Enter-StubNode($n) {
    $env:COMPUTERNAME = $n.Name
    $env:ProgramData = Join-Path $n.Root 'C/ProgramData'
    $env:ProgramFiles = 'C:\Program Files'
    $env:SystemRoot = Join-Path $n.Root 'C/Windows'
    $env:windir = $env:SystemRoot
    $env:PATH = $emptyBin
    if (Get-PSDrive -Name C -ErrorAction SilentlyContinue) { Remove-PSDrive -Name C -Force }
    New-PSDrive -Name C -PSProvider FileSystem -Root (Join-Path $n.Root 'C') -Scope Global | Out-Null
    Set-Location -LiteralPath $n.Root
    [Environment]::CurrentDirectory = $n.Root
    Set-StubClpFunctions $ClpBinWin
}

# Runs one step on its node; returns its result (Sim: simulated time, see the header).
function Invoke-StubRun($run, $case, [bool]$Sim) {
    $n = $global:StubNodes[$run.node]
    Enter-StubNode $n
    if ($n.ClpInstalled -and -not (Test-Path -LiteralPath (Join-Path $ClpBinWin 'clpcl.exe'))) { Install-StubClusterpro $n }
    $global:StubCtx = @{ Run = $run.id; Node = $run.node; Step = $run.step; Pass = $run.pass; Sleeps = 0; AzPath = "$($run.azPath)"
        RecordAll = [bool]$case.recordAll; Prefix = "$($case.prefix)"; Sim = $Sim; Clock = 0.0; Scheduled = [System.Collections.ArrayList]::new()
        LandAt = $(if ($Sim -and $null -ne $run.landAt) { [double]$run.landAt } else { -1.0 }); ShutdownSec = $(if ($Sim) { [double]$run.shutdownSec } else { 0.0 })
    }
    $params = @{}
    if ($run.params) { foreach ($k in $run.params.Keys) { $params[$k] = $run.params[$k] } }
    $file = $run.file.Replace('{ProgramData}', $env:ProgramData)
    $global:LASTEXITCODE = 0
    $code = 0
    $out = [System.Collections.Generic.List[object]]::new()
    $text = ''
    # what the step writes to stderr ([Console]::Error: the failure messages) is kept too
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $stderr = [System.IO.StringWriter]::new()
    $console = [Console]::Error
    [Console]::SetError($stderr)
    $killed = $true
    try {
        :StubKilled foreach ($once in 1) {
            & $file @params *>&1 | ForEach-Object { $out.Add($_) }
            $code = $global:LASTEXITCODE
            $killed = $false
        }
    } catch {
        $text += "uncaught: $($_.Exception.Message) $($_.InvocationInfo.PositionMessage)"
        $code = 99
        $killed = $false
    } finally {
        [Console]::SetError($console)
    }
    $text = ($out | Out-String -Width 300) + $text
    if ($stderr.ToString() -ne '') { $text += "stderr: " + $stderr.ToString() }
    $ctx = $global:StubCtx
    $simSec = $ctx.Clock + 1
    # a reboot that lands before the step's last second is over cuts it off too
    if ($Sim -and -not $killed -and $ctx.LandAt -ge 0 -and $ctx.LandAt -lt $simSec) { $killed = $true; $simSec = $ctx.LandAt }
    if ($killed) { $code = -1; $text += "`n(killed by the reboot at +$($ctx.LandAt) s)" }
    Save-StubLog
    Set-Location -LiteralPath $job.root
    if ($text.Length -gt 6000) { $text = $text.Substring($text.Length - 6000) }
    [pscustomobject]@{ id = $run.id; node = $run.node; step = $run.step; pass = $run.pass; exitCode = $code; output = $text; ms = $watch.ElapsedMilliseconds
        simSec = $simSec; killed = $killed; landAt = $ctx.LandAt; scheduled = @($ctx.Scheduled)
    }
}

function Invoke-StubCase($case) {
    Initialize-StubCase $case
    $noReboot = @(if ($case.ContainsKey('noReboot')) { $case.noReboot } else { @() })
    $prefix = "$($case.prefix)"
    $results = [System.Collections.ArrayList]::new()
    $stopAtFailure = $case.ContainsKey('stopAtFailure') -and $case.stopAtFailure
    foreach ($run in $case.runs) {
        if ($stopAtFailure -and @($results | Where-Object { $_.exitCode -ne 0 }).Count -gt 0) { break }
        $n = $global:StubNodes[$run.node]
        if ($run.kind -eq 'wait') {
            # the out-of-guest wait: a reboot scheduled on this node lands now
            [void]$global:StubEvents.Add("${prefix}wait $($run.node) $($run.step)")
            if ($n.PendingReboot -ne '') {
                if ($noReboot -contains $run.node) {
                    [void]$global:StubEvents.Add("${prefix}not-rebooted $($run.node)")
                } else {
                    Invoke-StubReboot $run.node
                    [void]$global:StubEvents.Add("${prefix}rebooted $($run.node) $($n.BootTime.ToString('o'))")
                }
                $n.PendingReboot = ''
            }
            continue
        }
        [void]$global:StubEvents.Add("${prefix}run $($run.node) $($run.step) $($run.pass)")
        if ($n.PendingReboot -ne '' -and $n.PendingReboot -ne $run.step) {
            [void]$results.Add([pscustomobject]@{ id = $run.id; node = $run.node; step = $run.step; pass = $run.pass; exitCode = 98
                    output = "cut off: $($run.step) started on $($run.node) while the reboot that $($n.PendingReboot) scheduled had not landed (no wait between them)" })
            continue
        }
        $r = Invoke-StubRun $run $case $false
        [void]$results.Add([pscustomobject]@{ id = $r.id; node = $r.node; step = $r.step; pass = $r.pass; exitCode = $r.exitCode; output = $r.output; ms = $r.ms })
    }
    $results.ToArray()
}

# What a rehearsal asserts at the end: the cluster and every node.
function Get-StubWorldState {
    $c = $global:StubCluster
    $nodes = [ordered]@{}
    foreach ($k in @($global:StubNodes.Keys | Sort-Object)) {
        $n = $global:StubNodes[$k]
        $tasks = [ordered]@{}
        foreach ($t in @($n.Tasks.Keys | Sort-Object)) { $tasks[$t] = "$($n.Tasks[$t].State)" }
        $nodes[$k] = [ordered]@{ bootId = $n.BootTime.ToString('o'); tasks = $tasks; features = $n.Features }
    }
    $groups = [ordered]@{}
    foreach ($g in @($c.Groups.Keys)) { $groups[$g] = [ordered]@{ state = "$($c.Groups[$g].State)"; owner = "$($c.Groups[$g].Owner)" } }
    $nodeStates = [ordered]@{}
    foreach ($k in @($c.NodeState.Keys)) { $nodeStates[$k] = "$($c.NodeState[$k].State)" }
    [ordered]@{ wsfc = [ordered]@{ exists = $c.Exists; name = $c.Name; groups = $groups; nodeStates = $nodeStates; quorum = $c.Quorum }
        clusterpro = [ordered]@{ pushed = ($null -ne $c.ClpPushed); running = $c.ClpRunning; owner = $c.ClpOwner }; nodes = $nodes
    }
}

$global:StubEvents = [System.Collections.ArrayList]::new()
if ($Serve) {
    if (-not $job.ContainsKey('root') -or -not $job.root) { throw 'serve: the job names no root' }
    Initialize-StubCase $job
    $reply = { param($o) [Console]::Out.WriteLine('@@REPLY ' + (ConvertTo-Json -InputObject $o -Depth 8 -Compress)); [Console]::Out.Flush() }
    & $reply @{ ready = $true }
    while ($null -ne ($line = [Console]::In.ReadLine())) {
        if ($line.Trim() -eq '') { continue }
        $req = $line | ConvertFrom-Json -AsHashtable
        try {
            switch ($req.op) {
                'run' { & $reply (Invoke-StubRun $req $job $true) }
                'reboot' { Invoke-StubReboot $req.node; & $reply @{ ok = $true; bootId = $global:StubNodes[$req.node].BootTime.ToString('o') } }
                'state' { & $reply (Get-StubWorldState) }
                'exit' { & $reply @{ ok = $true }; exit 0 }
                default { & $reply @{ error = "unknown op $($req.op)" } }
            }
        } catch {
            & $reply @{ error = "$($_.Exception.Message) $($_.InvocationInfo.PositionMessage)" }
        }
    }
    exit 0
}

# A job is one case or { cases: [...] }: independent clusters, state reset between them.
$cases = if ($job.ContainsKey('cases')) { @($job.cases) } else { @($job) }
$all = foreach ($case in $cases) {
    if (-not $case.ContainsKey('root')) { $case.root = $job.root }
    Invoke-StubCase $case
}
ConvertTo-Json -InputObject ([ordered]@{ results = @($all); events = @($global:StubEvents) }) -Depth 4 -Compress
