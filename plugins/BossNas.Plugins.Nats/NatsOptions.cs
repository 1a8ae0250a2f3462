using BossNas.Core.Components;

namespace BossNas.Plugins.Nats;

/// <summary>Options of the <c>nats</c> space (NATS-Bench size search space).</summary>
public sealed class NatsOptions : IValidatableOptions, ISmokeProfile
{
    /// <summary>NATS-Bench's candidate widths.</summary>
    public static IReadOnlyList<int> NatsWidths { get; } = new[] { 8, 16, 24, 32, 40, 48, 56, 64 };

    /// <summary>
    /// Candidate widths of each of the 5 layers, ascending; the largest is the width of the supernet's shared kernels.
    /// </summary>
    [Help("candidate widths of each of the 5 layers, ascending (NATS-Bench: [8, 16, 24, 32, 40, 48, 56, 64])")]
    public int[] CandidateWidths { get; set; } = NatsWidths.ToArray();

    /// <summary>
    /// How the 5 layers are grouped into blocks: [2, 2, 1] = (c1,c2), (c3,c4), (c5), BossNAS's CIFAR-10 partition;
    /// [2, 1, 2] for CIFAR-100.
    /// </summary>
    [Help("layers per block, summing to 5: [2, 2, 1] (BossNAS CIFAR-10) or [2, 1, 2] (CIFAR-100)")]
    public int[] BlockLayers { get; set; } = { 2, 2, 1 };

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (CandidateWidths.Length == 0) yield return ("candidate_widths", "at least one width is needed");
        if (CandidateWidths.Any(w => w < 1)) yield return ("candidate_widths", "widths must be positive");
        for (int i = 1; i < CandidateWidths.Length; i++)
            if (CandidateWidths[i] <= CandidateWidths[i - 1])
            {
                yield return ("candidate_widths", "widths must be strictly ascending");
                break;
            }
        if (CandidateWidths.Length > 10)
            yield return ("candidate_widths", "at most 10 widths (a path writes one digit per layer)");
        if (BlockLayers.Length == 0 || BlockLayers.Any(l => l < 1))
            yield return ("block_layers", "every block needs at least one layer");
        else if (BlockLayers.Sum() != NatsLayout.LayerCount)
            yield return ("block_layers", $"the blocks must cover the {NatsLayout.LayerCount} layers, not {BlockLayers.Sum()}");
    }

    /// <summary>Two widths, 8 and 16.</summary>
    public void UseSmokeProfile() => CandidateWidths = new[] { 8, 16 };
}
