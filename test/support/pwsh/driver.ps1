<#
  Test driver: runs Windows bootstrap steps under the recording stubs of stubs.ps1, in one pwsh
  process (start-up is the slow part). Input: a JSON job (see test/support/pwsh-harness.ts):
    { log, nodes: [{ name, root, ip, disks, domain, clpInstalled }], cluster: { subnetAddress,
      subnetMask }, noReboot: [node], runs: [{ kind: run|wait, id, node, step, pass, file, params,
      azPath }] }
  Each run gets its node's environment: COMPUTERNAME, ProgramData/ProgramFiles/SystemRoot under
  the node's root, a C: drive mapped to <root>/C, PATH with no executables at all (an unstubbed
  executable fails; a real shutdown is unreachable), cwd at the node root.
  Reboots: a reboot a step scheduled (shutdown.exe /r, Restart-Computer) lands during the next
  wait (the chain's time.Sleep) of that node, unless the node is in noReboot. A step that starts
  on a node whose scheduled reboot has not landed (other than a re-run of the step that scheduled
  it) would be cut off by that reboot: the run fails with exit code 98 and is not executed.
  Output (stdout): JSON { results: [{ id, node, step, pass, exitCode, output }], events: [...] }.
#>
param([Parameter(Mandatory = $true)][string]$JobFile)
$ErrorActionPreference = 'Stop'
$job = Get-Content -LiteralPath $JobFile -Raw | ConvertFrom-Json -AsHashtable
. (Join-Path $PSScriptRoot 'stubs.ps1')
$global:StubLog = $job.log
$env:PSModulePath = (Join-Path $PSScriptRoot 'modules') + [IO.Path]::PathSeparator + $env:PSModulePath
$emptyBin = Join-Path $job.root 'empty-bin'
New-Item -ItemType Directory -Force -Path $emptyBin | Out-Null
$ClpBinWin = 'C:\Program Files\EXPRESSCLUSTER\bin'

function Invoke-StubCase($job) {
    New-StubClusterState -SubnetAddress $job.cluster.subnetAddress -SubnetMask $job.cluster.subnetMask -InterconnectAddress "$($job.cluster.interconnectAddress)" -InterconnectMask "$($job.cluster.interconnectMask)"
    foreach ($n in $job.nodes) {
        foreach ($d in @('C/ProgramData', 'C/Windows/System32/drivers/etc', 'C/Program Files')) {
            New-Item -ItemType Directory -Force -Path (Join-Path $n.root $d) | Out-Null
        }
        Set-Content -LiteralPath (Join-Path $n.root 'C/Windows/System32/drivers/etc/hosts') -Value '# hosts (stub)'
        New-StubNode -Name $n.name -Root $n.root -Ip $n.ip -Disks @($n.disks) -Domain "$($n.domain)" -ClpInstalled ([bool]$n.clpInstalled) -ClpBin $ClpBinWin -InterconnectIp "$($n.interconnectIp)"
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

    $noReboot = @(if ($job.ContainsKey('noReboot')) { $job.noReboot } else { @() })
    $prefix = "$($job.prefix)"
    $results = [System.Collections.ArrayList]::new()
    $stopAtFailure = $job.ContainsKey('stopAtFailure') -and $job.stopAtFailure
    foreach ($run in $job.runs) {
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
        Enter-StubNode $n
        if ($n.ClpInstalled -and -not (Test-Path -LiteralPath (Join-Path $ClpBinWin 'clpcl.exe'))) { Install-StubClusterpro $n }
        $global:StubCtx = @{ Run = $run.id; Node = $run.node; Step = $run.step; Pass = $run.pass; Sleeps = 0; AzPath = "$($run.azPath)"; RecordAll = [bool]$job.recordAll; Prefix = $prefix }
        $params = @{}
        if ($run.params) { foreach ($k in $run.params.Keys) { $params[$k] = $run.params[$k] } }
        $file = $run.file.Replace('{ProgramData}', $env:ProgramData)
        $global:LASTEXITCODE = 0
        $code = 0
        $text = ''
        # what the step writes to stderr ([Console]::Error: the failure messages) is kept too
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $stderr = [System.IO.StringWriter]::new()
        $console = [Console]::Error
        [Console]::SetError($stderr)
        try {
            $text = & $file @params *>&1 | Out-String -Width 300
            $code = $global:LASTEXITCODE
        } catch {
            $text += "uncaught: $($_.Exception.Message) $($_.InvocationInfo.PositionMessage)"
            $code = 99
        } finally {
            [Console]::SetError($console)
        }
        if ($stderr.ToString() -ne '') { $text += "stderr: " + $stderr.ToString() }
        Save-StubLog
        Set-Location -LiteralPath $job.root
        if ($text.Length -gt 6000) { $text = $text.Substring($text.Length - 6000) }
        [void]$results.Add([pscustomobject]@{ id = $run.id; node = $run.node; step = $run.step; pass = $run.pass; exitCode = $code; output = $text; ms = $watch.ElapsedMilliseconds })
    }
    $results.ToArray()
}

# A job is one case or { cases: [...] }: independent clusters, state reset between them.
$cases = if ($job.ContainsKey('cases')) { @($job.cases) } else { @($job) }
$global:StubEvents = [System.Collections.ArrayList]::new()
$all = foreach ($case in $cases) {
    if (-not $case.ContainsKey('root')) { $case.root = $job.root }
    Invoke-StubCase $case
}
ConvertTo-Json -InputObject ([ordered]@{ results = @($all); events = @($global:StubEvents) }) -Depth 4 -Compress
