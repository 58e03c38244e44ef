@{
    RootModule        = 'FailoverClusters.psm1'
    ModuleVersion     = '2.0.0.0'
    GUID              = '6c4c1b0e-8b7a-4d57-9d3a-5f0c1f6a1e01'
    Description       = 'Test stub (azure-ha-cluster): the cmdlets are functions of stubs.ps1'
    FunctionsToExport = @()
    CmdletsToExport   = @()
}
