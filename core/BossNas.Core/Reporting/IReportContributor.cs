namespace BossNas.Core.Reporting;

/// <summary>
/// A component (space, strategy, evaluator or searcher) that adds its own section and plots to a run's <c>report.md</c>
/// and its own TensorBoard scalars, from the metrics records it wrote (e.g. <c>SearchContext.Record</c>). The engine
/// names no component's records: whatever a component records, it reports here.
/// </summary>
public interface IReportContributor
{
    /// <summary>Writes the component's section of <c>report.md</c> (nothing when it has nothing to say).</summary>
    void WriteReport(IReportSection report);

    /// <summary>
    /// The TensorBoard scalars of one metrics record of <paramref name="kind"/> with <paramref name="fields"/>, for the
    /// records this component writes; none for the others.
    /// </summary>
    IEnumerable<ReportScalar> Scalars(string kind, IReadOnlyDictionary<string, object?> fields) => [];
}

/// <summary>One TensorBoard scalar: its tag (e.g. <c>search/best</c>), value and step.</summary>
public readonly record struct ReportScalar(string Tag, double Value, long Step);
