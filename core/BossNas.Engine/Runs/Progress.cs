using BossNas.Engine.Training;
using NLog;

namespace BossNas.Engine.Runs;

/// <summary>
/// Shows training progress: a one-line bar redrawn in place on a terminal, plain log lines (about 20 per
/// stage) when output is redirected, so CI logs stay readable.
/// </summary>
public sealed class Progress
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly bool _interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
    private double _ema = double.NaN;
    private string? _task;

    /// <summary>Reports one optimiser step.</summary>
    public void Step(StepMetrics m)
    {
        if (m.Task != _task) (_task, _ema) = (m.Task, double.NaN);
        _ema = double.IsNaN(_ema) ? m.Loss : 0.9 * _ema + 0.1 * m.Loss;
        int done = m.Step + 1;
        if (_interactive)
        {
            int width = 30, filled = (int)((double)done / m.TotalSteps * width);
            var bar = new string('#', filled).PadRight(width, '.');
            Console.Write($"\r{m.Task,-10} [{bar}] {done}/{m.TotalSteps} loss {_ema:F4} lr {m.Lr:G3} {m.ImagesPerSecond:F0} img/s   ");
            if (done == m.TotalSteps) Console.WriteLine();
        }
        else if (done == m.TotalSteps || done % Math.Max(1, m.TotalSteps / 20) == 0)
        {
            Log.Info("{Task} step {Step}/{Total} epoch {Epoch} loss {Loss:F4} lr {Lr:G3} {Throughput:F0} img/s",
                m.Task, done, m.TotalSteps, m.Epoch, _ema, m.Lr, m.ImagesPerSecond);
        }
    }

    /// <summary>Ends a progress line before other output.</summary>
    public void Break()
    {
        if (_interactive) Console.WriteLine();
        _ema = double.NaN;
    }
}
