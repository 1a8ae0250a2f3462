namespace BossNas.Core.Files;

/// <summary>One entry of a YAML table: where it starts (1-based line), its key as written, and its number.</summary>
/// <param name="Line">The line of the entry's key.</param>
/// <param name="Key">The key's text as the file writes it (quotes removed; never converted to a number).</param>
/// <param name="Value">The entry's number.</param>
public sealed record YamlEntry(int Line, string Key, double Value);
