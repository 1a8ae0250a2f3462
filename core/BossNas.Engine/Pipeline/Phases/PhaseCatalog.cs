using BossNas.Core.Components;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The engine's phases in the only order a config may list them. Checks a phase list against the phases'
/// declarations (names, order, needs) and says which component roles the list requires.
/// </summary>
internal static class PhaseCatalog
{
    /// <summary>Every phase, in order.</summary>
    public static readonly IReadOnlyList<IPhase> All =
        [new TeacherPhase(), new SupernetPhase(), new SearchPhase(), new RetrainPhase(), new InheritPhase(), new ControlPhase(), new FrontPhase(), new ReportPhase()];

    /// <summary>Phase names in order.</summary>
    public static IReadOnlyList<string> Names => Order;

    private static readonly List<string> Order = All.Select(p => p.Name).ToList();

    /// <summary>The phase called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No phase has that name (a run state from another engine).</exception>
    public static IPhase Get(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"unknown phase '{name}' in the run state");

    /// <summary>The problems of a phase list, as messages about <c>phases</c>.</summary>
    public static IEnumerable<string> Check(IReadOnlyList<string> phases)
    {
        if (phases.Count == 0) yield return "at least one phase is needed";
        foreach (var p in phases.Where(p => !Names.Contains(p)))
            yield return $"unknown phase '{p}'{Config.Names.DidYouMean(p, Names)}; known: {string.Join(", ", Names)}";
        if (phases.Distinct().Count() != phases.Count) yield return "a phase is listed twice";
        var order = phases.Where(Names.Contains).Select(p => Order.IndexOf(p)).ToList();
        if (!order.SequenceEqual(order.Order())) yield return $"phases must keep the order {string.Join(" → ", Names)}";
        foreach (var phase in All.Where(p => phases.Contains(p.Name)))
            foreach (var need in phase.Needs.Where(n => !phases.Contains(n.Phase)))
                yield return $"'{phase.Name}' needs '{need.Phase}' before it ({need.Why})";
    }

    /// <summary>The component roles <paramref name="phases"/> work with (the search space always).</summary>
    public static IReadOnlySet<ComponentKind> Roles(IEnumerable<string> phases) =>
        All.Where(p => phases.Contains(p.Name)).SelectMany(p => p.Roles).Append(ComponentKind.SearchSpace).ToHashSet();

    /// <summary>The first listed phase that works with <paramref name="role"/>, or null.</summary>
    public static string? FirstNeeding(IEnumerable<string> phases, ComponentKind role) =>
        All.FirstOrDefault(p => phases.Contains(p.Name) && p.Roles.Contains(role))?.Name;
}
