using BossNas.Core.Components;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>The DNA plugin's component names, and their options as a config section would set them.</summary>
internal static class DnaKit
{
    public const string Strategy = "dna";
    public const string Evaluator = "dna_loss";
    public const string Searcher = "dna_budgeted";

    public static object Options(ComponentKind kind, string name, params (string Name, object Value)[] settings) =>
        ComponentOptions.Of(kind, name, settings);
}
