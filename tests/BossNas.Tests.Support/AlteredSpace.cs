using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Tests.Support;

/// <summary>
/// A real space with one thing altered, to show that a check catches it: its analytic cost off by some MAdds, its path
/// lists short of their first path, another declaration of how its choices share weights, or a spy around its supernet.
/// </summary>
public sealed class AlteredSpace(ISearchSpace inner) : ISearchSpace
{
    /// <summary>Candidate path lists lose their first path.</summary>
    public bool DropFirstCandidate { get; init; }

    /// <summary>MAdds added to the analytic cost.</summary>
    public double ExtraMAdds { get; init; }

    /// <summary>The declared weight sharing, when not the real space's.</summary>
    public ChoiceSharing? DeclaredSharing { get; init; }

    /// <summary>Wraps the real supernet (a spy that records how strategies drive it), when set.</summary>
    public Func<Supernet, Supernet>? WrapSupernet { get; init; }

    public IReadOnlyList<BlockInfo> Blocks => inner.Blocks;

    public bool SupportsStrictFair => inner.SupportsStrictFair;

    public IReadOnlyDictionary<string, Architecture> NamedArchitectures => inner.NamedArchitectures;

    public string? Validate(Architecture architecture, bool allowPartial = false) => inner.Validate(architecture, allowPartial);

    public double CountArchitectures() => inner.CountArchitectures();

    public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix) =>
        DropFirstCandidate ? inner.CandidatePaths(block, prefix).Skip(1).ToList() : inner.CandidatePaths(block, prefix);

    public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode, SeededRandom rng) =>
        inner.SampleBlockPaths(block, prefix, count, mode, rng);

    public Architecture SampleArchitecture(SeededRandom rng) => inner.SampleArchitecture(rng);

    public ChoiceSharing Sharing => DeclaredSharing ?? inner.Sharing;

    public Supernet CreateSupernet(InputShape input) =>
        WrapSupernet is null ? inner.CreateSupernet(input) : WrapSupernet(inner.CreateSupernet(input));

    public nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input) => inner.CreateStandalone(architecture, input);

    public void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture) =>
        inner.InheritWeights(supernet, standalone, architecture);

    public Cost Cost(Architecture architecture, InputShape input) => inner.Cost(architecture, input) + new Cost(ExtraMAdds, 0);

    public string Describe(Architecture architecture) => inner.Describe(architecture);
}
