namespace BossNas.Cli.Settings;

/// <summary>Settings of a command that can print one JSON document instead of text (<c>--json</c>).</summary>
internal interface IJsonOutput
{
    /// <summary>Print the command's result as one JSON document on stdout; log lines and errors go to stderr.</summary>
    bool Json { get; }
}
