using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Bench;

/// <summary>
/// A search space that forwards everything to another and records every draw of <see cref="SampleBlockPaths"/>, so
/// the bench learns which paths a strategy actually trained in each step (and a twin can train the same ones)
/// without knowing how the strategy draws them.
/// </summary>
internal sealed class RecordingSpace(ISearchSpace inner) : ISearchSpace
{
    /// <summary>Every draw so far, in order.</summary>
    public List<IReadOnlyList<BlockPath>> Draws { get; } = [];

    public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode,
        SeededRandom rng)
    {
        var paths = inner.SampleBlockPaths(block, prefix, count, mode, rng);
        Draws.Add(paths);
        return paths;
    }

    public IReadOnlyList<BlockInfo> Blocks => inner.Blocks;
    public bool SupportsStrictFair => inner.SupportsStrictFair;
    public IReadOnlyDictionary<string, Architecture> NamedArchitectures => inner.NamedArchitectures;
    public bool BlockInterfacesFixed => inner.BlockInterfacesFixed;
    public string? Validate(Architecture architecture, bool allowPartial = false) =>
        inner.Validate(architecture, allowPartial);
    public double CountArchitectures() => inner.CountArchitectures();
    public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix) => inner.CandidatePaths(block, prefix);
    public Architecture SampleArchitecture(SeededRandom rng) => inner.SampleArchitecture(rng);
    public ChoiceSharing Sharing => inner.Sharing;

    public Supernet CreateSupernet(InputShape input) => inner.CreateSupernet(input);
    public nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input) =>
        inner.CreateStandalone(architecture, input);
    public void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture) =>
        inner.InheritWeights(supernet, standalone, architecture);
    public Cost Cost(Architecture architecture, InputShape input) => inner.Cost(architecture, input);
    public string Describe(Architecture architecture) => inner.Describe(architecture);
    public Architecture Largest(InputShape input) => inner.Largest(input);
    public Architecture Smallest(InputShape input) => inner.Smallest(input);
    public Architecture ParseBenchmarkKey(string key) => inner.ParseBenchmarkKey(key);
}
