using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Benchmarks;

/// <summary>
/// The architectures of a benchmark with their costs, and which of them get a second seed. Saved as <c>plan.json</c>
/// beside the table so a rebuild trains exactly the same set.
/// </summary>
public sealed class BenchmarkPlan
{
    /// <summary>The plan's file name in the benchmark folder.</summary>
    public const string FileName = "plan.json";

    /// <summary>Plugin name of the space.</summary>
    public string Space { get; set; } = "";

    /// <summary>The recipe's seed (every architecture) and the second seed (the repeats).</summary>
    public long[] Seeds { get; set; } = [];

    /// <summary>The architectures, ordered by MAdds.</summary>
    public List<PlannedArchitecture> Architectures { get; set; } = [];

    /// <summary>The units to train: every architecture with the first seed, then the repeats with the second.</summary>
    public IEnumerable<BenchmarkUnit> Units =>
        Architectures.Select(a => new BenchmarkUnit(a.Architecture, Seeds[0]))
            .Concat(Architectures.Where(a => a.Repeated).Select(a => new BenchmarkUnit(a.Architecture, Seeds[1])));

    /// <summary>Draws a plan: <paramref name="count"/> architectures stratified by cost, <paramref name="repeats"/> of them twice.</summary>
    public static BenchmarkPlan Draw(ISearchSpace space, string spacePlugin, InputShape input, int count, int repeats, long seed)
    {
        var chosen = BenchmarkSelection.Stratified(space, input, count, (ulong)seed);
        var repeated = BenchmarkSelection.Repeats(chosen.Select(c => c.Architecture).ToList(), repeats).ToHashSet();
        return new BenchmarkPlan
        {
            Space = spacePlugin,
            Seeds = [seed, seed + 1],
            Architectures = chosen.Select(c => new PlannedArchitecture
            {
                Architecture = c.Architecture.ToString(), MAdds = c.Cost.MAdds, Params = c.Cost.Params, Repeated = repeated.Contains(c.Architecture),
            }).ToList(),
        };
    }

    /// <summary>
    /// This plan with <paramref name="repeats"/> repeated architectures where it had fewer: the ones repeated stay
    /// repeated (their second-seed trainings keep counting) and the new ones are those a fresh draw of that many would
    /// repeat, then the rest in cost order, so growing 32 to 128 repeats the whole benchmark.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer repeats than the plan has, or more than its architectures.</exception>
    public BenchmarkPlan WithRepeats(int repeats)
    {
        int had = Architectures.Count(a => a.Repeated);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, had);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(repeats, Architectures.Count);
        var names = Architectures.Select(a => a.Architecture).ToList();
        var spread = BenchmarkSelection.SpreadIndices(names.Count, repeats);
        var order = spread.Concat(Enumerable.Range(0, names.Count)).Distinct();
        var repeated = Architectures.Where(a => a.Repeated).Select(a => a.Architecture).ToHashSet();
        foreach (int i in order)
        {
            if (repeated.Count >= repeats) break;
            repeated.Add(names[i]);
        }
        return new BenchmarkPlan
        {
            Space = Space,
            Seeds = Seeds,
            Architectures = Architectures.Select(a => new PlannedArchitecture
            {
                Architecture = a.Architecture, MAdds = a.MAdds, Params = a.Params, Repeated = repeated.Contains(a.Architecture),
            }).ToList(),
        };
    }

    /// <summary>Reads a saved plan, or null when there is none.</summary>
    public static BenchmarkPlan? Read(string folder)
    {
        var file = Path.Combine(folder, FileName);
        return File.Exists(file) ? JsonSerializer.Deserialize<BenchmarkPlan>(File.ReadAllText(file), BenchmarkUnitResult.Json) : null;
    }

    /// <summary>Writes the plan to <paramref name="folder"/>.</summary>
    public void Write(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, BenchmarkUnitResult.Json));
}

/// <summary>One architecture of a plan.</summary>
public sealed class PlannedArchitecture
{
    /// <summary>The encoding.</summary>
    public string Architecture { get; set; } = "";

    /// <summary>Multiply-adds of the stand-alone network.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("madds")]
    public double MAdds { get; set; }

    /// <summary>Parameters of the stand-alone network.</summary>
    public long Params { get; set; }

    /// <summary>Whether it is trained with the second seed too.</summary>
    public bool Repeated { get; set; }
}
