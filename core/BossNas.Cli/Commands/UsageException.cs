namespace BossNas.Cli.Commands;

/// <summary>A command-line mistake found by a command; printed with the usage hint, exit code 2.</summary>
/// <param name="message">What is wrong, e.g. <c>x.toml: no such file</c>.</param>
internal sealed class UsageException(string message) : Exception(message);
