using System.Reflection;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Conformance;

/// <summary>
/// Public methods of a plugin type that carry the name of a Core contract member but not its signature. Such a method
/// compiles (the interface member has a default, or the base method is virtual) and is never called by the host: the
/// usual trace of a plugin written against an older Core.
/// </summary>
internal static class ContractMembers
{
    /// <summary>One message per such method of <paramref name="type"/>: which contract member it shadows by name.</summary>
    public static IEnumerable<string> Mismatches(Type type)
    {
        var core = typeof(ISearchSpace).Assembly;
        var contracts = type.GetInterfaces().Where(i => i.Assembly == core).ToList();
        var implementing = contracts.SelectMany(i => type.GetInterfaceMap(i).TargetMethods).ToHashSet();
        var members = contracts.SelectMany(i => i.GetMethods().Select(m => (Owner: i, Method: m)))
            .Concat(CoreBases(type).SelectMany(b => b.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.IsVirtual).Select(m => (Owner: b, Method: m))))
            .Where(x => !x.Method.IsSpecialName).ToLookup(x => x.Method.Name);
        bool Fulfils(MethodInfo m) =>
            implementing.Contains(m) || (m.GetBaseDefinition() is { } root && root != m && root.DeclaringType?.Assembly == core);
        // A name some method already fulfils the contract under: other methods of that name are overloads (a convenience
        // Cost(arch) beside Cost(arch, input)), not a stale signature.
        var fulfilled = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(Fulfils).Select(m => m.Name).ToHashSet();
        foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (m.IsSpecialName || Fulfils(m) || !members.Contains(m.Name) || fulfilled.Contains(m.Name)) continue;
            var (owner, contract) = members[m.Name].First();
            yield return $"{ExceptionOrigin.Name(m)} has the name of {owner.Name}.{ExceptionOrigin.Signature(contract)} " +
                         "but another signature, so the host never calls it; give it the contract's signature (or another name)";
        }
    }

    private static IEnumerable<Type> CoreBases(Type type)
    {
        var core = typeof(ISearchSpace).Assembly;
        for (var b = type.BaseType; b is not null; b = b.BaseType)
            if (b.Assembly == core) yield return b;
    }
}
