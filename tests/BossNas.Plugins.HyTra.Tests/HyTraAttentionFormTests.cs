using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Tests;

/// <summary>The attention option: BossNAS's transposed search-code aggregation differs from standard attention.</summary>
[Collection("Torch")]
public sealed class HyTraAttentionFormTests
{
    private static Tensor Features(string attention, Tensor x, Architecture arch)
    {
        var space = HyTraFixture.Create(("Attention", attention));
        manual_seed(3);
        var supernet = space.CreateSupernet(new InputShape(1, 28, 28, 10));
        supernet.eval();
        using var noGrad = no_grad();
        // Zero-initialised last-BN γ would silence every attention branch; give all BN layers γ = 1.
        foreach (var bn in supernet.modules().OfType<TorchSharp.Modules.NormBase>()) bn.weight?.fill_(1);
        return supernet.ForwardFeatures(x, arch);
    }

    [Fact]
    public void Transposed_and_standard_attention_agree_on_shapes_and_differ_in_values()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var x = randn(2, 1, 28, 28);
        var arch = Architecture.Parse("5433|3230|0010|0000"); // BossNet-T0's path: attention in blocks 1-3
        var standard = Features("standard", x, arch);
        var transposed = Features("transposed", x, arch);
        Assert.Equal(standard.shape, transposed.shape);
        Assert.False(standard.isnan().any().item<bool>());
        Assert.False(standard.allclose(transposed, rtol: 1e-3, atol: 1e-4), "the attention form made no difference");
        // Same seed, same form: identical.
        Assert.True(standard.allclose(Features("standard", x, arch)));
    }
}
