using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Run;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Tests.Spaces;
using BossNas.Tests.Support;

namespace BossNas.Tests.SinglePath;

/// <summary>
/// The single-path plugins as the host loads them: components built with options set by name, and the plugins'
/// public helper types reached through their assemblies (the tests do not reference plugin projects).
/// </summary>
internal static class SinglePathKit
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

    /// <summary>A public type of the plugin assembly that holds <paramref name="component"/>.</summary>
    public static Type PluginType(object component, string name) =>
        component.GetType().Assembly.GetType(name, throwOnError: true)!;

    /// <summary>A public type of the single-path plugin.</summary>
    public static Type SinglePathType(string name) =>
        PluginType(SpaceTestKit.Create<IEvaluator>(ComponentKind.Evaluator, "accuracy"), "BossNas.Plugins.SinglePath." + name);

    /// <summary>A public type of the searchers plugin.</summary>
    public static Type SearchersType(string name) =>
        PluginType(SpaceTestKit.Create<ISearcher>(ComponentKind.Searcher, "evolution"), "BossNas.Plugins.Searchers." + name);

    /// <summary>Calls a public static method.</summary>
    public static object? Static(Type type, string method, params object?[] args) =>
        type.GetMethod(method)!.Invoke(null, args);
}
