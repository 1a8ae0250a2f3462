using BossNas.Plugins.ZeroCost.Proxies;
using static BossNas.Plugins.ZeroCost.Tests.HandNetworks;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Tests;

/// <summary>Each proxy on a tiny network with chosen weights, against a computation by hand (plain arithmetic).</summary>
[Collection("Torch")]
public sealed class ProxyHandTests
{
    private static readonly ProxyDataOptions Data = new();

    // A linear classifier z = W x + b of 2 features into 3 classes, and a batch of two labelled samples.
    private static readonly double[,] W = { { 0.5, -1 }, { 2, 0.3 }, { -0.7, 1.2 } };
    private static readonly double[] B = { 0.1, -0.2, 0.3 };
    private static readonly double[,] X = { { 1, 2 }, { -1, 0.5 } };
    private static readonly long[] Y = { 2, 0 };

    private static double Score(NetworkProxy proxy) => proxy.Score(Linear(W, B), Batch(X, Y));

    [Fact]
    public void Synflow_of_a_two_layer_linear_network_is_twice_the_sum_over_paths_of_absolute_weight_products()
    {
        // R = 1ᵀ|W2||W1|1: |W1|1 = (3, 3.5, 2), |W2|(3, 3.5, 2) = (10.5, 12.5), R = 23. In a network linear in each
        // layer's weights Σ θ ∂R/∂θ = R per layer, so the two layers give 2R = 46.
        Assert.Equal(46, SynflowEvaluator.SynapticFlow(TwoLayer(), new long[] { 5, 2 }), 9);
        // BatchNorm is bypassed (a BatchNorm1d would even refuse the single image in training mode).
        Assert.Equal(46, SynflowEvaluator.SynapticFlow(TwoLayer(batchNorm: true), new long[] { 5, 2 }), 9);
        Assert.Equal(Math.Log(46), new SynflowEvaluator().Score(TwoLayer(), Batch(X, Y)), 9);
    }

    [Fact]
    public void Snip_plain_and_grad_norm_of_a_linear_classifier_match_the_hand_gradient()
    {
        var g = WeightGradient(W, B, X, Y);
        var wg = Cells(W).Zip(Cells(g), (w, d) => w * d).ToArray();
        Assert.Equal(wg.Sum(Math.Abs), Score(new SnipEvaluator(Data)), 9);
        Assert.Equal(wg.Sum(), Score(new PlainEvaluator(Data)), 9);
        Assert.Equal(Math.Sqrt(Cells(g).Sum(d => d * d)), Score(new GradNormEvaluator(Data)), 9);
    }

    [Fact]
    public void Grad_norm_matches_finite_differences_of_the_loss_in_a_network_with_relu()
    {
        manual_seed(11);
        var net = nn.Sequential(nn.Linear(4, 5, dtype: ScalarType.Float64), nn.ReLU(), nn.Linear(5, 3, dtype: ScalarType.Float64));
        var batch = new ProxyBatch(randn(6, 4, ScalarType.Float64), tensor(new long[] { 0, 1, 2, 0, 1, 2 }));
        double expected = 0;
        const double h = 1e-6;
        foreach (var w in WeightedLayersOf(net))
        {
            double sq = 0;
            for (long i = 0; i < w.numel(); i++)
            {
                var flat = w.view(-1);
                double v = flat[i].item<double>();
                double Loss(double value)
                {
                    using (no_grad()) flat[i] = value;
                    using (no_grad()) return nn.functional.cross_entropy(net.call(batch.Images), batch.Labels).item<double>();
                }
                double d = (Loss(v + h) - Loss(v - h)) / (2 * h);
                Loss(v);
                sq += d * d;
            }
            expected += Math.Sqrt(sq);
        }
        Assert.Equal(expected, new GradNormEvaluator(Data).Score(net, batch), 6);
    }

    [Fact]
    public void Grasp_is_minus_weight_times_the_hessian_gradient_product_by_finite_differences_of_the_hand_gradient()
    {
        var g = WeightGradient(W, B, X, Y);
        const double h = 1e-5;
        double[,] Shifted(double s)
        {
            var w = (double[,])W.Clone();
            for (int r = 0; r < 3; r++) for (int c = 0; c < 2; c++) w[r, c] += s * g[r, c];
            return WeightGradient(w, B, X, Y);
        }
        var plus = Cells(Shifted(h)).ToArray();
        var minus = Cells(Shifted(-h)).ToArray();
        var hg = plus.Zip(minus, (p, m) => (p - m) / (2 * h)).ToArray();
        double expected = Cells(W).Zip(hg, (w, v) => -w * v).Sum();
        Assert.True(Math.Abs(expected) > 1e-3, "the example must have curvature along g");
        Assert.Equal(expected, Score(new GraspEvaluator(Data)), 7);
    }

    [Fact]
    public void Fisher_sums_half_the_mean_squared_activation_times_gradient_per_channel_weighted_by_fan_in()
    {
        // Activations are the logits z_n; ∂L/∂z_n = (softmax(z_n) − e_y) / N; Δ_k = ½ mean_n (z_nk ∂L/∂z_nk)²; each of the
        // 3 channels is broadcast over its 2 weights.
        int n = X.GetLength(0);
        var delta = new double[3];
        for (int s = 0; s < n; s++)
        {
            var x = new[] { X[s, 0], X[s, 1] };
            var z = Logits(W, B, x);
            var dz = LogitGradient(z, Y[s], n);
            for (int k = 0; k < 3; k++) delta[k] += 0.5 * Math.Pow(z[k] * dz[k], 2) / n;
        }
        Assert.Equal(delta.Sum(Math.Abs) * 2, Score(new FisherEvaluator(Data)), 12);
    }

    [Fact]
    public void L2_norm_sums_the_weight_norms_of_the_layers()
    {
        double expected = Math.Sqrt(Cells(W1).Sum(v => v * v)) + Math.Sqrt(Cells(W2).Sum(v => v * v));
        Assert.Equal(expected, new L2NormEvaluator().Score(TwoLayer(), Batch(X, Y)), 12);
    }

    [Fact]
    public void Nwot_kernel_counts_agreeing_binary_codes_and_the_score_is_its_log_determinant()
    {
        // Codes (x > 0): 101, 110, 001. Agreements = 3 − Hamming distance: K = [[3,1,2],[1,3,0],[2,0,3]], det K = 12.
        var images = tensor(new double[,] { { 1, -1, 2 }, { 0.5, 3, -1 }, { -2, -0.1, 0.7 } });
        var expected = tensor(new double[,] { { 3, 1, 2 }, { 1, 3, 0 }, { 2, 0, 3 } });
        var one = nn.Sequential(nn.ReLU());
        Assert.True(NwotEvaluator.Kernel(one, images).allclose(expected, rtol: 0, atol: 0));
        Assert.Equal(Math.Log(12), new NwotEvaluator(Data).Score(one, new ProxyBatch(images, tensor(new long[] { 0, 0, 0 }))), 9);
        // A second ReLU sees the same codes (positives stay positive, the rest become 0): K doubles, det × 8.
        var two = nn.Sequential(nn.ReLU(), nn.ReLU());
        Assert.Equal(Math.Log(96), new NwotEvaluator(Data).Score(two, new ProxyBatch(images, tensor(new long[] { 0, 0, 0 }))), 9);
    }

    [Fact]
    public void Jacov_scores_the_eigenvalues_of_the_correlation_matrix()
    {
        const double k = JacovEvaluator.K;
        static double Term(double l) => Math.Log(l + k) + 1 / (l + k);
        // Uncorrelated rows: the correlation is I, eigenvalues 1 and 1.
        Assert.Equal(-2 * Term(1), JacovEvaluator.CorrelationScore(tensor(new double[,] { { 1, 0, -1, 0 }, { 0, 1, 0, -1 } })), 9);
        // Opposite rows: [[1, −1], [−1, 1]], eigenvalues 0 and 2.
        Assert.Equal(-(Term(0) + Term(2)), JacovEvaluator.CorrelationScore(tensor(new double[,] { { 1, 2, 3 }, { 3, 2, 1 } })), 6);
    }

    [Fact]
    public void The_input_jacobian_of_a_linear_network_is_the_column_sum_of_its_weights_for_every_image()
    {
        // y = W x + b: ∂(Σ_c y_c)/∂x = 1ᵀ W = (0.5 + 2 − 0.7, −1 + 0.3 + 1.2) = (1.8, 0.5).
        var (rows, classes) = InputJacobian.Of(Linear(W, B), tensor(X));
        Assert.Equal(3, classes);
        Assert.True(rows.allclose(tensor(new double[,] { { 1.8, 0.5 }, { 1.8, 0.5 } })));
    }

    [Fact]
    public void Epe_nas_sums_per_class_log_absolute_correlations()
    {
        const double k = EpeNasEvaluator.K;
        // Class 0: rows (1,2,3), (3,2,1), (1,3,2): correlations −1, 0.5, −0.5. Class 1: one image, correlation 1.
        var rows = tensor(new double[,] { { 1, 2, 3 }, { 3, 2, 1 }, { 1, 3, 2 }, { 5, 1, 4 } });
        var labels = tensor(new long[] { 0, 0, 0, 1 });
        double s0 = 3 * Math.Log(1 + k) + 2 * Math.Log(1 + k) + 4 * Math.Log(0.5 + k);
        double s1 = Math.Log(1 + k);
        Assert.Equal(Math.Abs(s0) + Math.Abs(s1), EpeNasEvaluator.PerClassScore(rows, labels, 10), 9);

        // Above 100 classes: s_c divided by the class's images, lone images skipped, pairwise differences over classes.
        var rows2 = tensor(new double[,] { { 1, 2, 3 }, { 3, 2, 1 }, { 1, 3, 2 }, { 5, 1, 4 }, { 1, 2, 0 }, { 2, 4, 0 } });
        var labels2 = tensor(new long[] { 0, 0, 0, 1, 2, 2 });
        double s2 = 4 * Math.Log(1 + k);
        Assert.Equal(2 * Math.Abs(s0 / 3 - s2 / 2) / 2, EpeNasEvaluator.PerClassScore(rows2, labels2, 120), 9);
    }

    [Fact]
    public void Zen_of_a_linear_convolution_is_the_log_of_its_weight_times_the_perturbation_size()
    {
        // f = w * x (one 1×1 convolution, no BN): f(x) − f(x + γε) = −wγε, so the score is log(|w| γ mean_n Σ|ε_n|).
        var options = new ZenOptions { Images = 3, MixupGamma = 0.01 };
        nn.Module<Tensor, Tensor> Net() => nn.Sequential(nn.Conv2d(1, 1, 1, bias: false), nn.AdaptiveAvgPool2d(1), nn.Flatten());
        var batch = new ProxyBatch(zeros(1, 1, 4, 4), tensor(new long[] { 0 }));
        var net = Net();
        manual_seed(5);
        double score = new ZenEvaluator(options).Score(net, batch);
        // The same draws in the same order: the weight, then x, then ε.
        manual_seed(5);
        double w = randn(1).item<float>();
        randn(3, 1, 4, 4);
        var eps = randn(3, 1, 4, 4).to(ScalarType.Float64);
        double expected = Math.Log(Math.Abs(w) * 0.01 * eps.abs().sum(new long[] { 1, 2, 3 }).mean().item<double>());
        Assert.Equal(expected, score, 4);
        // Twice the perturbation adds log 2.
        var net2 = Net();
        manual_seed(5);
        double doubled = new ZenEvaluator(new ZenOptions { Images = 3, MixupGamma = 0.02 }).Score(net2, batch);
        Assert.Equal(Math.Log(2), doubled - score, 4);
    }

    private static IEnumerable<Tensor> WeightedLayersOf(nn.Module net) => WeightedLayers.Weights(net);
}
