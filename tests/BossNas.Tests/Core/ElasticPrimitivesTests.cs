using BossNas.Core.Nn;
using BossNas.Core.Nn.Elastic;
using static TorchSharp.torch;

namespace BossNas.Tests.Core;

/// <summary>
/// Core's elastic building blocks against their plain TorchSharp counterparts: a sliced convolution is the convolution
/// with the first channels of the shared kernel and trains only them; switchable BN picks one BatchNorm per width;
/// sliced BN is the BatchNorm of the first channels, updates only their statistics, and equals nn.BatchNorm2d at full
/// width; drop-connect keeps or drops whole samples and leaves the expectation.
/// </summary>
[Collection("Torch")]
public sealed class ElasticPrimitivesTests
{
    [Fact]
    public void A_slimmable_conv_is_the_conv_with_the_first_channels_and_trains_only_them()
    {
        manual_seed(1);
        using var conv = new SlimmableConv2d(8, 6, 3, 1, 1);
        using var x = randn(2, 4, 5, 5);
        using var y = conv.Forward(x, 3);
        using var expected = nn.functional.conv2d(x, conv.Weight.narrow(0, 0, 3).narrow(1, 0, 4), null, [1, 1], [1, 1]);
        Assert.True(y.allclose(expected, 1e-6, 1e-6));
        y.sum().backward();
        using var grad = conv.Weight.grad!;
        Assert.True(grad.narrow(0, 0, 3).narrow(1, 0, 4).abs().sum().item<float>() > 0);
        Assert.Equal(0f, grad.narrow(0, 3, 3).abs().sum().item<float>());
        Assert.Equal(0f, grad.narrow(1, 4, 4).abs().sum().item<float>());
        Assert.Throws<ArgumentException>(() => conv.Slice(9, 3));
    }

    [Fact]
    public void A_switchable_bn_normalises_each_width_with_its_own_batchnorm()
    {
        using var bn = new SwitchableBatchNorm2d([4, 8]);
        bn.train();
        using var x = randn(3, 8, 2, 2) * 3 + 1;
        using var y = bn.Forward(x, 1);
        Assert.True(bn.Norm(1).running_mean!.abs().sum().item<float>() > 0);
        Assert.Equal(0f, bn.Norm(0).running_mean!.abs().sum().item<float>());
        Assert.Throws<ArgumentException>(() => bn.Forward(x, 0));
    }

    [Fact]
    public void A_sliced_bn_at_full_width_equals_batchnorm2d_in_training_and_eval()
    {
        manual_seed(2);
        using var sliced = new SlicedBatchNorm2d(6);
        using var plain = nn.BatchNorm2d(6);
        using (no_grad())
        {
            sliced.Weight.uniform_(0.5, 1.5);
            sliced.Bias.normal_(0, 0.3);
            plain.weight!.copy_(sliced.Weight);
            plain.bias!.copy_(sliced.Bias);
        }
        using var x = randn(4, 6, 3, 3) * 2 + 0.5;
        sliced.train();
        plain.train();
        Assert.True(sliced.Forward(x).allclose(plain.call(x), 1e-5, 1e-5));
        Assert.True(sliced.RunningMean.allclose(plain.running_mean!, 1e-6, 1e-6));
        Assert.True(sliced.RunningVar.allclose(plain.running_var!, 1e-6, 1e-6));
        sliced.eval();
        plain.eval();
        Assert.True(sliced.Forward(x).allclose(plain.call(x), 1e-5, 1e-5));
        Assert.Equal(["weight", "bias", "running_mean", "running_var"], sliced.state_dict().Keys);
    }

    [Fact]
    public void A_sliced_bn_serves_a_narrow_path_with_the_first_channels_and_updates_only_their_statistics()
    {
        manual_seed(3);
        using var sliced = new SlicedBatchNorm2d(6);
        using (no_grad()) sliced.Weight.uniform_(0.5, 1.5);
        using var x = randn(4, 4, 3, 3) + 2;
        sliced.train();
        using var y = sliced.Forward(x);
        // By hand: batch statistics of the 4 channels, γ and β of the first 4.
        using var mean = x.mean([0, 2, 3], keepdim: true);
        using var variance = x.var([0, 2, 3], unbiased: false, keepdim: true);
        using var expected = (x - mean) / (variance + 1e-5).sqrt() * sliced.Weight.narrow(0, 0, 4).reshape(1, 4, 1, 1);
        Assert.True(y.allclose(expected, 1e-4, 1e-4));
        Assert.True(sliced.RunningMean.narrow(0, 0, 4).allclose(0.1 * x.mean([0, 2, 3]), 1e-5, 1e-5));
        Assert.Equal(0f, sliced.RunningMean.narrow(0, 4, 2).abs().sum().item<float>());
        Assert.Equal([1f, 1f], sliced.RunningVar.narrow(0, 4, 2).data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => sliced.Forward(randn(1, 7, 2, 2)));
    }

    [Fact]
    public void Drop_connect_drops_whole_samples_scales_the_kept_ones_and_draws_nothing_at_zero()
    {
        manual_seed(4);
        using var branch = ones(2000, 3, 2, 2);
        using var dropped = DropConnect.Apply(branch, 0.25);
        var perSample = dropped.reshape(2000, -1);
        // Every sample is all zeros or all 1/(1-0.25).
        Assert.True((perSample.amax(1) - perSample.amin(1)).abs().max().item<float>() == 0);
        var kept = perSample.amax(1).gt(0).to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(kept, 0.72, 0.78);
        Assert.Equal(1 / 0.75f, perSample.max().item<float>(), 5);
        Assert.InRange(dropped.mean().item<float>(), 0.96, 1.04);

        manual_seed(5);
        using var before = rand(1);
        manual_seed(5);
        Assert.Same(branch, DropConnect.Apply(branch, 0));
        using var after = rand(1);
        Assert.Equal(before.item<float>(), after.item<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => DropConnect.Apply(branch, 1));
    }
}
