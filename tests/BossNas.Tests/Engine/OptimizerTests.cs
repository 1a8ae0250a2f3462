using BossNas.Engine.Config;
using BossNas.Engine.Training;
using BossNas.Engine.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Tests.Engine;

/// <summary>Optimiser updates against hand computations, and the skip-unused and no-decay rules.</summary>
[Collection("Torch")]
public sealed class OptimizerTests
{
    private static (string, Parameter) P(string name, float[] values, float[] grad)
    {
        var p = new Parameter(tensor(values));
        p.grad = tensor(grad);
        return (name, p);
    }

    [Fact]
    public void Sgd_momentum_and_weight_decay_follow_pytorch()
    {
        var w = P("w", new[] { 1f, 2f, 3f, 4f }, new[] { 0.5f, 0.5f, 0.5f, 0.5f });
        var matrix = (w.Item1, new Parameter(tensor(new[] { 1f, 2f, 3f, 4f }).view(2, 2)));
        matrix.Item2.grad = full(2, 2, 0.5f);
        var bias = P("b", new[] { 1f }, new[] { 1f });
        using var opt = new Sgd(new[] { matrix, bias }, momentum: 0.9, nesterov: false, weightDecay: 0.1);
        opt.Step(0.1);
        // matrix: d = g + 0.1·w; first step buf = d; w −= 0.1·d → 1 − 0.1·(0.5 + 0.1) = 0.94
        Assert.Equal(0.94f, matrix.Item2.data<float>()[0], 5);
        // bias is 1-D: no decay → 1 − 0.1·1 = 0.9
        Assert.Equal(0.9f, bias.Item2.data<float>()[0], 5);
        opt.Step(0.1);
        // second step: d = 0.5 + 0.1·0.94 = 0.594; buf = 0.9·0.6 + 0.594 = 1.134; w = 0.94 − 0.1134
        Assert.Equal(0.94f - 0.1134f, matrix.Item2.data<float>()[0], 5);
    }

    [Fact]
    public void A_parameter_without_gradient_gets_no_update_not_even_decay_or_momentum()
    {
        var used = (Name: "used", Parameter: new Parameter(ones(2, 2)));
        var unused = (Name: "unused", Parameter: new Parameter(ones(2, 2)));
        using var opt = new Sgd(new[] { used, unused }, 0.9, false, 0.5);
        used.Parameter.grad = ones(2, 2);
        unused.Parameter.grad = ones(2, 2);
        opt.Step(0.1); // both get momentum buffers
        opt.ZeroGrad();
        used.Parameter.grad = ones(2, 2);
        var before = unused.Parameter.clone();
        opt.Step(0.1);
        Assert.True(unused.Parameter.Equals(before), "an op without gradient was moved by momentum or decay");
        Assert.Null(unused.Parameter.grad);
    }

    [Fact]
    public void AdamW_first_step_moves_each_weight_by_lr_after_decoupled_decay()
    {
        var m = (Name: "m", Parameter: new Parameter(full(2, 2, 2f)));
        m.Parameter.grad = full(2, 2, 3f);
        using var opt = new global::BossNas.Engine.Training.Optimizers.AdamW(new[] { m }, 0.9, 0.999, 1e-8, 0.01);
        opt.Step(0.1);
        // decay: 2·(1 − 0.1·0.01) = 1.998; bias-corrected m̂/√v̂ = g/|g| = 1 → 1.998 − 0.1
        Assert.Equal(1.898f, m.Parameter.data<float>()[0], 4);
    }

    [Fact]
    public void Adam_adds_the_decay_to_the_gradient_before_the_moments()
    {
        var m = (Name: "m", Parameter: new Parameter(full(2, 2, 2f)));
        m.Parameter.grad = full(2, 2, 3f);
        using var opt = new global::BossNas.Engine.Training.Optimizers.Adam(new[] { m }, 0.9, 0.999, 1e-8, 0.01);
        opt.Step(0.1);
        // first step: m̂/√v̂ = 1 whatever the decay → 2 − 0.1
        Assert.Equal(1.9f, m.Parameter.data<float>()[0], 4);
        opt.ZeroGrad();
        m.Parameter.grad = full(2, 2, -1f);
        opt.Step(0.1);
        // second step: g = −1 + 0.01·1.9 enters both moments (PyTorch's Adam with weight_decay), computed by hand
        Assert.Equal(1.8592754f, m.Parameter.data<float>()[0], 4);
    }

    [Fact]
    public void Lars_scales_by_the_trust_ratio_and_excludes_1d_parameters()
    {
        // w = [3,4] as a 1x2 matrix: ‖w‖ = 5; g = [0,1]: ‖g‖ = 1; η = 0.001, wd = 0
        var w = (Name: "w", Parameter: new Parameter(tensor(new[] { 3f, 4f }).view(1, 2)));
        w.Parameter.grad = tensor(new[] { 0f, 1f }).view(1, 2);
        var b = P("bn.weight", new[] { 0f }, new[] { 1f });
        using var opt = new Lars(new[] { w, b }, momentum: 0.9, eta: 0.001, weightDecay: 0);
        opt.Step(1.0);
        // trust = 0.001·5/1 = 0.005 → w[1] = 4 − 0.005
        Assert.Equal(3.995f, w.Parameter.data<float>()[1], 5);
        // a zero-initialised BN γ is excluded: plain step of lr·g moves it off zero
        Assert.Equal(-1f, b.Item2.data<float>()[0], 5);
    }

    [Theory]
    [InlineData(true, -1f)]   // guarded: trust ratio 1 where ‖w‖ = 0, so lr·g moves the weight
    [InlineData(false, 0f)]   // public: trust ratio η·0/‖g‖ = 0, the weight never moves (BossNAS's ResAtt γ)
    public void Lars_on_a_zero_weight_that_is_not_excluded(bool guarded, float expected)
    {
        var gamma = (Name: "net.5.weight", Parameter: new Parameter(tensor(new[] { 0f, 0f }).view(1, 2)));
        gamma.Parameter.grad = tensor(new[] { 1f, 0f }).view(1, 2);
        using var opt = new Lars(new[] { gamma }, momentum: 0.9, eta: 0.001, weightDecay: 1e-6, guardZeroNorm: guarded);
        opt.Step(1.0);
        Assert.Equal(expected, gamma.Parameter.data<float>()[0], 5);
    }

    [Fact]
    public void Schedule_warms_up_linearly_then_follows_a_cosine_to_min_lr()
    {
        var o = new TrainSection { Epochs = 10, Lr = 1.0, MinLr = 0.0, WarmupEpochs = 1, Schedule = "cosine" };
        var s = new LrSchedule(o, stepsPerEpoch: 10);
        Assert.Equal(100, s.TotalSteps);
        Assert.Equal(0.1, s.At(0), 10);
        Assert.Equal(1.0, s.At(9), 10);
        Assert.Equal(1.0, s.At(10), 10);
        Assert.Equal(0.5, s.At(55), 10); // halfway through the 90 decay steps
        Assert.True(s.At(99) < 0.001);
        var step = new LrSchedule(new TrainSection { Epochs = 6, Lr = 1, Schedule = "step", StepEvery = 2, StepGamma = 0.5 }, 10);
        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.5, 0.25 }, new[] { 0, 19, 20, 39, 40 }.Select(step.At));
    }

    [Fact]
    public void With_a_reference_batch_the_lr_scales_linearly_with_the_images_of_a_step()
    {
        // BossNAS: 4.8 per 4096 images; 64 images × 2 accumulated steps = 128 images get 4.8 · 128 / 4096 = 0.15.
        var o = new TrainSection { Epochs = 2, Lr = 4.8, MinLr = 0.48, Schedule = "cosine", LrReferenceBatch = 4096, Accumulate = 2 };
        var scaled = new LrSchedule(o, stepsPerEpoch: 10, imagesPerStep: 128);
        var unscaled = new LrSchedule(o, stepsPerEpoch: 10); // images per step unknown: lr as given
        Assert.Equal(0.15, scaled.BaseLr, 12);
        Assert.Equal(0.15, scaled.At(0), 12);
        Assert.Equal(4.8, unscaled.At(0), 12);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(unscaled.At(i) * 128 / 4096, scaled.At(i), 12));
        Assert.Equal(4.8, new LrSchedule(new TrainSection { Lr = 4.8 }, 10, imagesPerStep: 128).At(0), 12);
    }
}

/// <summary>The two exclusion rules of weight decay and LARS adaptation.</summary>
public sealed class ExclusionRuleTests
{
    [Theory]
    [InlineData("online.blocks.0.bn3.weight", true, true)]
    [InlineData("online.blocks.0.net.bn_out.weight", true, false)] // BossNAS's regex misses ResAtt's zero-γ BN
    [InlineData("fc.bias", true, true)]
    [InlineData("conv1.weight", false, false)]
    public void One_dimensional_and_bossnas_name_rules(string name, bool oneDimensional, bool bossnasNames)
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(name.EndsWith("conv1.weight", StringComparison.Ordinal) ? ones(2, 2, 3, 3) : ones(4));
        Assert.Equal(oneDimensional, Optimizer.OneDimensional(name, p));
        Assert.Equal(bossnasNames, Optimizer.BossNasNames(name, p));
    }
    [Fact]
    public void Loaded_state_lands_on_its_parameter_s_device_and_adam_s_step_count_on_the_cpu()
    {
        // A checkpoint is read onto the CPU; the meta device stands in for a GPU here.
        var meta = new Device(TorchSharp.DeviceType.META);
        var onMeta = (Name: "conv.weight", Parameter: new Parameter(empty(2, 3, device: meta)));
        var onCpu = (Name: "bn.bias", Parameter: new Parameter(zeros(3)));
        using var opt = new global::BossNas.Engine.Training.Optimizers.AdamW(new[] { onMeta, onCpu }, 0.9, 0.999, 1e-8, 0.01);
        var saved = new Dictionary<string, Tensor>
        {
            ["conv.weight/exp_avg"] = zeros(2, 3), ["conv.weight/exp_avg_sq"] = zeros(2, 3), ["conv.weight/step"] = ones(1, ScalarType.Float64),
            ["bn.bias/exp_avg"] = zeros(3), ["bn.bias/step"] = ones(1, ScalarType.Float64),
        };
        opt.LoadState(saved);
        var where = opt.State.ToDictionary(kv => kv.Key, kv => kv.Value.device_type);
        Assert.Equal(TorchSharp.DeviceType.META, where["conv.weight/exp_avg"]);
        Assert.Equal(TorchSharp.DeviceType.META, where["conv.weight/exp_avg_sq"]);
        Assert.Equal(TorchSharp.DeviceType.CPU, where["conv.weight/step"]);
        Assert.Equal(TorchSharp.DeviceType.CPU, where["bn.bias/exp_avg"]);
        // Values are copies: the caller's tensors can go.
        foreach (var t in saved.Values) t.Dispose();
        Assert.Equal(1.0, opt.State["bn.bias/step"].item<double>());
    }
}
