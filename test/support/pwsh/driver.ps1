<#
  Test driver: runs Windows bootstrap steps under the recording stubs of stubs.ps1, in one pwsh
  process (start-up is the slow part). Input: a JSON job (see test/support/pwsh-harness.ts):
    { log, nodes: [{ name, root, ip, disks, domain, clpInstalled }], cluster: { subnetAddress,
      subnetMask }, runs: [{ id, node, step, pass, file, params, azPath }] }
  Each run gets its node's environment: COMPUTERNAME, ProgramData/SystemRoot under the node's
  root, a C: drive mapped to <root>/C, PATH with no executables at all (an unstubbed executable
  fails; a real shutdown is unreachable), cwd at the node root. A reboot that a step scheduled
  (shutdown.exe /r, Restart-Computer) happens before the next step on that node.
  Output (stdout): JSON [{ id, exitCode, output, rebootedBefore }].
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
    New-StubClusterState -SubnetAddress $job.cluster.subnetAddress -SubnetMask $job.cluster.subnetMask
    foreach ($n in $job.nodes) {
        foreach ($d in @('C/ProgramData', 'C/Windows/System32/drivers/etc', 'C/Program Files')) {
            New-Item -ItemType Directory -Force -Path (Join-Path $n.root $d) | Out-Null
        }
        Set-Content -LiteralPath (Join-Path $n.root 'C/Windows/System32/drivers/etc/hosts') -Value '# hosts (stub)'
        New-StubNode -Name $n.name -Root $n.root -Ip $n.ip -Disks @($n.disks) -Domain "$($n.domain)" -ClpInstalled ([bool]$n.clpInstalled) -ClpBin $ClpBinWin
    }

    function Enter-StubNode($n) {
        $env:COMPUTERNAME = $n.Name
        $env:ProgramData = Join-Path $n.Root 'C/ProgramData'
        $env:SystemRoot = Join-Path $n.Root 'C/Windows'
        $env:windir = $env:SystemRoot
        $env:PATH = $emptyBin
        if (Get-PSDrive -Name C -ErrorAction SilentlyContinue) { Remove-PSDrive -Name C -Force }
        New-PSDrive -Name C -PSProvider FileSystem -Root (Join-Path $n.Root 'C') -Scope Global | Out-Null
        Set-Location -LiteralPath $n.Root
        [Environment]::CurrentDirectory = $n.Root
        Set-StubClpFunctions $ClpBinWin
    }

    $results = foreach ($run in $job.runs) {
        $n = $global:StubNodes[$run.node]
        $rebooted = $false
        if ($n.PendingReboot -ne '' -and $n.PendingReboot -ne $run.step) { Invoke-StubReboot $run.node; $rebooted = $true }
        Enter-StubNode $n
        if ($n.ClpInstalled -and -not (Test-Path -LiteralPath (Join-Path $ClpBinWin 'clpcl.exe'))) { Install-StubClusterpro $n }
        $global:StubCtx = @{ Run = $run.id; Node = $run.node; Step = $run.step; Pass = $run.pass; Sleeps = 0; AzPath = "$($run.azPath)"; RecordAll = [bool]$job.recordAll }
        $params = @{}
        if ($run.params) { foreach ($k in $run.params.Keys) { $params[$k] = $run.params[$k] } }
        $file = $run.file.Replace('{ProgramData}', $env:ProgramData)
        $global:LASTEXITCODE = 0
        $code = 0
        $text = ''
        try {
            $text = & $file @params *>&1 | Out-String -Width 300
            $code = $global:LASTEXITCODE
        } catch {
            $text += "uncaught: $($_.Exception.Message) $($_.InvocationInfo.PositionMessage)"
            $code = 99
        }
        Set-Location -LiteralPath $job.root
        if ($text.Length -gt 6000) { $text = $text.Substring($text.Length - 6000) }
        [pscustomobject]@{ id = $run.id; exitCode = $code; output = $text; rebootedBefore = $rebooted }
    }
    $results
}

# A job is one case or { cases: [...] }: independent clusters, state reset between them.
$cases = if ($job.ContainsKey('cases')) { @($job.cases) } else { @($job) }
$all = foreach ($case in $cases) {
    if (-not $case.ContainsKey('root')) { $case.root = $job.root }
    Invoke-StubCase $case
}
ConvertTo-Json -InputObject @($all) -Depth 4 -Compress
