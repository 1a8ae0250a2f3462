using System.Text.Json;
using BossNas.Cli;

namespace BossNas.Tests.Cli;

/// <summary>Runs a <c>bossnas</c> command line in-process, capturing stdout and stderr.</summary>
internal static class CliHarness
{
    /// <summary>The exit code and the two outputs of <paramref name="args"/>.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = BossNasCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The <c>--json</c> document of a command that must succeed; it must be all of stdout (the parser refuses trailing text).</summary>
    public static JsonElement Json(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }
}
