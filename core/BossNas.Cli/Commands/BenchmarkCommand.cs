using System.ComponentModel;
using System.Globalization;
using BossNas.Cli.Settings;
using BossNas.Engine.Benchmarks;
using BossNas.Engine.Data;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas benchmark &lt;recipe&gt; --out &lt;folder&gt;</c>: builds or continues a ground-truth benchmark by
/// training architectures of the recipe's space from scratch. Several processes may share one folder.
/// </summary>
[Description("Builds (or continues) a ground-truth benchmark: architectures stratified by cost, each trained from scratch")]
internal sealed class BenchmarkCommand : BossNasCommand<BenchmarkSettings>
{
    /// <inheritdoc/>
    protected override int Run(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var path = Hosting.RequireFile(settings.Config);
        using var host = Hosting.ForConfig(path, settings.Sets);
        using var stop = new StopSignals(cancellationToken);
        var builder = new BenchmarkBuilder(path, settings.Sets, settings.Out, host) { Report = Console.WriteLine, Verbose = settings.Verbose };
        try
        {
            var plan = builder.Plan(settings.Architectures, settings.Repeats);
            if (settings.Unit is { } unit)
            {
                // A unit trains and leaves its result.json; the coordinator writes the table, so tasks never race on it.
                // A unit whose folder another process holds says so (exit 2): a process executor waits for the holder.
                int colon = unit.LastIndexOf(':');
                if (colon <= 0 || !long.TryParse(unit[(colon + 1)..], CultureInfo.InvariantCulture, out long seed)
                    || !plan.Units.Contains(new BenchmarkUnit(unit[..colon], seed)))
                    throw new UsageException($"--unit {unit}: not an architecture:seed of the plan in {builder.Folder}");
                var trained = builder.TrainUnit(new BenchmarkUnit(unit[..colon], seed), stop.Token, skipHeld: false);
                if (trained is not null) Console.WriteLine($"{unit}: {trained.Accuracy:F2} % in {trained.Seconds:F0} s");
                return trained is not null ? ExitCodes.Ok : stop.Token.IsCancellationRequested ? stop.ExitCode : ExitCodes.Failed;
            }
            Console.WriteLine($"benchmark {builder.Folder}: {plan.Architectures.Count} architectures of '{plan.Space}', " +
                              $"{plan.Architectures.Count(a => a.Repeated)} with a second seed");
            var built = builder.Build(plan, stop.Token);
            if (built is not { } done)
            {
                builder.WriteTable(plan);
                Console.WriteLine("interrupted; run the same command again to continue");
                return stop.ExitCode;
            }
            var tau = done.Noise.Agreement?.KendallTauB.ToString("F3", CultureInfo.InvariantCulture) ?? "n/a";
            Console.WriteLine($"{done.Done} of {plan.Units.Count()} trainings done; noise ceiling (Kendall τ-b between seeds, " +
                              $"{done.Noise.Pairs} architectures): {tau}; table {Path.Combine(builder.Folder, BenchmarkTable.CsvName)}");
            return ExitCodes.Ok;
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
