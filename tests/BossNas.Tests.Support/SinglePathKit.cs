using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Tests.Support;

/// <summary>The single-path plugins' test setting: a small mbconv space with the BN-NAS op set, and strategies built on it.</summary>
public static class SinglePathKit
{
    /// <summary>A small mbconv space with the BN-NAS op set (6 MB ops + skip, 7 choices per layer).</summary>
    public static ISearchSpace BnNasSpace(bool skip = true, bool affine = true) => SpaceTestKit.Space("mbconv",
        ("Ops", "bnnas"), ("Skip", skip), ("SupernetBnAffine", affine), ("SeRatio", 0.0), ("BlockChannels", new[] { 8, 8, 16, 16, 16 }),
        ("BlockLayers", new[] { 1, 2, 1, 2, 1 }), ("StemChannels", 8), ("FirstChannels", 8), ("LastChannels", 0), ("HeadChannels", 0));

    /// <summary>Input of the small spaces.</summary>
    public static readonly InputShape Input = new(1, 16, 16, 4);

    /// <summary>Strategy <paramref name="name"/> built on <paramref name="space"/>, its stage started.</summary>
    public static ISupervisionStrategy Strategy(string name, ISearchSpace space, long seed = 0, params (string, object)[] settings)
    {
        TorchSharp.torch.manual_seed(seed);
        var strategy = SpaceTestKit.Create<ISupervisionStrategy>(ComponentKind.Supervision, name, settings);
        strategy.Build(space, Input, RunContext.ForTests(seed));
        return strategy;
    }

}
