namespace BossNas.Engine.Config;

/// <summary>
/// Where a config sets a key that names a file (the file, line and column of the key, or the <c>--set</c> that gave it),
/// so a problem found inside that file later is reported at the key with the file's own <c>file:line</c> in the message.
/// </summary>
/// <param name="Source">The config file, or <c>--set ...</c>.</param>
/// <param name="Line">1-based line of the key; 0 when unknown.</param>
/// <param name="Column">1-based column of the key; 0 when unknown.</param>
/// <param name="Name">The key as users write it, e.g. <c>pipeline.benchmark</c>.</param>
internal sealed record ConfigKey(string Source, int Line, int Column, string Name)
{
    /// <summary>Problems listed for one file are cut off after this many (a wrong file would list every line).</summary>
    public const int MaxProblems = 10;

    /// <summary>The position of <paramref name="key"/> in <paramref name="table"/> (or of the <c>--set</c> that gave it).</summary>
    public static ConfigKey At(TomlDocument doc, Tomlyn.Model.TomlTable table, string key, string name)
    {
        var at = doc.ErrorAt(table, key, "");
        return new ConfigKey(at.Source, at.Line, at.Column, name);
    }

    /// <summary>An error at the key.</summary>
    public ConfigError Error(string message) => new(Source, Line, Column, $"{Name}: {message}");

    /// <summary>One error per problem at the key, the first <see cref="MaxProblems"/> of them and a count of the rest.</summary>
    public IEnumerable<ConfigError> Errors(IReadOnlyList<string> problems)
    {
        foreach (var problem in problems.Take(MaxProblems)) yield return Error(problem);
        if (problems.Count > MaxProblems) yield return Error($"... and {problems.Count - MaxProblems} more problem(s) in the file");
    }
}
