using System.Diagnostics;
using System.Globalization;
using BossNas.Bench;
using BossNas.Engine.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

// Usage: bench throughput <threads> <batch> <warmup> <steps>   → prints images_per_s=<x>
//        bench soak <threads> <batch> <steps>                  → prints rss_mb at steps 100, 1000, 5000, 10000 and <steps>
//                                                                (SOAK_EVERY=N: every N steps too)
//        bench bnnas <plugins> <spos.toml> <bnnas.toml> <steps> <candidates> → the BN-NAS speed ratios (SinglePathBench)
//        bench nats <plugins> <arch> <threads> <batch> <warmup> <steps> <out>  → NATS network vs its PyTorch twin (NatsTwinBench)
//        bench hytra-boss <plugins> <config.toml> <threads> <warmup> <steps> <out> → the main job's supernet step vs its
//                                                                PyTorch twin (HyTraBossBench)
//        bench gemm <threads> <n> <reps>                       → gemm_gflops=<x>
//        bench bignas <plugins> <config.toml> <threads> <steps> [<space-from.toml>] → one bignas supernet step's time, the
//                                                                supernet's parameters and peak RSS (BigNasSharingBench)
BossNas.Core.Platform.NativeSetup.Apply();
var mode = args.Length > 0 ? args[0] : "throughput";
if (mode == "bnnas")
{
    SinglePathBench.Run(args[1], args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture));
    return;
}
if (mode == "nats")
{
    int I(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
    NatsTwinBench.Run(args[1], args[2], I(3), I(4), I(5), I(6), args[7]);
    return;
}
if (mode == "hytra-boss")
{
    int I(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
    HyTraBossBench.Run(args[1], args[2], I(3), I(4), I(5), args[6]);
    return;
}
if (mode == "bignas")
{
    BigNasSharingBench.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture),
        args.Length > 5 ? args[5] : null);
    return;
}
if (mode == "gemm")
{
    NatsTwinBench.Gemm(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
    return;
}
int Arg(int i, int d) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : d;
int threads = Arg(1, 2), batch = Arg(2, 64);
torch.set_num_threads(threads);
manual_seed(0);
var model = ResNetBench.Create();
model.train();
using var optimizer = new Sgd(model.named_parameters().Select(p => (p.name, p.parameter)).ToList(), 0.9, false, 5e-4);
var x = randn(batch, 3, 32, 32);
var y = randint(0, 10, new long[] { batch });

void Step()
{
    using var scope = NewDisposeScope();
    optimizer.ZeroGrad();
    var loss = nn.functional.cross_entropy(model.call(x), y);
    loss.backward();
    optimizer.Step(0.01);
}

if (mode == "throughput")
{
    int warmup = Arg(3, 10), steps = Arg(4, 40);
    for (int i = 0; i < warmup; i++) Step();
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++) Step();
    Console.WriteLine(FormattableString.Invariant($"images_per_s={batch * steps / clock.Elapsed.TotalSeconds:F2}"));
}
else
{
    int steps = Arg(3, 1000);
    for (int i = 1; i <= steps; i++)
    {
        Step();
        if (i is 100 or 1000 or 5000 or 10000 || i == steps || (Environment.GetEnvironmentVariable("SOAK_EVERY") is { } e && i % int.Parse(e) == 0))
        {
            using var p = Process.GetCurrentProcess();
            Console.WriteLine(FormattableString.Invariant(
                $"step={i} rss_mb={p.WorkingSet64 / 1e6:F1} live_tensors={DisposeScopeManager.Statistics.ThreadTotalLiveCount}"));
        }
    }
}
