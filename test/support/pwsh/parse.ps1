<#
  Test helper: parses many scripts with PowerShell's own parser in one process.
  Input: a JSON file [{ id, file }]. Output (stdout): JSON [{ id, errors, sevenOnly }].
  errors: the parser's ParseErrors. sevenOnly: syntax PowerShell 7 accepts and Windows
  PowerShell 5.1 (what Run Command starts on the nodes) rejects — ternary `a ? b : c`, pipeline
  chains `&&`/`||`, null-coalescing `??`/`??=`, null-conditional `?.`/`?[]` (about_Operators,
  "What's new in PowerShell 7.0").
#>
param([Parameter(Mandatory = $true)][string]$Manifest)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$L = [System.Management.Automation.Language.TokenKind]
$out = foreach ($job in (Get-Content -LiteralPath $Manifest -Raw | ConvertFrom-Json)) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($job.file, [ref]$tokens, [ref]$errors)
    $found = $ast.FindAll({
            param($n)
            switch ($n.GetType().Name) {
                'TernaryExpressionAst' { return $true }
                'PipelineChainAst' { return $true }
                'BinaryExpressionAst' { return $n.Operator -eq $L::QuestionQuestion }
                'AssignmentStatementAst' { return $n.Operator -eq $L::QuestionQuestionEquals }
                'MemberExpressionAst' { return [bool]$n.NullConditional }
                'InvokeMemberExpressionAst' { return [bool]$n.NullConditional }
                'IndexExpressionAst' { return [bool]$n.NullConditional }
            }
            return $false
        }, $true)
    [pscustomobject]@{
        id        = $job.id
        errors    = @($errors | ForEach-Object {
                [pscustomobject]@{ line = $_.Extent.StartLineNumber; column = $_.Extent.StartColumnNumber; message = $_.Message }
            })
        sevenOnly = @($found | ForEach-Object {
                $text = $_.Extent.Text
                if ($text.Length -gt 80) { $text = $text.Substring(0, 80) }
                [pscustomobject]@{ kind = $_.GetType().Name; line = $_.Extent.StartLineNumber; text = $text }
            })
    }
}
ConvertTo-Json -InputObject @($out) -Depth 5 -Compress
