namespace BossNas.Engine.Import;

/// <summary>
/// Renames the tensors of a weights file to the names of this framework's network before they are matched: each rule
/// replaces a leading prefix (<c>"module." = ""</c> drops DataParallel's prefix, <c>"features." = "blocks."</c> moves a
/// subtree). The longest matching prefix wins, so the rules' order never matters; a name no rule matches is kept.
/// </summary>
public sealed class NameMap
{
    private readonly List<KeyValuePair<string, string>> _rules;

    /// <summary>A map of the prefix rules <paramref name="prefixes"/> (from → to).</summary>
    /// <exception cref="ArgumentException">An empty prefix to replace.</exception>
    public NameMap(IEnumerable<KeyValuePair<string, string>> prefixes)
    {
        _rules = prefixes.OrderByDescending(r => r.Key.Length).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (_rules.Any(r => r.Key.Length == 0)) throw new ArgumentException("a rename rule needs a prefix to replace");
    }

    /// <summary>No renaming.</summary>
    public static NameMap None { get; } = new([]);

    /// <summary>The rules, longest prefix first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Rules => _rules;

    /// <summary>Reads command-line rules of the form <c>from=to</c> (<c>module.=</c> drops <c>module.</c>).</summary>
    /// <exception cref="FormatException">A rule without <c>=</c> or with an empty prefix.</exception>
    public static NameMap Parse(IEnumerable<string> rules)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var rule in rules)
        {
            int eq = rule.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new FormatException($"rename rule '{rule}': expected <prefix in the file>=<prefix in the network>, e.g. module.=");
            pairs.Add(new(rule[..eq], rule[(eq + 1)..]));
        }
        return new NameMap(pairs);
    }

    /// <summary>The network's name for the file's tensor <paramref name="name"/>.</summary>
    public string Apply(string name)
    {
        foreach (var (from, to) in _rules)
            if (name.StartsWith(from, StringComparison.Ordinal)) return to + name[from.Length..];
        return name;
    }
}
