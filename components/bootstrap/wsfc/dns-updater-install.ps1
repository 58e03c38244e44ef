<#
  WSFC bootstrap, step "dns-updater" (every node, as SYSTEM, after "form"; DNS topology only).
  Writes the A-record updater to C:\ProgramData\azure-ha-cluster (SYSTEM and Administrators only)
  and registers a scheduled task that runs it when the cluster brings a role online (event 1201 of
  Microsoft-Windows-FailoverClustering), at boot, and every few minutes (reconcile). Then runs it
  once (bounded retries: the identity's role assignment may take minutes to apply). Rewrites the
  file and the task only when they differ.
#>
# @@PARAMS@@
$HaStep = 'dns-updater'
# @@INCLUDE common.ps1@@

Write-HaLog "start on $env:COMPUTERNAME"

# Only SYSTEM and Administrators may change what the task runs as SYSTEM.
$acl = Get-Acl -LiteralPath $HaStateDir
if ($acl.AreAccessRulesProtected) {
    Write-HaLog "unchanged: $HaStateDir is restricted"
} else {
    & icacls.exe $HaStateDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null
    if ($LASTEXITCODE -ne 0) { Stop-HaStep "icacls could not restrict $HaStateDir (exit code $LASTEXITCODE)" }
    Write-HaLog "$HaStateDir restricted to SYSTEM and Administrators"
}

$updaterPath = Join-Path $HaStateDir 'wsfc-dns-updater.ps1'
$existing = $null
if (Test-Path -LiteralPath $updaterPath) { $existing = [IO.File]::ReadAllText($updaterPath) }
if ($existing -ceq $UpdaterScript) {
    Write-HaLog "unchanged: $updaterPath"
} else {
    [IO.File]::WriteAllText($updaterPath, $UpdaterScript, (New-Object System.Text.UTF8Encoding $true))
    Write-HaLog "written: $updaterPath"
}

$taskXml = @'
<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>azure-ha-cluster: points the cluster's DNS A record at the node that owns the role.</Description>
  </RegistrationInfo>
  <Triggers>
    <EventTrigger>
      <Enabled>true</Enabled>
      <Subscription>&lt;QueryList&gt;&lt;Query Id="0" Path="Microsoft-Windows-FailoverClustering/Operational"&gt;&lt;Select Path="Microsoft-Windows-FailoverClustering/Operational"&gt;*[System[(EventID=1201)]]&lt;/Select&gt;&lt;Select Path="System"&gt;*[System[Provider[@Name='Microsoft-Windows-FailoverClustering'] and (EventID=1201)]]&lt;/Select&gt;&lt;/Query&gt;&lt;/QueryList&gt;</Subscription>
    </EventTrigger>
    <BootTrigger>
      <Enabled>true</Enabled>
      <Delay>PT1M</Delay>
    </BootTrigger>
    <TimeTrigger>
      <Enabled>true</Enabled>
      <StartBoundary>2024-01-01T00:00:00</StartBoundary>
      <Repetition>
        <Interval>__INTERVAL__</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
    </TimeTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>S-1-5-18</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>Queue</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT10M</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>powershell.exe</Command>
      <Arguments>-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "__SCRIPT__"</Arguments>
    </Exec>
  </Actions>
</Task>
'@
$taskXml = $taskXml.Replace('__INTERVAL__', "PT$($ReconcileMinutes)M").Replace('__SCRIPT__', $updaterPath)

# Guard: the hash of the registered definition is kept beside the script.
$sha = [Security.Cryptography.SHA256]::Create()
$hash = [BitConverter]::ToString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($taskXml))).Replace('-', '')
$hashFile = Join-Path $HaStateDir 'wsfc-dns-updater.task.sha256'
$registeredHash = ''
if (Test-Path -LiteralPath $hashFile) { $registeredHash = (Get-Content -LiteralPath $hashFile -Raw).Trim() }
$task = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if ($null -ne $task -and $registeredHash -eq $hash) {
    Write-HaLog "unchanged: scheduled task $TaskName"
} else {
    Register-ScheduledTask -TaskName $TaskName -Xml $taskXml -Force | Out-Null
    Set-Content -LiteralPath $hashFile -Value $hash -Encoding ASCII
    Write-HaLog "scheduled task $TaskName registered (role online, boot, every $ReconcileMinutes min)"
}

# Run it once now; only the owner of the role writes the record.
Wait-HaCondition -What 'the DNS updater succeeding (identity, role assignment, zone)' -TimeoutSec $FirstRunTimeoutSec -IntervalSec 20 -Condition {
    & powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $updaterPath | Out-Null
    $LASTEXITCODE -eq 0
}
Write-HaLog 'done'
exit 0
