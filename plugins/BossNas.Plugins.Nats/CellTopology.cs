namespace BossNas.Plugins.Nats;

/// <summary>One edge of the cell DAG: node <see cref="To"/> adds <see cref="Op"/> applied to node <see cref="From"/>.</summary>
/// <param name="To">Target node (1..3).</param>
/// <param name="From">Source node (0 = the cell input).</param>
/// <param name="Op">NATS op name: <c>nor_conv_3x3</c>, <c>nor_conv_1x1</c> or <c>skip_connect</c>.</param>
internal sealed record CellEdge(int To, int From, string Op)
{
    /// <summary>Kernel of a <c>nor_conv</c> edge (ReLU→Conv→BN); 0 for a skip.</summary>
    public int Kernel => Op switch { "nor_conv_3x3" => 3, "nor_conv_1x1" => 1, _ => 0 };
}

/// <summary>
/// The fixed cell of the size space: the best topology of NATS-Bench TSS. Edges leaving the cell input (node 0) go
/// from the input width to the output width (a skip there becomes ReLU + Conv1x1 + BN when they differ); the other
/// edges stay at the output width.
/// </summary>
internal static class CellTopology
{
    /// <summary>The genotype string, NATS notation: nodes separated by <c>+</c>, inputs <c>op~source</c>.</summary>
    public const string Genotype =
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    /// <summary>The edges of <see cref="Genotype"/>, node by node.</summary>
    public static IReadOnlyList<CellEdge> Edges { get; } = Parse(Genotype);

    /// <summary>Number of nodes including the input; the last node is the output.</summary>
    public static int Nodes => Edges.Max(e => e.To) + 1;

    /// <summary>Parses a NATS genotype string restricted to the ops the size space uses.</summary>
    public static IReadOnlyList<CellEdge> Parse(string genotype)
    {
        var edges = new List<CellEdge>();
        var nodes = genotype.Split('+');
        for (int n = 0; n < nodes.Length; n++)
        {
            foreach (var input in nodes[n].Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = input.Split('~');
                if (parts.Length != 2 || !int.TryParse(parts[1], out int from) || from > n)
                    throw new FormatException($"bad cell input '{input}' in genotype '{genotype}'");
                if (parts[0] is not ("nor_conv_3x3" or "nor_conv_1x1" or "skip_connect"))
                    throw new FormatException($"op '{parts[0]}' is not supported in the size-space cell");
                edges.Add(new CellEdge(n + 1, from, parts[0]));
            }
        }
        return edges;
    }
}
