using System.Diagnostics;
using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Export;
using BossNas.Engine.Plugins;
using BossNas.Engine.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Bench;

/// <summary>
/// The stand-alone network of one NATS-size architecture (28×28×1, widths 8–32), as users train it, against its
/// PyTorch twin (bench/pytorch_nats.py): writes the initial weights, a batch and the train-mode logits of that batch as
/// safetensors so the twin can prove it is the same network (same parameter count, same logits), then times SGD steps.
/// </summary>
internal static class NatsTwinBench
{
    public static void Run(string pluginRoot, string arch, int threads, int batch, int warmup, int steps, string outDir)
    {
        torch.set_num_threads(threads);
        using var host = PluginHost.Load([pluginRoot]);
        var options = Activator.CreateInstance(host.Find(ComponentKind.SearchSpace, "nats")!.Options)!;
        options.GetType().GetProperty("CandidateWidths")!.SetValue(options, new[] { 8, 16, 24, 32 });
        var space = host.Create<ISearchSpace>(ComponentKind.SearchSpace, "nats", options);
        var input = new InputShape(1, 28, 28, 10);
        var architecture = Architecture.Parse(arch);
        manual_seed(0);
        using var model = space.CreateStandalone(architecture, input);
        model.train();
        var x = randn(batch, 1, 28, 28);
        var y = randint(0, 10, [batch]);
        Directory.CreateDirectory(outDir);
        SafeTensors.Write(Path.Combine(outDir, "weights.safetensors"), model.state_dict());
        using (var scope = NewDisposeScope())
        {
            var logits = model.call(x);
            SafeTensors.Write(Path.Combine(outDir, "batch.safetensors"), [new("x", x), new("y", y), new("logits", logits.detach())]);
        }
        long parameters = model.parameters().Sum(p => p.numel());
        var cost = space.Cost(architecture, input);
        using var optimizer = new Sgd(model.named_parameters().Select(p => (p.name, p.parameter)).ToList(), 0.9, false, 5e-4);
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            nn.functional.cross_entropy(model.call(x), y).backward();
            optimizer.Step(0.01);
        }
        for (int i = 0; i < warmup; i++) Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step();
        double seconds = clock.Elapsed.TotalSeconds;
        // A training step costs about three forward passes (forward, input and weight gradients); a MAdd is 2 FLOPs.
        double gflops = 3 * 2 * cost.MAdds * batch * steps / seconds / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"params={parameters} madds={cost.MAdds:F0} images_per_s={batch * steps / seconds:F2} gflops={gflops:F2}"));
    }

    /// <summary>Float32 matrix-multiply rate of this machine through libtorch: the bench's compute ceiling.</summary>
    public static void Gemm(int threads, int n, int reps)
    {
        torch.set_num_threads(threads);
        var a = randn(n, n);
        var b = randn(n, n);
        for (int i = 0; i < 3; i++) using (NewDisposeScope()) a.mm(b);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) using (NewDisposeScope()) a.mm(b);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gemm_gflops={2.0 * n * n * n * reps / clock.Elapsed.TotalSeconds / 1e9:F2}"));
    }
}
