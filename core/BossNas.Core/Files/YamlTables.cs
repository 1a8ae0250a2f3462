using System.Globalization;

namespace BossNas.Core.Files;

/// <summary>
/// The tables published ratings and accuracies come in, read with one YAML parser (YamlDotNet) whatever their style:
/// a mapping of keys to numbers (NATS-Bench accuracies, <c>'c1:c2:c3:c4:c5': 93.2</c>, block or flow style) and a list
/// of (key, number) pairs (BossNAS's <c>path_rank_&lt;b&gt;.yml</c>, PyYAML's <c>!!python/tuple</c> lists, block or
/// flow style, e.g. <c>- !!python/tuple ['74', -3.17]</c> or <c>[[74, -3.17], ...]</c>). Keys are the text the file
/// writes, so <c>01</c> stays <c>01</c> and <c>16:16:16:16:64</c> (a YAML 1.1 number to PyYAML when it has no 64)
/// stays a string; numbers are plain scalars, PyYAML's <c>.nan</c> and <c>.inf</c> included.
/// </summary>
public static class YamlTables
{
    /// <summary>Reads a mapping of scalar keys to numbers, in file order (repeated keys included, for the caller to report).</summary>
    /// <exception cref="FormatException">The file is not such a mapping; the message names file and line.</exception>
    public static IReadOnlyList<YamlEntry> ReadNumberMap(string file)
    {
        var root = YamlTree.Load(file);
        if (root is null) return [];
        if (root is not YamlTree.Mapping map) throw Error(file, root.Line, "a mapping of '<key>: <number>' entries", Describe(root));
        return map.Pairs.Select(p => new YamlEntry(p.Key.Line, Key(file, p.Key), Number(file, p.Value))).ToList();
    }

    /// <summary>Reads a list of (key, number) pairs, each a two-item sequence, tagged (<c>!!python/tuple</c>) or not, in file order.</summary>
    /// <exception cref="FormatException">The file is not such a list; the message names file and line.</exception>
    public static IReadOnlyList<YamlEntry> ReadPairs(string file)
    {
        var root = YamlTree.Load(file);
        if (root is null) return [];
        if (root is not YamlTree.Sequence list) throw Error(file, root.Line, "a list of (<key>, <number>) pairs", Describe(root));
        var entries = new List<YamlEntry>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (item is not YamlTree.Sequence { Items.Count: 2 } pair)
                throw Error(file, item.Line, "a (<key>, <number>) pair such as '- !!python/tuple [<key>, <number>]'", Describe(item));
            entries.Add(new YamlEntry(pair.Items[0].Line, Key(file, pair.Items[0]), Number(file, pair.Items[1])));
        }
        return entries;
    }

    /// <summary>Parses a number as PyYAML writes one (<c>.nan</c>, <c>.inf</c>, <c>-.inf</c>, or a decimal), invariant culture.</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case ".NAN": value = double.NaN; return true;
            case ".INF" or "+.INF": value = double.PositiveInfinity; return true;
            case "-.INF": value = double.NegativeInfinity; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string Key(string file, YamlTree node) =>
        node is YamlTree.Scalar s ? s.Text : throw Error(file, node.Line, "a key (a scalar)", Describe(node));

    private static double Number(string file, YamlTree node) =>
        node is YamlTree.Scalar { Quoted: false } s && TryParseNumber(s.Text, out double value)
            ? value
            : throw Error(file, node.Line, "a number", Describe(node));

    private static string Describe(YamlTree node) => node switch
    {
        YamlTree.Scalar { Quoted: true } s => $"the string '{s.Text}'",
        YamlTree.Scalar s => $"'{s.Text}'",
        YamlTree.Sequence q => $"a list of {q.Items.Count} item(s)",
        YamlTree.Mapping m => $"a mapping of {m.Pairs.Count} key(s)",
        _ => node.GetType().Name,
    };

    private static FormatException Error(string file, int line, string expected, string found) =>
        new($"{file}, line {line}: expected {expected}, found {found}.");
}
