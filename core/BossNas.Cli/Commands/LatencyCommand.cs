using System.ComponentModel;
using System.Globalization;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Latency;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas latency</c>: an architecture's latency on this machine, measured in TorchSharp and in ONNX Runtime and
/// predicted by the space's per-layer table (built and cached when missing, or anew with <c>--build-table</c>); with
/// <c>--accuracy K</c> the table's MAPE and Kendall τ over K sampled architectures.
/// </summary>
[Description("Measures and predicts the latency of architectures of a config's space on this machine")]
internal sealed class LatencyCommand : BossNasCommand<LatencySettings>
{
    /// <inheritdoc/>
    protected override int Run(LatencySettings settings, CancellationToken cancellationToken)
    {
        var result = Measure(settings);
        if (settings.Json) CliJson.Print(result);
        else PrintText(result);
        return ExitCodes.Ok;
    }

    private static LatencyJson Measure(LatencySettings settings)
    {
        var path = Hosting.RequireFile(settings.Config);
        var source = ConfigSource.Read(path, settings.Sets);
        using var host = Hosting.For(source);
        var config = source.Bind(host, ConfigUse.Train);
        var space = ComponentSet.Create(config, host).Space;
        var input = DatasetShapes.Of(config.Data, config.ResolvePath);
        var measured = Metric<MeasuredLatencyMetric>(host, config, CostMetricNames.LatencyMeasured);
        var predicted = Metric<PredictedLatencyMetric>(host, config, CostMetricNames.LatencyPredicted);
        if (predicted.CheckCompatible(space) is { } why) throw new UsageException($"no latency table: {why}");
        var table = predicted.Table(space, input, rebuild: settings.BuildTable);
        var probe = new LatencyProbe(space, input, measured, predicted);
        var architectures = settings.Arch is { } text ? [ArchitectureArgument.Resolve(space, text, path)]
            : probe.Sample(settings.Accuracy ?? settings.Samples, (ulong)config.Run.Seed);
        var options = measured.Options;
        // The accuracy mode compares the table with TorchSharp, the runtime it was timed in; ONNX Runtime is left out there.
        var timed = architectures.Select(a => probe.Measure(a, onnx: settings.Accuracy is null, options)).ToList();
        var accuracy = settings.Accuracy is null ? null : LatencyAccuracy.Of(timed);
        var file = predicted.Options.Cache ? LatencyTableStore.FileOf(space, input, predicted.Options) : null;
        return new LatencyJson(config[ComponentKind.SearchSpace].Plugin, input.ToString(), options.Threads, options.Batch, options.Runs,
            new LatencyJson.TableInfo(file, table.Entries.Count, table.OverheadMs, table.BuildSeconds, table.BuiltNow),
            timed.Select(t => new LatencyJson.Timed(t.Architecture.ToString(), t.Cost.MAdds, t.Cost.Params, t.TorchSharp.MedianMs, t.TorchSharp.IqrMs,
                t.Onnx?.MedianMs, t.Onnx?.IqrMs, t.PredictedMs)).ToList(),
            accuracy is null ? null : new LatencyJson.AccuracyInfo(accuracy.Architectures, accuracy.MapePercent, accuracy.KendallTau, accuracy.SpearmanRho));
    }

    // A latency metric with the config's [cost_metric.<name>] options, or its defaults.
    private static T Metric<T>(PluginHost host, RunConfig config, string name) where T : class, ICostMetric =>
        config.CostMetricOptions.TryGetValue(name, out var options)
            ? host.Create<ICostMetric>(ComponentKind.CostMetric, name, options) as T ?? throw new InvalidOperationException($"{name} is not the engine's")
            : host.CreateDefault<ICostMetric>(ComponentKind.CostMetric, name) as T ?? throw new InvalidOperationException($"{name} is not the engine's");

    private static void PrintText(LatencyJson r)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"search space  {r.Space}  for {r.Input}; {r.Threads} thread(s), batch {r.Batch}, median of {r.Runs} timed runs");
        var t = r.Table;
        Console.WriteLine(string.Create(inv, $"latency table: {t.Layers} layers, fixed overhead {t.OverheadMs:F3} ms, timed in {t.BuildSeconds:F1} s" +
                                             $"{(t.BuiltNow ? " (built now)" : "")}{(t.File is null ? "" : $"; {t.File}")}"));
        foreach (var a in r.Architectures)
        {
            var onnx = a.OnnxMs is { } o ? string.Create(inv, $", onnxruntime {o:F3} ms (IQR {a.OnnxIqrMs:F3})") : "";
            Console.WriteLine(string.Create(inv, $"{a.Architecture}  {new Cost(a.MAdds, a.Params)}: torchsharp {a.TorchsharpMs:F3} ms (IQR {a.TorchsharpIqrMs:F3}){onnx}, predicted {a.PredictedMs:F3} ms"));
        }
        if (r.Accuracy is { } acc)
            Console.WriteLine(string.Create(inv, $"accuracy over {acc.Architectures} architectures: MAPE {acc.MapePercent:F1} %, Kendall tau {acc.KendallTau:F3}, Spearman rho {acc.SpearmanRho:F3}"));
    }
}
