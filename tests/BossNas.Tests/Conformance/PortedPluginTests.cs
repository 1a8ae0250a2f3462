using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Conformance;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Tests.Conformance;

/// <summary>
/// The conformance suite on the mistakes of a plugin ported by hand, as a new user would port one: a stand-alone network
/// without <see cref="IStandaloneNetwork"/> and an <c>InheritWeights</c> that copies nothing, a <c>CandidateOp</c> that
/// indexes past its ops, a searcher that kept an old <c>OnStageEnd</c> signature. None of them may pass, and each
/// failure names the member.
/// </summary>
[Collection("Torch")]
public sealed class PortedPluginTests
{
    private static bool IsPlugin(System.Reflection.Assembly a) => a == typeof(PortedSpace).Assembly;

    [Fact]
    public void Inheritance_that_copies_nothing_fails()
    {
        var outcome = PluginChecker.RunCheck("inheritance", () => SpaceContract.InheritanceMatchesSupernet("ported", new PortedSpace(copies: false)), IsPlugin);
        Assert.Equal(CheckStatus.Fail, outcome.Status);
        Assert.Contains("InheritWeights copied nothing", outcome.Detail);
    }

    [Fact]
    public void Inheritance_without_a_standalone_network_is_skipped_with_the_reason_not_passed()
    {
        var outcome = PluginChecker.RunCheck("inheritance", () => SpaceContract.InheritanceMatchesSupernet("ported", new PortedSpace(copies: true)), IsPlugin);
        Assert.Equal(CheckStatus.Skip, outcome.Status);
        Assert.False(outcome.Passed);
        Assert.Contains("IStandaloneNetwork", outcome.Detail);
    }

    [Fact]
    public void A_candidate_op_that_indexes_past_its_ops_fails_naming_CandidateOp()
    {
        var outcome = PluginChecker.RunCheck("path", () => SpaceContract.PathTrainsOnlyItsOps("ported", new PortedSpace(copies: true)), IsPlugin);
        Assert.Equal(CheckStatus.Fail, outcome.Status);
        Assert.Contains("IndexOutOfRangeException in PortedSupernet.CandidateOp(Int32, Int32, Int32)", outcome.Detail);
        Assert.Contains("PortedSupernet.CandidateOp", outcome.Stack);
    }

    [Fact]
    public void An_exception_inside_a_plugin_names_the_member_it_came_from()
    {
        var space = new PortedSpace(copies: true);
        var outcome = PluginChecker.RunCheck("describe", () => space.Describe(Architecture.Parse("9")), a => a == typeof(PortedSpace).Assembly);
        Assert.Equal(CheckStatus.Fail, outcome.Status);
        // The throwing method first; the outermost frame of the "plugin" (this test assembly) is the check's own lambda here.
        Assert.StartsWith("IndexOutOfRangeException in PortedSpace.Name(Int32), called as ", outcome.Detail);
        Assert.Contains("Index was outside the bounds of the array", outcome.Detail);
    }

    [Fact]
    public void A_method_with_a_contract_members_name_and_another_signature_is_reported()
    {
        var wrong = Assert.Single(ContractMembers.Mismatches(typeof(OldSearcher)));
        Assert.Contains("OldSearcher.OnStageEnd(Int32, Architecture)", wrong);
        Assert.Contains("ISearcher.OnStageEnd(StageSpec, Architecture, SearchContext)", wrong);
        Assert.Empty(ContractMembers.Mismatches(typeof(PortedSpace)));
        Assert.Empty(ContractMembers.Mismatches(typeof(PortedSupernet)));
        // An overload beside the implemented member is a convenience, not a stale signature.
        Assert.Empty(ContractMembers.Mismatches(typeof(OverloadingSearcher)));
    }
}

/// <summary>A one-block, one-layer space of two convs, ported with the mistakes <see cref="PortedPluginTests"/> looks for.</summary>
internal sealed class PortedSpace(bool copies) : ISearchSpace
{
    private static readonly string[] Ops = ["conv3", "conv1"];

    public IReadOnlyList<BlockInfo> Blocks { get; } = [new BlockInfo(0, [Ops])];

    public bool SupportsStrictFair => false;

    public IReadOnlyDictionary<string, Architecture> NamedArchitectures { get; } = new Dictionary<string, Architecture>();

    public string? Validate(Architecture architecture, bool allowPartial = false) =>
        architecture.Blocks.Count == 1 && architecture.Blocks[0].Length == 1 && architecture.Blocks[0][0] is 0 or 1 ? null : "one block of one op";

    public double CountArchitectures() => 2;

    public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix) => [new BlockPath([0]), new BlockPath([1])];

    public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode, SeededRandom rng) =>
        CandidatePaths(block, prefix).Take(count).ToList();

    public Architecture SampleArchitecture(SeededRandom rng) => Architecture.Empty.Append(new BlockPath([rng.Next(2)]));

    public ChoiceSharing Sharing => ChoiceSharing.Separate;

    public Supernet CreateSupernet(InputShape input) => new PortedSupernet(input.Channels);

    public nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input) =>
        new PortedNetwork(input.Channels, architecture.Blocks[0][0] == 0 ? 3 : 1, input.Classes);

    public void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture)
    {
        if (!copies) return;
        using var noGrad = no_grad();
        var op = (Conv2d)supernet.CandidateOp(0, 0, architecture.Blocks[0][0])!;
        ((PortedNetwork)standalone).Conv.weight!.copy_(op.weight!);
    }

    public Cost Cost(Architecture architecture, InputShape input) => new(0, 0);

    public string Describe(Architecture architecture) => Name(architecture.Blocks[0][0]);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string Name(int op) => Ops[op];
}

/// <summary>The ported supernet: its <c>CandidateOp</c> indexes an array and so throws the wrong exception past the end.</summary>
internal sealed class PortedSupernet : Supernet
{
    private readonly ModuleList<Conv2d> ops;

    public PortedSupernet(int channels) : base("ported")
    {
        ops = new ModuleList<Conv2d>(nn.Conv2d(channels, 16, 3, padding: 1), nn.Conv2d(channels, 16, 1));
        RegisterComponents();
    }

    public override int BlockCount => 1;

    public override Tensor ForwardStem(Tensor images) => images;

    public override Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path) => ops[path[0]].call(x).relu();

    public override FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path) => new(16, 0, 0);

    public override IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block) => [new FeatureShape(16, 0, 0)];

    public override IEnumerable<nn.Module> BlockModules(int block) => ops;

    public override nn.Module? CandidateOp(int block, int layer, int op) => new nn.Module[] { ops[0], ops[1] }[op];
}

/// <summary>The ported stand-alone network: a plain module, not an <see cref="IStandaloneNetwork"/>.</summary>
internal sealed class PortedNetwork : nn.Module<Tensor, Tensor>
{
    public readonly Conv2d Conv;
    private readonly Linear head;

    public PortedNetwork(int channels, int kernel, int classes) : base("ported_net")
    {
        Conv = nn.Conv2d(channels, 16, kernel, padding: kernel / 2);
        head = nn.Linear(16, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => head.call(Conv.call(x).relu().mean([2, 3]));
}

/// <summary>A searcher that kept an old <c>OnStageEnd</c> signature: it compiles, and the host would never call it.</summary>
internal sealed class OverloadingSearcher : ISearcher
{
    public bool FixesBlocks => true;

    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator) => null;

    public Architecture Search(Architecture fixedPrefix, SearchContext context) => fixedPrefix;

    public Architecture Search(SearchContext context) => Search(Architecture.Empty, context);
}

internal sealed class OldSearcher : ISearcher
{
    public bool FixesBlocks => true;

    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator) => null;

    public Architecture OnStageEnd(int stage, Architecture fixedPrefix) => fixedPrefix;

    public Architecture Search(Architecture fixedPrefix, SearchContext context) => fixedPrefix;
}
