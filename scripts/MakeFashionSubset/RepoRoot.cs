namespace BossNas.Scripts;

/// <summary>Locates the repository root, so the default output lands in the repo wherever the tool runs from.</summary>
internal static class RepoRoot
{
    /// <summary>The nearest folder holding Directory.Packages.props above the binary, else above the working directory.</summary>
    public static string Find()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("repo root not found; pass --out");
    }
}
