using BossNas.Engine.Training;
using NLog;
using Spectre.Console;

namespace BossNas.Engine.Runs;

/// <summary>
/// Shows training progress: Spectre.Console progress bars (one per stage or retraining) on a terminal, plain log
/// lines (about 20 per stage) when output is redirected, so CI logs stay readable.
/// </summary>
internal sealed class Progress
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly Dictionary<string, ProgressTask> _bars = new();
    private ProgressContext? _context;
    private double _ema = double.NaN;
    private string? _task;
    private int _rated;
    private double _ratingSeconds;

    /// <summary>Whether bars are drawn (a terminal, not CI).</summary>
    public static bool Interactive => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;

    /// <summary>
    /// Runs <paramref name="work"/> under a live progress display when interactive, else runs it as is. Meanwhile the
    /// console shows errors only; warnings (an interruption's "checkpoint written") are held and printed when the display
    /// has ended, since a line written under a live display makes it draw its bars a second time. log.txt keeps all.
    /// </summary>
    public T Run<T>(Func<T> work)
    {
        if (!Interactive) return work();
        var config = LogManager.Configuration;
        var rule = config?.LoggingRules.FirstOrDefault(r => r.Targets.Any(t => t.Name == "console"));
        var layout = (rule?.Targets.FirstOrDefault(t => t.Name == "console") as NLog.Targets.TargetWithLayout)?.Layout;
        var held = new NLog.Targets.MemoryTarget("held") { Layout = layout ?? "${level:uppercase=true} ${message}" };
        var holding = new NLog.Config.LoggingRule("*", LogLevel.Warn, LogLevel.Warn, held);
        config?.LoggingRules.Add(holding);
        rule?.SetLoggingLevels(LogLevel.Error, LogLevel.Fatal);
        LogManager.ReconfigExistingLoggers();
        try
        {
            return AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    _context = ctx;
                    LiveNotice.Active = true;
                    return work();
                });
        }
        finally
        {
            _context = null;
            LiveNotice.Active = false;
            if (LiveNotice.Text is { } notice) Console.Error.WriteLine(notice);
            LiveNotice.Text = null;
            config?.LoggingRules.Remove(holding);
            rule?.SetLoggingLevels(LogLevel.Info, LogLevel.Fatal);
            LogManager.ReconfigExistingLoggers();
            foreach (var line in held.Logs) Console.Error.WriteLine(line);
        }
    }

    /// <summary>Reports one optimiser step.</summary>
    public void Step(StepMetrics m)
    {
        if (m.Task != _task) (_task, _ema) = (m.Task, double.NaN);
        _ema = double.IsNaN(_ema) ? m.Loss : 0.9 * _ema + 0.1 * m.Loss;
        int done = m.Step + 1;
        if (_context is { } ctx)
        {
            if (!_bars.TryGetValue(m.Task, out var bar))
                _bars[m.Task] = bar = ctx.AddTask(m.Task, maxValue: m.TotalSteps);
            bar.Value = done;
            bar.Description = LiveNotice.Text is { } notice ? $"{m.Task,-8} {notice}"
                : $"{m.Task,-8} loss {_ema,8:F4}  lr {m.Lr,-9:G3} {m.ImagesPerSecond,5:F0} img/s";
        }
        else if (done == m.TotalSteps || done % Math.Max(1, m.TotalSteps / 20) == 0)
        {
            Log.Info("{Task} step {Step}/{Total} epoch {Epoch} loss {Loss:F4} lr {Lr:G3} {Throughput:F0} img/s",
                m.Task, done, m.TotalSteps, m.Epoch, _ema, m.Lr, m.ImagesPerSecond);
        }
    }

    /// <summary>
    /// Runs one rating request of <paramref name="count"/> candidates under a "rating" bar (or a log line when not
    /// interactive) that counts every candidate rated so far and the time rating took.
    /// </summary>
    public T Rating<T>(string what, int count, Func<T> rate)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ProgressTask? bar = null;
        if (_context is { } ctx)
        {
            if (!_bars.TryGetValue("rating", out bar)) _bars["rating"] = bar = ctx.AddTask("rating", maxValue: count);
            else bar.MaxValue += count;
            bar.Description = $"rating   {what}: {count} candidates";
        }
        var result = rate();
        _rated += count;
        _ratingSeconds += watch.Elapsed.TotalSeconds;
        if (bar is not null)
        {
            bar.Increment(count);
            bar.Description = $"rating   {_rated} rated in {_ratingSeconds:F0} s";
        }
        else
        {
            Log.Info("Rated {What}: {Count} candidates in {Seconds:F1} s ({Total} rated so far, {AllSeconds:F0} s)",
                what, count, watch.Elapsed.TotalSeconds, _rated, _ratingSeconds);
        }
        return result;
    }

    /// <summary>Resets the loss average before other output (after an interruption).</summary>
    public void Break() => _ema = double.NaN;
}
