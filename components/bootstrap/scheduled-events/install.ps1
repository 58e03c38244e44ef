<#
  Bootstrap step "scheduled-events" (Windows, every node, as SYSTEM, after the cluster runs):
  installs the Scheduled Events agent (C:\ProgramData\azure-ha-cluster\scheduled-events-agent.ps1)
  as the scheduled task azure-ha-cluster-scheduled-events (at boot, SYSTEM, no time limit,
  restarted on failure) and starts it; or removes it when software.scheduledEvents.enabled is
  false. Idempotent: the file and the task change only when they differ.
  Decisions: Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'azure-ha-cluster-scheduled-events' }
  Windows PowerShell 5.1 (what Run Command starts): no PowerShell 7 syntax.
#>
# @@PARAMS@@
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$dir = Join-Path $env:ProgramData 'azure-ha-cluster'
$agentPath = Join-Path $dir 'scheduled-events-agent.ps1'
$logFile = Join-Path $dir 'scheduled-events-install.log'
function Write-SeInstallLog {
    param([string]$Message)
    $line = '{0} [scheduled-events] {1}' -f (Get-Date -Format 'yyyy-MM-ddTHH:mm:ssK'), $Message
    Add-Content -LiteralPath $logFile -Value $line -Encoding UTF8
    Write-Host $line
}
if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }

$task = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if (-not $Enabled) {
    # software.scheduledEvents.enabled: false: stop and remove what an earlier run installed.
    if ($null -ne $task) {
        Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
        Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
        Remove-Item -LiteralPath $agentPath -Force -ErrorAction SilentlyContinue
        Write-SeInstallLog "removed: task $TaskName (scheduledEvents.enabled is false)"
    } else {
        Write-SeInstallLog 'unchanged: the agent is off and not installed'
    }
    exit 0
}

$changed = $false
$existing = $null
if (Test-Path -LiteralPath $agentPath) { $existing = [IO.File]::ReadAllText($agentPath) }
if ($existing -ceq $AgentScript) {
    Write-SeInstallLog "unchanged: $agentPath"
} else {
    [IO.File]::WriteAllText($agentPath, $AgentScript, (New-Object System.Text.UTF8Encoding $true))
    $changed = $true
    Write-SeInstallLog "written: $agentPath"
}

# The agent's decisions go to the Application log under its own source (New-EventLog refuses a
# source that exists: then it is registered already).
try {
    New-EventLog -LogName Application -Source $EventSource -ErrorAction Stop
    Write-SeInstallLog "event source registered: $EventSource"
} catch {
    Write-SeInstallLog "unchanged: event source $EventSource ($($_.Exception.Message))"
}

$taskXml = @'
<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>azure-ha-cluster: polls Azure Scheduled Events and drains this node before planned maintenance.</Description>
  </RegistrationInfo>
  <Triggers>
    <BootTrigger>
      <Enabled>true</Enabled>
    </BootTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>S-1-5-18</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
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
$taskXml = $taskXml.Replace('__SCRIPT__', $agentPath)
$sha = [Security.Cryptography.SHA256]::Create()
$hash = [BitConverter]::ToString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($taskXml))).Replace('-', '')
$hashFile = Join-Path $dir 'scheduled-events.task.sha256'
$registeredHash = ''
if (Test-Path -LiteralPath $hashFile) { $registeredHash = (Get-Content -LiteralPath $hashFile -Raw).Trim() }
if ($null -ne $task -and $registeredHash -eq $hash) {
    Write-SeInstallLog "unchanged: scheduled task $TaskName"
} else {
    Register-ScheduledTask -TaskName $TaskName -Xml $taskXml -Force | Out-Null
    Set-Content -LiteralPath $hashFile -Value $hash -Encoding ASCII
    $changed = $true
    Write-SeInstallLog "scheduled task $TaskName registered (at boot, SYSTEM, restarted on failure)"
}

$state = [string](Get-ScheduledTask -TaskName $TaskName).State
if ($changed -and $state -eq 'Running') {
    Stop-ScheduledTask -TaskName $TaskName
    $state = 'Ready'
}
if ($state -ne 'Running') { Start-ScheduledTask -TaskName $TaskName }
$deadline = (Get-Date).AddSeconds(60)
while ([string](Get-ScheduledTask -TaskName $TaskName).State -ne 'Running') {
    if ((Get-Date) -gt $deadline) {
        [Console]::Error.WriteLine("task $TaskName is not running; see $logFile and the Application log ($EventSource)")
        exit 1
    }
    Start-Sleep -Seconds 2
}
Write-SeInstallLog "running: task $TaskName (decisions: Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = '$EventSource' })"
exit 0
