namespace BossNas.Tests.Support;

/// <summary>
/// BossNAS's published ranking files (the <c>ranking_nats/</c> and <c>ranking_mbconv/</c> folders of its public code; not in
/// this repository): the folder <c>BOSSNAS_RANKING_DATA</c> names, else a <c>shared/data/bossnas_ranking</c> folder in an
/// ancestor of the test binaries (CI's layout). A missing copy fails the test that needs them rather than letting it pass
/// unchecked.
/// </summary>
public static class RankingData
{
    /// <summary>The environment variable that names the folder.</summary>
    public const string Variable = "BOSSNAS_RANKING_DATA";

    /// <summary>The folder.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">It is not there.</exception>
    public static string Folder()
    {
        string? configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            // An explicit location that does not exist is a configuration error, not a reason to skip.
            return Directory.Exists(configured) ? configured : throw new Xunit.Sdk.XunitException($"{Variable}={configured} does not exist.");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", "bossnas_ranking");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new Xunit.Sdk.XunitException(
            $"no shared/data/bossnas_ranking above {AppContext.BaseDirectory}; set {Variable} to the folder with BossNAS's ranking files");
    }
}
