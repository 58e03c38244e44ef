# CLUSTERPRO X "license" (every node, Windows, after the reboot — the guides' order): registers
# the license files from the protected parameter Licenses (base64 of each file, separated by
# commas or whitespace) with clplcnsc. Without Licenses, the image must hold them already.
param(
    [string]$Licenses = ''
)
$StepName = 'license'
# @@PARAMS@@
# @@INCLUDE common.ps1@@

if (-not (Test-ClpInstalled)) { Stop-Step "CLUSTERPRO is not installed (no clpcl.exe on the machine PATH)" }
$lcnsc = Join-Path $ClpBin 'clplcnsc.exe'
if (-not $Licenses) {
    Invoke-Native $lcnsc @('-l') 'no license registered and no licenses given (software.licenses); clplcnsc -l'
    Write-Log 'licenses already registered (none given)'
    exit 0
}
$want = Get-Sha256 $Licenses
$stamp = Join-Path $StateDir 'licenses.sha256'
if ((Test-Path -LiteralPath $stamp) -and ((Get-Content -LiteralPath $stamp -Raw).Trim() -eq $want)) {
    & $lcnsc -l | Out-Null
    if ($LASTEXITCODE -eq 0) { Write-Log 'licenses already registered'; exit 0 }
}
$work = Join-Path $StateDir ('lic-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Force -Path $work | Out-Null
try {
    $i = 0
    foreach ($blob in ($Licenses -split '[,\s]+' | Where-Object { $_ })) {
        $i++
        $file = Join-Path $work "license$i.key"
        [System.IO.File]::WriteAllBytes($file, [System.Convert]::FromBase64String($blob))
        Invoke-Native $lcnsc @('-i', $file) "clplcnsc -i (license #$i)"
        Write-Log "registered license #$i"
    }
    if ($i -eq 0) { Stop-Step 'Licenses holds no license' }
} finally {
    Remove-Item -LiteralPath $work -Recurse -Force
}
Invoke-Native $lcnsc @('-l') 'clplcnsc -l after registration'
Set-Content -LiteralPath $stamp -Value $want
Write-Log "licenses registered ($i)"
