using System.Diagnostics;
using System.Reflection;

namespace BossNas.Engine.Conformance;

/// <summary>
/// Where an exception from a component came from, in its author's terms: the plugin member the host called (the contract
/// member, e.g. <c>TinySupernet.CandidateOp</c>) and the plugin method that threw, found on the exception's stack.
/// </summary>
internal static class ExceptionOrigin
{
    /// <summary>"IndexOutOfRangeException in TinySupernet.CandidateOp(Int32, Int32, Int32): …", naming the entry member when it differs.</summary>
    /// <param name="e">The exception (unwrapped from reflection's invocation wrapper).</param>
    /// <param name="isPlugin">Whether an assembly is the checked plugin's.</param>
    public static string Describe(Exception e, Func<Assembly, bool> isPlugin)
    {
        var methods = new StackTrace(e, false).GetFrames().Select(f => f.GetMethod()).OfType<MethodBase>().ToList();
        var plugin = methods.Where(m => m.DeclaringType is { } t && isPlugin(t.Assembly)).ToList();
        string where = plugin.Count > 0
            ? $" in {Name(plugin[0])}{(plugin.Count > 1 && Name(plugin[^1]) != Name(plugin[0]) ? $", called as {Name(plugin[^1])}" : "")}"
            : methods.Count > 0 ? $" in {Name(methods[0])} (no frame of the plugin on the stack)" : "";
        return $"{e.GetType().Name}{where}: {e.Message}";
    }

    /// <summary><c>Type.Method(ParamType, ...)</c>, with the enclosing type for a lambda or local function.</summary>
    public static string Name(MethodBase m)
    {
        var type = m.DeclaringType;
        while (type is { IsNested: true } && type.Name.StartsWith('<')) type = type.DeclaringType;
        return $"{type?.Name ?? "?"}.{Signature(m)}";
    }

    /// <summary><c>Method(ParamType, ...)</c>.</summary>
    public static string Signature(MethodBase m) => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";
}
