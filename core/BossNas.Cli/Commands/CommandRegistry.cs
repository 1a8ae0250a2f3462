using Spectre.Console.Cli;

namespace BossNas.Cli.Commands;

/// <summary>
/// The one list of <c>bossnas</c> commands. Adding a command: a class deriving from <see cref="BossNasCommand{TSettings}"/>
/// (its <c>[Description]</c> is its help text) and one line here.
/// </summary>
internal static class CommandRegistry
{
    /// <summary>Registers every command with its name and help examples.</summary>
    /// <param name="app">The command-line application being configured.</param>
    public static void AddCommands(IConfigurator app)
    {
        app.AddCommand<RunCommand>("run").WithExample("run", "configs/hytra_boss.toml").WithExample("run", "runs/hytra-boss/20250101-120000", "--force");
        app.AddCommand<TrainCommand>("train").WithExample("train", "configs/train_fashion.toml", "--arch", "\"00|00|0\"");
        app.AddCommand<ValidateCommand>("validate").WithExample("validate", "configs/nats_boss.toml", "--set", "train.epochs=2");
        app.AddCommand<PlanCommand>("plan").WithExample("plan", "configs/hytra_boss.toml");
        app.AddCommand<LatencyCommand>("latency").WithExample("latency", "configs/nsga2_latency.toml", "--arch", "\"00|00|0\"")
            .WithExample("latency", "configs/nsga2_latency.toml", "--accuracy", "50");
        app.AddCommand<PluginsCommand>("plugins").WithExample("plugins", "--config", "configs/hytra_boss.toml");
        app.AddCommand<ExportCommand>("export").WithExample("export", "runs/hytra-boss/20250101-120000");
        app.AddCommand<EvalCommand>("eval").WithExample("eval", "runs/fashion-cnn-train/20250101-120000/model.onnx")
            .WithExample("eval", "runs/fashion-cnn-train/20250101-120000", "--data", "configs/train_fashion.toml");
        app.AddCommand<BenchmarkCommand>("benchmark").WithExample("benchmark", "data/benchmarks/nats_fashion/recipe.toml", "--out", "data/benchmarks/nats_fashion");
        app.AddCommand<CheckPluginCommand>("check-plugin").WithExample("check-plugin", "MyNasPlugin/bin/Release/net10.0");
        app.AddCommand<CompareCommand>("compare").WithExample("compare", "configs/compare_nats.toml", "--arms", "ensemble_bootstrapping,spos", "--seeds", "2");
        app.AddCommand<RunsCommand>("runs").WithExample("runs", "runs").WithExample("runs", "runs", "--json");
        app.AddCommand<CorrelateCommand>("correlate").WithExample("correlate", "--space", "<space>", "--ratings", "runs/x/ratings", "--truth", "accuracy.yml");
        app.AddCommand<ProxyCorrelateCommand>("proxy-correlate").WithExample("proxy-correlate", "--space", "nats", "--truth", "nats_cifar10_acc_rank.yml", "--evaluator", "synflow,params,flops", "--input", "3x32x32", "--classes", "10");
    }
}
