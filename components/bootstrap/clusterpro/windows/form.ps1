# CLUSTERPRO X "push" (first node, Windows): builds clp.conf with clpcfset.exe from the rendered
# plan ($ClpCommands: one call per entry, arguments TAB-separated; $ClpFiles: path/content pairs
# of the scripts the product runs) and applies it with clpcfctrl --push (flags per version). It
# never starts the cluster: NEC reboots every server after the push (clpcfset
# doc/windows/Shared-Disk.md), done by reboot-after-push/gate-after-push one node at a time, then
# the step "start". Idempotent and safe to resume: an unchanged plan (hash kept) changes nothing;
# a live configuration (clpcfctrl --pull) equal to the plan is not pushed again; a push never goes
# to a running cluster (clpcl -t -a first).
param(
    [string]$PublicIp = '',
    [string]$DnsResourceGroup = ''
)
$StepName = 'push'
# @@PARAMS@@
# @@INCLUDE common.ps1@@

if (-not (Test-ClpInstalled)) { Stop-Step "CLUSTERPRO is not installed (no clpcl.exe on the machine PATH)" }
$cfset = Join-Path $ClpBin 'clpcfset.exe'
if (-not (Test-Path -LiteralPath $cfset)) { Stop-Step "$cfset missing: CLUSTERPRO X 4.3 or later is required" }

$planText = ($ClpCommands + $ClpFiles) -join "`n"
if ($planText.Contains('@PUBLIC_IP@') -and -not $PublicIp) { Stop-Step 'the parameter PublicIp (the public LB frontend address) is empty' }
if ($planText.Contains('@DNS_RESOURCE_GROUP@') -and -not $DnsResourceGroup) { Stop-Step "the parameter DnsResourceGroup (the DNS zone's resource group) is empty" }
# The md volume GUIDs of THIS server (the first): read here, on the node they belong to; every
# other server writes its own in its md-guid step after this push (md-guid.ps1).
$volumeGuid = ''
$cpVolumeGuid = ''
if ($planText.Contains('@VOLUMEGUID@')) {
    $volumeGuid = Get-VolumeGuid $DataDriveLetter
    $cpVolumeGuid = Get-VolumeGuid $ClusterDriveLetter
    Write-Log "md volumes on this server: ${DataDriveLetter}: $volumeGuid, ${ClusterDriveLetter}: $cpVolumeGuid"
}
function Set-Values([string]$Text) {
    $Text.Replace('@PUBLIC_IP@', $PublicIp).Replace('@DNS_RESOURCE_GROUP@', $DnsResourceGroup).Replace('@VOLUMEGUID@', $volumeGuid).Replace('@CPVOLUMEGUID@', $cpVolumeGuid)
}
$commands = @($ClpCommands | ForEach-Object { Set-Values $_ })
$files = @($ClpFiles | ForEach-Object { Set-Values $_ })

$hash = Get-Sha256 ((@($commands) + @($files) + @($PushArgs -join ' ')) -join "`n")
$stamp = Join-Path $StateDir 'form.sha256'
$applied = if (Test-Path -LiteralPath $stamp) { (Get-Content -LiteralPath $stamp -Raw).Trim() } else { '' }
if ($hash -eq $applied) {
    Write-Log "configuration $hash already applied; nothing to do"
    exit 0
}

$conf = Join-Path $StateDir 'conf'
if (Test-Path -LiteralPath $conf) { Remove-Item -LiteralPath $conf -Recurse -Force }
New-Item -ItemType Directory -Force -Path $conf | Out-Null
Push-Location $conf
try {
    Write-Log "building clp.conf in $conf ($($commands.Count) clpcfset calls)"
    foreach ($c in $commands) {
        $a = @($c -split "`t")
        Invoke-Native $cfset $a "clpcfset $($a -join ' ')"
    }
    for ($i = 0; $i -lt $files.Count; $i += 2) {
        $rel = $files[$i]
        $path = Join-Path $conf ($rel -replace '/', '\')
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path) | Out-Null
        [System.IO.File]::WriteAllText($path, ($files[$i + 1] -replace "`r?`n", "`r`n"), [System.Text.Encoding]::ASCII)
        Write-Log "wrote $rel"
    }
    # Every other server's md volume GUIDs (written by its md-guid step, readable only on that
    # server) are carried over from the live configuration, so a re-push (a changed plan, a
    # resumed step) never drops them. No live configuration yet (first formation): nothing to keep.
    if ($OtherServers.Count -gt 0) {
        $live = Join-Path $StateDir 'live'
        if (Test-Path -LiteralPath $live) { Remove-Item -LiteralPath $live -Recurse -Force }
        New-Item -ItemType Directory -Force -Path $live | Out-Null
        # a failed pull (no configuration yet) is expected: Invoke-ClpProbe (common.ps1)
        Push-Location $live
        try { $pull = Invoke-ClpProbe (Join-Path $ClpBin 'clpcfctrl.exe') $PullArgs } finally { Pop-Location }
        $liveConf = Join-Path $live 'clp.conf'
        if ($pull.ExitCode -eq 0 -and (Test-Path -LiteralPath $liveConf)) {
            [xml]$liveXml = Get-Content -LiteralPath $liveConf -Raw
            foreach ($o in $OtherServers) {
                foreach ($k in @('volumeguid', 'cpvolumeguid')) {
                    $v = $liveXml.SelectSingleNode("/root/resource/md[@name='$MdName']/server[@name='$o']/parameters/$k")
                    if ($v -and $v.InnerText -match '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') {
                        Invoke-Native $cfset @('add', 'rscparam', 'md', $MdName, "server@$o/parameters/$k", $v.InnerText) "clpcfset (keep $o $k)"
                        Write-Log "kept $o's $k from the live configuration"
                    }
                }
            }
        }
    }
    $cfctrl = Join-Path $ClpBin 'clpcfctrl.exe'
    # Resume: the live configuration already equals this plan (a push that ran before its hash
    # was saved): nothing is pushed again. A failed or different pull only means "push".
    $pulled = Join-Path $StateDir 'pulled'
    if (Test-Path -LiteralPath $pulled) { Remove-Item -LiteralPath $pulled -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $pulled | Out-Null
    $same = $false
    $pull = Invoke-ClpProbe $cfctrl @(@('--pull') + $PullFlags + @('-x', $pulled))
    $pulledConf = Join-Path $pulled 'clp.conf'
    if ($pull.ExitCode -eq 0 -and (Test-Path -LiteralPath $pulledConf) -and (Test-Path -LiteralPath 'clp.conf')) {
        $same = (Get-FileHash -LiteralPath $pulledConf).Hash -eq (Get-FileHash -LiteralPath 'clp.conf').Hash
        for ($i = 0; $same -and $i -lt $files.Count; $i += 2) {
            $a = Join-Path $pulled ($files[$i] -replace '/', '\')
            $b = Join-Path $conf ($files[$i] -replace '/', '\')
            $same = (Test-Path -LiteralPath $a) -and ((Get-FileHash -LiteralPath $a).Hash -eq (Get-FileHash -LiteralPath $b).Hash)
        }
    }
    if ($same) {
        Write-Log 'the live configuration already equals this plan: not pushing again'
    } else {
        # never to a running cluster (common.ps1); the step "start" starts it after the reboots
        Stop-ClusterBeforePush
        Write-Log "applying: clpcfctrl $($PushArgs -join ' ')"
        Invoke-Native $cfctrl $PushArgs 'clpcfctrl --push'
    }
} finally {
    Pop-Location
}
Set-Content -LiteralPath $stamp -Value $hash
Write-Log "configuration of cluster $ClusterName applied ($hash); reboot-after-push and start follow"
exit 0
