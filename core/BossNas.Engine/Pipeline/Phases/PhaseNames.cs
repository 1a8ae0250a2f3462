namespace BossNas.Engine.Pipeline;

/// <summary>
/// The names of the engine's phases, as configs write them in <c>[pipeline] phases</c> and run states record them. The
/// only place they are spelled out; everything else refers to these constants.
/// </summary>
public static class PhaseNames
{
    /// <summary>Train (or load) the teacher of a distilling strategy.</summary>
    public const string Teacher = "teacher";

    /// <summary>Train the supernet stage by stage; block-wise searchers act at the stage ends.</summary>
    public const string Supernet = "supernet";

    /// <summary>The searcher picks the architecture.</summary>
    public const string Search = "search";

    /// <summary>Train the found architecture from scratch and test it.</summary>
    public const string Retrain = "retrain";

    /// <summary>Test the found architecture with supernet weights.</summary>
    public const string Inherit = "inherit";

    /// <summary>Random architectures of similar cost, trained (or tested) like the found one.</summary>
    public const string Control = "control";

    /// <summary>Points of the search's Pareto front (knee, ends) trained from scratch with controls of the same cost.</summary>
    public const string Front = "front";

    /// <summary>Write <c>report.md</c>.</summary>
    public const string Report = "report";

    /// <summary>The run state's phase once every phase has run.</summary>
    public const string Done = "done";

    /// <summary>The task name of <c>bossnas train</c>'s one network (not a pipeline phase).</summary>
    public const string Train = "train";

    /// <summary>The task name of the space's largest architecture (BigNAS's MAX) tested in the inherit phase (not a pipeline phase).</summary>
    public const string Largest = "largest";

    /// <summary>The task name of the space's smallest architecture (BigNAS's MIN) tested in the inherit phase (not a pipeline phase).</summary>
    public const string Smallest = "smallest";

    /// <summary>What each listed phase produces, in the run's order (for <c>bossnas plan</c>).</summary>
    public static IReadOnlyList<(string Phase, string Produces)> Describe(IEnumerable<string> phases) =>
        PhaseCatalog.All.Where(p => phases.Contains(p.Name)).Select(p => (p.Name, p.Produces)).ToList();
}
