using BossNas.Core.Nn;
using BossNas.Core.Nn.Elastic;
using BossNas.Plugins.ElasticMBConv.Dynamic;
using static BossNas.Tests.Support.SpaceTestKit;
using static TorchSharp.torch;
using TI = TorchSharp.torch.TensorIndex;

namespace BossNas.Plugins.ElasticMBConv.Tests;

/// <summary>Slicing oracles of the dynamic layers: each child's op equals a plain op on independently sliced weights.</summary>
[Collection("Torch")]
public sealed class DynamicLayerTests
{
    [Fact]
    public void Kernel_3_child_equals_conv2d_with_the_centre_3x3_of_the_5x5()
    {
        manual_seed(1);
        using var dw = new DynamicDepthwiseConv2d(8, 5, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(2, 6, 9, 9);
        var centre = dw.Weight[TI.Slice(0, 6), TI.Colon, TI.Slice(1, 4), TI.Slice(1, 4)];
        AssertClose(dw.Forward(x, 3), nn.functional.conv2d(x, centre, padding: [1, 1], groups: 6), 1e-6);
        var full = dw.Weight[TI.Slice(0, 6)];
        AssertClose(dw.Forward(x, 5), nn.functional.conv2d(x, full, padding: [2, 2], groups: 6), 1e-6);
        Assert.False(dw.Forward(x, 3).allclose(dw.Forward(x, 5)));
    }

    [Fact]
    public void Stride_2_depthwise_child_keeps_the_ceil_of_the_side()
    {
        using var dw = new DynamicDepthwiseConv2d(8, 5, 2);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Assert.Equal(new long[] { 1, 8, 4, 4 }, dw.Forward(randn(1, 8, 7, 7), 3).shape);
        Assert.Equal(new long[] { 1, 8, 3, 3 }, dw.Forward(randn(1, 8, 5, 5), 5).shape);
    }

    [Fact]
    public void Pointwise_child_equals_the_first_mid_by_c_in_weights()
    {
        manual_seed(2);
        using var pw = new SlimmableConv2d(24, 144, 1, 1, 0);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int cin = 16, mid = Dynamic(cin, 4);
        Assert.Equal(64, mid);
        var x = randn(2, cin, 5, 5);
        var w = pw.Weight[TI.Slice(0, mid), TI.Slice(0, cin)];
        AssertClose(pw.Forward(x, mid), nn.functional.conv2d(x, w), 1e-6);
    }

    private static int Dynamic(int cin, double e) => ElasticLayout.Mid(cin, e);

    [Theory]
    [InlineData(16, 3, 48)]
    [InlineData(16, 4, 64)]
    [InlineData(24, 6, 144)]
    [InlineData(8, 1, 8)]
    [InlineData(20, 3, 64)]   // round(60) -> 64 (nearest multiple of 8, at least 90 %)
    [InlineData(12, 1, 16)]   // 12 -> 16: make_divisible rounds half up
    public void Mid_channels_are_make_divisible_of_the_rounded_product(int cin, double e, int mid) =>
        Assert.Equal(mid, ElasticLayout.Mid(cin, e));

    [Fact]
    public void Sliced_BN_in_train_mode_changes_only_the_active_slice_of_the_running_statistics()
    {
        manual_seed(3);
        using var bn = new DynamicBatchNorm2d(16, 0.1);
        bn.train();
        using var scope = NewDisposeScope();
        var x = randn(4, 10, 5, 5) * 2 + 3;
        bn.Forward(x);
        var mean = bn.Norm.running_mean!;
        var var_ = bn.Norm.running_var!;
        AssertClose(mean[TI.Slice(0, 10)], x.mean([0, 2, 3]) * 0.1, 1e-5);
        AssertClose(var_[TI.Slice(0, 10)], x.var([0, 2, 3], unbiased: true) * 0.1 + 0.9, 1e-4);
        Assert.Equal(0f, mean[TI.Slice(10, 16)].abs().max().item<float>());
        Assert.Equal(1f, var_[TI.Slice(10, 16)].min().item<float>());
        Assert.Equal(1f, var_[TI.Slice(10, 16)].max().item<float>());
    }

    [Fact]
    public void Sliced_BN_in_eval_mode_normalises_with_the_slice_statistics()
    {
        manual_seed(4);
        using var bn = new DynamicBatchNorm2d(16, 0.1);
        RandomiseBatchNorms(bn);
        bn.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(2, 6, 3, 3);
        var b = bn.Norm;
        var expected = nn.functional.batch_norm(x, b.running_mean![TI.Slice(0, 6)].clone(), b.running_var![TI.Slice(0, 6)].clone(),
            b.weight![TI.Slice(0, 6)], b.bias![TI.Slice(0, 6)], false, 0.1, 1e-5);
        AssertClose(bn.Forward(x), expected, 1e-6);
    }

    [Fact]
    public void Cumulative_recalibration_of_a_slice_equals_a_plain_BatchNorm2d_recalibrated_on_the_same_batches()
    {
        manual_seed(5);
        using var bn = new DynamicBatchNorm2d(16, 0.1);
        using var plain = nn.BatchNorm2d(10);
        using var scope = NewDisposeScope();
        var batches = Enumerable.Range(0, 4).Select(i => randn(3, 10, 4, 4) * (i + 1) + i).ToList();
        BatchNormCalibration.Recalibrate(BatchNormCalibration.Find(bn), batches, x => bn.Forward(x), bn);
        BatchNormCalibration.Recalibrate(BatchNormCalibration.Find(plain), batches, x => plain.call(x), plain);
        AssertClose(bn.Norm.running_mean![TI.Slice(0, 10)], plain.running_mean!, 1e-5);
        AssertClose(bn.Norm.running_var![TI.Slice(0, 10)], plain.running_var!, 1e-4);
        Assert.Equal(0.1, bn.Norm.momentum); // restored
    }

    [Theory]
    [InlineData(28, 20)]
    [InlineData(28, 24)]
    [InlineData(32, 28)]
    [InlineData(20, 28)]
    public void Matrix_resize_equals_TorchSharp_bilinear_interpolation(int from, int to)
    {
        manual_seed(6);
        using var scope = NewDisposeScope();
        var x = randn(2, 3, from, from);
        var expected = nn.functional.interpolate(x, size: [to, to], mode: InterpolationMode.Bilinear, align_corners: false);
        AssertClose(BilinearResize.Apply(x, to), expected, 1e-5);
    }

    [Fact]
    public void Resize_to_the_same_size_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var x = randn(1, 1, 28, 28);
        Assert.True(BilinearResize.Apply(x, 28).allclose(x, rtol: 0, atol: 0));
    }
}
