using System.Text.Json.Serialization;

namespace BossNas.Cli.Json;

/// <summary><c>bossnas plan --json</c>: what a config would search, the figures the text lists.</summary>
/// <param name="Space">The search space plugin.</param>
/// <param name="Input">The input shape the data implies, as the text writes it.</param>
/// <param name="Architectures">Architectures in the space.</param>
/// <param name="Blocks">Each block with the candidates after a random prefix of the earlier blocks.</param>
/// <param name="Cost">The cost range over random architectures.</param>
/// <param name="NamedArchitectures">The space's named architectures with their costs.</param>
/// <param name="Stages">The supervision strategy's supernet stages; null without a strategy.</param>
/// <param name="EpochsPerStage">Epochs each stage trains.</param>
/// <param name="Phases">The pipeline's phases and what each produces.</param>
internal sealed record PlanJson(string Space, string Input, double Architectures, IReadOnlyList<PlanJson.Block> Blocks, PlanJson.CostRange Cost,
    IReadOnlyList<PlanJson.Named> NamedArchitectures, IReadOnlyList<string>? Stages, int EpochsPerStage, IReadOnlyList<PlanJson.Phase> Phases)
{
    /// <summary>One block.</summary>
    /// <param name="Index">Block index.</param>
    /// <param name="Layers">Layers in the block.</param>
    /// <param name="Candidates">Candidate paths behind <paramref name="Prefix"/>.</param>
    /// <param name="Prefix">The random prefix the candidates were counted behind.</param>
    /// <param name="OpsPerLayer">Choices per layer.</param>
    internal sealed record Block(int Index, int Layers, int Candidates, string Prefix, IReadOnlyList<int> OpsPerLayer);

    /// <summary>Cost range over <paramref name="Samples"/> random architectures.</summary>
    /// <param name="Samples">Architectures drawn.</param>
    /// <param name="MinMAdds">Fewest multiply-adds.</param>
    /// <param name="MaxMAdds">Most multiply-adds.</param>
    /// <param name="MinParams">Fewest parameters.</param>
    /// <param name="MaxParams">Most parameters.</param>
    internal sealed record CostRange(int Samples, [property: JsonPropertyName("min_madds")] double MinMAdds,
        [property: JsonPropertyName("max_madds")] double MaxMAdds, long MinParams, long MaxParams);

    /// <summary>A named architecture.</summary>
    /// <param name="Name">Its name in the space.</param>
    /// <param name="Architecture">Its encoding.</param>
    /// <param name="MAdds">Multiply-adds.</param>
    /// <param name="Params">Parameters.</param>
    internal sealed record Named(string Name, string Architecture, [property: JsonPropertyName("madds")] double MAdds, long Params);

    /// <summary>A pipeline phase.</summary>
    /// <param name="Name">The phase.</param>
    /// <param name="Produces">What it leaves in the run folder.</param>
    internal sealed record Phase(string Name, string Produces);
}
