# CLUSTERPRO X "form" (first node, Windows): builds clp.conf with clpcfset.exe from the rendered
# plan ($ClpCommands: one call per entry, arguments TAB-separated; $ClpFiles: path/content pairs
# of the scripts the product runs), applies it with clpcfctrl --push (flags per version) and
# starts the cluster. Idempotent: an unchanged plan (hash kept) changes nothing.
param(
    [string]$PublicIp = '',
    [string]$DnsResourceGroup = ''
)
$StepName = 'form'
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
        # a failed pull (no configuration yet) is expected: 'Continue', or Windows PowerShell 5.1
        # turns the tool's stderr into a terminating error under 'Stop'
        $eap = $ErrorActionPreference
        $ErrorActionPreference = 'Continue'
        Push-Location $live
        try { & (Join-Path $ClpBin 'clpcfctrl.exe') @PullArgs 2>$null | Out-Null } finally { Pop-Location; $ErrorActionPreference = $eap }
        $liveConf = Join-Path $live 'clp.conf'
        if ($LASTEXITCODE -eq 0 -and (Test-Path -LiteralPath $liveConf)) {
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
    $cl = Join-Path $ClpBin 'clpcl.exe'
    if ($applied) {
        Write-Log 'configuration changed since the last apply: stopping the cluster before the push'
        Invoke-Native $cl @('-t', '-a') 'clpcl -t -a'
    }
    Write-Log "applying: clpcfctrl $($PushArgs -join ' ')"
    Invoke-Native (Join-Path $ClpBin 'clpcfctrl.exe') $PushArgs 'clpcfctrl --push'
    Write-Log 'starting the cluster: clpcl -s -a'
    Invoke-Native $cl @('-s', '-a') 'clpcl -s -a'
} finally {
    Pop-Location
}
Set-Content -LiteralPath $stamp -Value $hash
Write-Log "cluster $ClusterName formed"
