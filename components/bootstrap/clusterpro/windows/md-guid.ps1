# CLUSTERPRO X "md-guid" (Windows, every node but the first, after the first node's push and before
# the cluster starts; one node at a time): writes THIS server's mirror-disk volume GUIDs into the
# cluster configuration. A volume GUID belongs to one machine's volume, so only this node can read
# it (Get-VolumeGuid, common.ps1), and every server's must be in clp.conf
# (server@<srv>/parameters/volumeguid|cpvolumeguid: EXPRESSCLUSTER/BasicCluster
# X41/Win/conf/2nodesMirror/clp.conf, CreateClusterOnLinux template_scripts/clpcreate_v1/
# create_win_md.pl).
# How, as NEC's own flows edit a live configuration: pull it (`clpcfctrl --pull`), edit the clp.conf
# in the current directory with clpcfset (EXPRESSCLUSTER/StatsD README: pull, `clpcfset add
# clsparam`, push; clpcfset change_ipaddr/Windows/clp_changeIP.ps1 runs `clpcfset add device` on an
# existing clp.conf and pushes it from the server it runs on), push it back; a push from any server
# distributes the configuration to every server.
# Idempotent: when the pulled configuration already holds this server's GUIDs, nothing is pushed.
#
# It never starts the cluster, and never pushes to a running one:
# - first deployment: the push step (form.ps1) pushed without starting the cluster; NEC reboots
#   every server after the push (clpcfset doc/windows/Shared-Disk.md) and any mirror-disk change
#   needs every server restarted (clpcfset change_ipaddr/README.md), so this step pushes to the
#   stopped cluster and the chain goes on: reboot-after-push on every node, one at a time, then
#   "start" (clpcl -s -a) on the first node.
# - re-runs: Pulumi runs this step again when its inputs change: its script (PlanHash follows the
#   push step's plan) or its AfterHash parameter (the push step's inputs and every VM's vmId, so a
#   rebuilt VM counts). Nothing is pushed when the GUIDs are already there (a changed plan: form.ps1
#   keeps them from the live configuration). When something must be pushed (a rebuilt server's new
#   volumes) and the cluster runs, Stop-ClusterBeforePush (common.ps1, as in form.ps1) stops it
#   first. Nothing here starts it again: the reboot-after-push steps and "start" re-run after
#   every run of this step, because their AfterHash covers this step's script and the same
#   AfterHash (clusterpro.ts, afterPushKey); they reboot every server and start the cluster.
param(
    [string]$AfterHash = ''
)
$StepName = 'md-guid'
# @@PARAMS@@
# @@INCLUDE common.ps1@@

if (-not (Test-ClpInstalled)) { Stop-Step 'CLUSTERPRO is not installed (no clpcl.exe on the machine PATH)' }
Write-Log "server $ServerName, configuration plan $PlanHash, chain $AfterHash"
$volumeGuid = Get-VolumeGuid $DataDriveLetter
$cpVolumeGuid = Get-VolumeGuid $ClusterDriveLetter
Write-Log "md volumes on this server: ${DataDriveLetter}: $volumeGuid, ${ClusterDriveLetter}: $cpVolumeGuid"

$work = Join-Path $StateDir 'md-guid'
if (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force }
New-Item -ItemType Directory -Force -Path $work | Out-Null
Push-Location $work
try {
    Write-Log "pulling the cluster configuration: clpcfctrl $($PullArgs -join ' ')"
    Invoke-Native (Join-Path $ClpBin 'clpcfctrl.exe') $PullArgs 'clpcfctrl --pull'
    $confFile = Join-Path $work 'clp.conf'
    if (-not (Test-Path -LiteralPath $confFile)) { Stop-Step "clpcfctrl --pull wrote no clp.conf in $work" }
    [xml]$conf = Get-Content -LiteralPath $confFile -Raw
    $md = $conf.SelectSingleNode("/root/resource/md[@name='$MdName']")
    if (-not $md) { Stop-Step "the cluster configuration has no mirror disk resource '$MdName': the form step must push first" }
    $mine = $md.SelectSingleNode("server[@name='$ServerName']/parameters")
    $haveGuid = if ($mine -and $mine.SelectSingleNode('volumeguid')) { $mine.SelectSingleNode('volumeguid').InnerText } else { '' }
    $haveCp = if ($mine -and $mine.SelectSingleNode('cpvolumeguid')) { $mine.SelectSingleNode('cpvolumeguid').InnerText } else { '' }
    if ($haveGuid -eq $volumeGuid -and $haveCp -eq $cpVolumeGuid) {
        Write-Log 'the configuration already holds this server''s volume GUIDs; nothing to push'
        exit 0
    }
    $cfset = Join-Path $ClpBin 'clpcfset.exe'
    foreach ($c in $ClpCommands) {
        $a = @(($c.Replace('@VOLUMEGUID@', $volumeGuid).Replace('@CPVOLUMEGUID@', $cpVolumeGuid)) -split "`t")
        Invoke-Native $cfset $a "clpcfset $($a -join ' ')"
    }
    Stop-ClusterBeforePush
    Write-Log "pushing: clpcfctrl $($PushArgs -join ' ')"
    Invoke-Native (Join-Path $ClpBin 'clpcfctrl.exe') $PushArgs 'clpcfctrl --push'
} finally {
    Pop-Location
}
Write-Log "volume GUIDs of $ServerName written to the cluster configuration; reboot-after-push and start follow"
exit 0
