using Xunit;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Tests.Support;

/// <summary>Creating plugin components from option values, and tensor checks shared by the space tests.</summary>
public static class SpaceTestKit
{
    /// <summary>A fresh options object of component (kind, name), with the given properties set.</summary>
    public static object Options(ComponentKind kind, string name, params (string Property, object Value)[] settings) =>
        ComponentOptions.Of(kind, name, settings);

    /// <summary>Component (kind, name) built with the given option values.</summary>
    public static T Create<T>(ComponentKind kind, string name, params (string Property, object Value)[] settings) where T : class =>
        ComponentOptions.Create<T>(kind, name, settings);

    /// <summary>A search space built with the given option values.</summary>
    public static ISearchSpace Space(string name, params (string Property, object Value)[] settings) =>
        Create<ISearchSpace>(ComponentKind.SearchSpace, name, settings);

    /// <summary>The named child module of a network (e.g. the stand-alone <c>head</c>).</summary>
    public static nn.Module<Tensor, Tensor> Child(nn.Module network, string name) =>
        (nn.Module<Tensor, Tensor>)network.named_children().Single(c => c.name == name).module;

    /// <summary>
    /// Gives every BatchNorm non-trivial affine parameters and running statistics, so that an eval-mode comparison
    /// really depends on which BN a path uses.
    /// </summary>
    public static void RandomiseBatchNorms(nn.Module root) => BossNas.Engine.Conformance.SpaceContract.RandomiseBatchNorms(root);

    /// <summary>Asserts equal shapes and values within <paramref name="atol"/> + 1e-4·|b|.</summary>
    public static void AssertClose(Tensor a, Tensor b, double atol = 1e-5)
    {
        Assert.Equal(b.shape, a.shape);
        double diff = (a - b).abs().max().item<float>();
        Assert.True(a.allclose(b, rtol: 1e-4, atol: atol), $"max |difference| {diff}");
    }

    /// <summary>The largest absolute difference of two same-shaped tensors.</summary>
    public static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    /// <summary>All exceptions in a chain (the plugin host wraps constructor exceptions).</summary>
    public static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
