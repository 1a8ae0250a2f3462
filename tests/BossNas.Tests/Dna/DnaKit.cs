using System.Reflection;
using BossNas.Core.Components;
using BossNas.Tests.EnsembleBootstrapping;
using BossNas.Tests.Support;

namespace BossNas.Tests.Dna;

/// <summary>
/// Reaches the DNA plugin as the engine does (components by name from the plugin host); its public static helpers
/// (<c>DistillationLoss</c>, <c>TeacherSplit</c>) are found through the component's assembly, so the test project still
/// references no plugin.
/// </summary>
internal static class DnaKit
{
    public const string Strategy = "dna";
    public const string Evaluator = "dna_loss";
    public const string Searcher = "dna_budgeted";

    public static object Options(ComponentKind kind, string name, params (string Name, object Value)[] settings) =>
        BootstrappingKit.Options(kind, name, settings);

    /// <summary>A public static method of a type of the DNA plugin as a typed delegate.</summary>
    public static T Static<T>(string type, string method) where T : Delegate
    {
        var asm = TestPlugins.Host.Find(ComponentKind.Supervision, Strategy)!.Type.Assembly;
        var t = asm.GetType($"BossNas.Plugins.Dna.{type}", throwOnError: true)!;
        var parameters = typeof(T).GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType).ToArray();
        var m = t.GetMethod(method, BindingFlags.Public | BindingFlags.Static, parameters)
                ?? throw new MissingMethodException(t.FullName, method);
        return m.CreateDelegate<T>();
    }
}
