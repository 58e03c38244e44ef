# CLUSTERPRO X "prepare" (every node, Windows): install or verify the product, request the
# reboot it needs, open Windows Firewall, partition the mirror disk (cluster partition RAW + NTFS data
# partition, seed 004), DNS topology: Azure CLI (MSI, seed 004) + the service-principal PEM,
# DSR: a loopback adapter and the weak host model per Microsoft's floating-IP guide. Idempotent: checks before every change.
param(
    [string]$InstallerUrl = '',
    [string]$SpCertPem = ''
)
$StepName = 'prepare'
# @@PARAMS@@
# @@INCLUDE common.ps1@@

Write-Log "node $($env:COMPUTERNAME): CLUSTERPRO $ClpVersion prepare"

# --- 1. the product ---------------------------------------------------------------------------
if (Test-ClpInstalled) {
    Write-Log "CLUSTERPRO is installed ($ClpBin)"
} elseif ($InstallerUrl) {
    $pkgDir = Join-Path $StateDir 'pkg'
    New-Item -ItemType Directory -Force -Path $pkgDir | Out-Null
    $zip = Join-Path $pkgDir 'clusterpro.zip'
    Write-Log 'downloading the CLUSTERPRO media (URL from the protected parameter InstallerUrl)'
    $ProgressPreference = 'SilentlyContinue'
    Invoke-WebRequest -UseBasicParsing -Uri $InstallerUrl -OutFile $zip
    Expand-Archive -LiteralPath $zip -DestinationPath (Join-Path $pkgDir 'media') -Force
    $silent = Get-ChildItem -Path (Join-Path $pkgDir 'media') -Recurse -Filter 'silent-install.bat' | Select-Object -First 1
    if (-not $silent) { Stop-Step 'silent-install.bat not found in the CLUSTERPRO media (S7 Image_Builder)' }
    Write-Log "installing with $($silent.FullName)"
    Push-Location $silent.DirectoryName
    try { Invoke-Native 'cmd.exe' @('/c', $silent.FullName) 'silent-install.bat' } finally { Pop-Location }
    Remove-Item -LiteralPath $zip -Force
    if (-not (Test-ClpInstalled)) { Stop-Step "installed, but clpcl.exe is not on the machine PATH" }
    # The guides reboot after installing. This step never reboots: it records the request; the
    # step reboot-after-install reboots the node after it (lifecycle/reboot.ps1).
    New-Item -ItemType Directory -Force -Path $RebootDir | Out-Null
    Set-Content -LiteralPath (Join-Path $RebootDir 'after-install.request') -Value "CLUSTERPRO $ClpVersion installed at $((Get-Date).ToUniversalTime().ToString('o'))"
    Write-Log 'reboot requested (reboot-after-install runs after this step)'
} else {
    Stop-Step "CLUSTERPRO is not installed (no clpcl.exe on the machine PATH) and no installerUrl was given: set software.installerUrl or use an image with CLUSTERPRO installed"
}

# --- 2. Windows Firewall: product ports, the LB probe port, the business ports ------------------
foreach ($proto in @('TCP', 'UDP')) {
    $ports = if ($proto -eq 'TCP') { $FwTcp } else { $FwUdp }
    foreach ($p in $ports) {
        $name = "azha-clusterpro-$($proto.ToLower())-$p"
        if (-not (Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue)) {
            New-NetFirewallRule -Name $name -DisplayName "azure-ha-cluster CLUSTERPRO $proto $p" -Direction Inbound -Protocol $proto -LocalPort $p -Action Allow | Out-Null
            Write-Log "firewall: opened $proto $p"
        }
    }
}
# ICMPv4 echo from the subnet: ipw1/ipw2 ping the peer node and the PING NP resource pings its
# targets; Windows Firewall drops inbound echo requests by default (the WSFC prepare opens the
# same). ICMP type 8 = echo request (New-NetFirewallRule -IcmpType, Microsoft Learn).
$icmpRule = 'azha-clusterpro-icmpv4-echo'
$icmp = Get-NetFirewallRule -Name $icmpRule -ErrorAction SilentlyContinue
# (the subnet is kept in the rule's description: Windows stores RemoteAddress as address/mask)
if ($icmp -and $icmp.Description -ne "subnet $SubnetPrefix") {
    Remove-NetFirewallRule -Name $icmpRule
    $icmp = $null
}
if (-not $icmp) {
    New-NetFirewallRule -Name $icmpRule -DisplayName 'azure-ha-cluster CLUSTERPRO ICMPv4 echo' -Direction Inbound -Description "subnet $SubnetPrefix" -Protocol ICMPv4 -IcmpType 8 -RemoteAddress $SubnetPrefix -Action Allow | Out-Null
    Write-Log "firewall: opened ICMPv4 echo from $SubnetPrefix"
}

# --- 3. mirror disk by LUN: cluster partition (RAW, never formatted) + NTFS data partition -------
$disk = Get-Disk | Where-Object { -not $_.IsBoot -and -not $_.IsSystem -and $_.Location -match "LUN $DataDiskLun(\D|$)" } | Select-Object -First 1
if (-not $disk) { Stop-Step "no data disk at LUN $DataDiskLun" }
$parts = @(Get-Partition -DiskNumber $disk.Number -ErrorAction SilentlyContinue | Where-Object { $_.DriveLetter })
$letters = @($parts | ForEach-Object { [string]$_.DriveLetter })
if (($letters -contains $ClusterDriveLetter) -and ($letters -contains $DataDriveLetter)) {
    Write-Log "mirror disk $($disk.Number) already partitioned (${ClusterDriveLetter}: cluster, ${DataDriveLetter}: data)"
} elseif ($disk.PartitionStyle -ne 'RAW') {
    Stop-Step "disk $($disk.Number) (LUN $DataDiskLun) has an unexpected layout; refusing to repartition it"
} else {
    Write-Log "partitioning disk $($disk.Number): ${ClusterDriveLetter}: ${ClusterPartitionGb} GiB RAW + ${DataDriveLetter}: NTFS"
    Initialize-Disk -Number $disk.Number -PartitionStyle GPT
    New-Partition -DiskNumber $disk.Number -Size ([int64]$ClusterPartitionGb * 1073741824) -DriveLetter $ClusterDriveLetter | Out-Null
    $data = New-Partition -DiskNumber $disk.Number -UseMaximumSize -DriveLetter $DataDriveLetter
    Format-Volume -Partition $data -FileSystem NTFS -Confirm:$false | Out-Null
}

# --- 4. DNS topology: Azure CLI (MSI, seed 004) and the service-principal certificate -----------
if ($DnsTopology) {
    if (Test-Path -LiteralPath $AzPath) {
        Write-Log "Azure CLI present at $AzPath"
    } else {
        Write-Log 'installing the Azure CLI (MSI)'
        $msi = Join-Path $StateDir 'azure-cli.msi'
        $ProgressPreference = 'SilentlyContinue'
        Invoke-WebRequest -UseBasicParsing -Uri 'https://aka.ms/installazurecliwindowsx64' -OutFile $msi
        $p = Start-Process -FilePath 'msiexec.exe' -ArgumentList @('/i', "`"$msi`"", '/quiet', '/norestart') -Wait -PassThru
        if ($p.ExitCode -ne 0 -and $p.ExitCode -ne 3010) { Stop-Step "Azure CLI MSI failed (exit $($p.ExitCode))" }
        Remove-Item -LiteralPath $msi -Force
        if (-not (Test-Path -LiteralPath $AzPath)) { Stop-Step "Azure CLI not found at $AzPath after the MSI" }
    }
    if (-not $SpCertPem) { Stop-Step 'the protected parameter SpCertPem (dns.updater.certificatePem) is empty' }
    $pemDir = Split-Path -Parent $PemPath
    New-Item -ItemType Directory -Force -Path $pemDir | Out-Null
    $want = Get-Sha256 $SpCertPem
    $have = if (Test-Path -LiteralPath $PemPath) { Get-Sha256 ([System.IO.File]::ReadAllText($PemPath)) } else { '' }
    if ($want -ne $have) {
        [System.IO.File]::WriteAllText($PemPath, $SpCertPem)
        Write-Log "service-principal certificate written to $PemPath"
    }
    # SYSTEM and Administrators only
    Invoke-Native 'icacls.exe' @($PemPath, '/inheritance:r', '/grant:r', '*S-1-5-18:F', '*S-1-5-32-544:F') 'icacls'
}

# --- 5. DSR: loopback adapter for the VIP, weak host model --------------------------------------
# Microsoft's floating-IP guest configuration (azure-docs articles/load-balancer/
# load-balancer-floating-ip.md, "Floating IP Guest OS configuration", Windows Server): the VM NIC
# weakhostreceive=enabled; the loopback carrying the frontend IP weakhostreceive=enabled and
# weakhostsend=enabled. Nothing more: weak host send stays off on the NIC.
if ($Dsr) {
    $lo = Get-NetAdapter -IncludeHidden -ErrorAction SilentlyContinue | Where-Object { $_.InterfaceDescription -like '*KM-TEST Loopback*' } | Select-Object -First 1
    if (-not $lo) {
        Write-Log 'creating the loopback adapter (netloop.inf, *MSLOOP) through SetupAPI, as devcon does'
        Add-Type -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
public static class AzhaLoopback {
    [StructLayout(LayoutKind.Sequential)]
    public struct SP_DEVINFO_DATA { public int cbSize; public Guid ClassGuid; public int DevInst; public IntPtr Reserved; }
    [DllImport("setupapi.dll", SetLastError = true)]
    static extern IntPtr SetupDiCreateDeviceInfoList(ref Guid classGuid, IntPtr hwnd);
    [DllImport("setupapi.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    static extern bool SetupDiCreateDeviceInfoW(IntPtr set, string name, ref Guid cls, string desc, IntPtr hwnd, int flags, ref SP_DEVINFO_DATA data);
    [DllImport("setupapi.dll", SetLastError = true)]
    static extern bool SetupDiSetDeviceRegistryPropertyW(IntPtr set, ref SP_DEVINFO_DATA data, int property, byte[] buffer, int size);
    [DllImport("setupapi.dll", SetLastError = true)]
    static extern bool SetupDiCallClassInstaller(int installFunction, IntPtr set, ref SP_DEVINFO_DATA data);
    [DllImport("setupapi.dll", SetLastError = true)]
    static extern bool SetupDiDestroyDeviceInfoList(IntPtr set);
    [DllImport("newdev.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    static extern bool UpdateDriverForPlugAndPlayDevicesW(IntPtr hwnd, string hardwareId, string infPath, int flags, out bool reboot);
    public static void Create() {
        Guid net = new Guid("4d36e972-e325-11ce-bfc1-08002be10318");
        IntPtr set = SetupDiCreateDeviceInfoList(ref net, IntPtr.Zero);
        SP_DEVINFO_DATA d = new SP_DEVINFO_DATA();
        d.cbSize = Marshal.SizeOf(d);
        if (!SetupDiCreateDeviceInfoW(set, "NET", ref net, null, IntPtr.Zero, 1, ref d)) throw new Win32Exception();
        byte[] hwid = System.Text.Encoding.Unicode.GetBytes("*MSLOOP\0\0");
        if (!SetupDiSetDeviceRegistryPropertyW(set, ref d, 1, hwid, hwid.Length)) throw new Win32Exception();
        if (!SetupDiCallClassInstaller(0x19, set, ref d)) throw new Win32Exception();
        SetupDiDestroyDeviceInfoList(set);
        bool reboot;
        string inf = Environment.ExpandEnvironmentVariables(@"%windir%\inf\netloop.inf");
        if (!UpdateDriverForPlugAndPlayDevicesW(IntPtr.Zero, "*MSLOOP", inf, 1, out reboot)) throw new Win32Exception();
    }
}
'@
        [AzhaLoopback]::Create()
        Start-Sleep -Seconds 5
        $lo = Get-NetAdapter -ErrorAction SilentlyContinue | Where-Object { $_.InterfaceDescription -like '*KM-TEST Loopback*' } | Select-Object -First 1
        if (-not $lo) { Stop-Step 'the loopback adapter did not appear' }
    }
    if ($lo.Name -ne $LoopbackAlias) { Rename-NetAdapter -Name $lo.Name -NewName $LoopbackAlias }
    Set-NetIPInterface -InterfaceAlias $LoopbackAlias -AddressFamily IPv4 -WeakHostReceive Enabled -WeakHostSend Enabled -Dhcp Disabled
    $primary = Get-NetIPConfiguration | Where-Object { $_.IPv4DefaultGateway -and $_.InterfaceAlias -ne $LoopbackAlias } | Select-Object -First 1
    if (-not $primary) { Stop-Step 'DSR: no NIC with a default gateway (the Azure NIC) found' }
    # receive only (the guide); weak host send Disabled = the Windows default, undoing any earlier setting
    Set-NetIPInterface -InterfaceIndex $primary.InterfaceIndex -AddressFamily IPv4 -WeakHostReceive Enabled -WeakHostSend Disabled
    Write-Log "DSR: loopback $LoopbackAlias weak host send/receive; NIC $($primary.InterfaceAlias) weak host receive"
}

$doneAt = (Get-Date).ToUniversalTime().ToString('o')
Set-Content -LiteralPath (Join-Path $StateDir 'prepare-done') -Value $doneAt
Write-Log 'prepare done'
