namespace BossNas.Engine.Import;

/// <summary>
/// The error of a weights file that does not fit the network it is loaded into: tensors the network needs that the file
/// lacks, tensors of the file the network has no place for, or shapes that differ. The message lists the first of each.
/// </summary>
public static class WeightMismatch
{
    /// <summary>How many problems of each kind the message names.</summary>
    public const int Shown = 8;

    /// <summary>The error for the weights of <paramref name="source"/>.</summary>
    public static InvalidDataException Error(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unused, IReadOnlyList<string> misshapen) =>
        new(Describe(source, missing, unused, misshapen));

    private static string Describe(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unused, IReadOnlyList<string> misshapen)
    {
        var parts = new List<string>();
        void Add(string what, IReadOnlyList<string> items)
        {
            if (items.Count == 0) return;
            var more = items.Count > Shown ? $" and {items.Count - Shown} more" : "";
            parts.Add($"{items.Count} {what}: {string.Join("; ", items.Take(Shown))}{more}");
        }
        Add("shape(s) differ (name: expected, found)", misshapen);
        Add("tensor(s) of the network missing in the file", missing);
        Add("tensor(s) of the file unused by the network", unused);
        return $"{source} does not fit the network: {string.Join(" | ", parts)}";
    }
}
