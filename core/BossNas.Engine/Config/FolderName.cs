namespace BossNas.Engine.Config;

/// <summary>
/// The one rule for a name that becomes a folder name (a run name, a compare arm): ASCII letters, digits, <c>-</c>,
/// <c>_</c> and <c>.</c>, not starting with <c>.</c>. Such a name is the same folder on every file system and to every
/// tool that writes into it (the log target cleans other characters out of a path, so <c>log.txt</c> would land in a
/// sibling folder), and it needs no quoting in a shell or a <c>--set</c>.
/// </summary>
public static class FolderName
{
    /// <summary>What the rule allows, for messages.</summary>
    public const string Rule = "letters, digits, '-', '_' and '.', not starting with '.'";

    /// <summary>Whether <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>"'x' is not a folder name (…)" for <paramref name="name"/>, or null when it follows the rule.</summary>
    public static string? Problem(string name) =>
        IsValid(name) ? null : $"'{ConfigError.Printable(name)}' is not a folder name (use {Rule})";
}
