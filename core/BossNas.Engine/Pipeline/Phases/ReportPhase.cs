using System.Diagnostics;
using BossNas.Core.Components;
using BossNas.Engine.Reports;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>The <c>report</c> phase: <c>report.md</c> with plots from what the earlier phases recorded.</summary>
internal sealed class ReportPhase : IPhase
{
    private static readonly Logger Log = LogManager.GetLogger("pipeline");

    /// <inheritdoc />
    public string Name => PhaseNames.Report;

    /// <inheritdoc />
    public IReadOnlyList<ComponentKind> Roles { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } = [];

    /// <inheritdoc />
    public string Produces => "report.md and its plots";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var clock = Stopwatch.StartNew();
        var report = ReportWriter.Write(s);
        s.State.AddTime(PhaseNames.Report, clock.Elapsed.TotalSeconds);
        Log.Info("Report: {Report}", report);
    }
}
