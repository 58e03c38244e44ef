# Test stub of the FailoverClusters module: lets `Import-Module FailoverClusters`, `#Requires
# -Modules FailoverClusters` and `Get-Module -ListAvailable FailoverClusters` succeed on Linux.
# The cmdlets themselves are the recording functions of test/support/pwsh/stubs.ps1.
Export-ModuleMember
