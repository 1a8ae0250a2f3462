namespace BossNas.Cli.Json;

/// <summary>
/// <c>bossnas validate --json</c> for a config that passed (a config with errors prints them on stderr, exit 2, and no
/// document).
/// </summary>
/// <param name="Path">The config file.</param>
/// <param name="Use">What the config is for: <c>run</c>, <c>train</c> or <c>compare</c>.</param>
/// <param name="ConfigHash">The resolved config's SHA-256 (a run or train config; the text shows its first 12 digits).</param>
/// <param name="Arms">A compare config's arms, in order.</param>
internal sealed record ValidateJson(string Path, string Use, string? ConfigHash, IReadOnlyList<string>? Arms)
{
    /// <summary>Always true: a document is printed only for a valid config.</summary>
    public bool Ok => true;
}
