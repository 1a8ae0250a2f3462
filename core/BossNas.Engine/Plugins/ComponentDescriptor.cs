using System.Reflection;
using BossNas.Core.Components;

namespace BossNas.Engine.Plugins;

/// <summary>A component found in a plugin assembly.</summary>
/// <param name="Kind">Its contract kind.</param>
/// <param name="Name">Its name in configs.</param>
/// <param name="Type">The implementing class.</param>
/// <param name="Options">Its options class.</param>
/// <param name="Description">One-line description.</param>
public sealed record ComponentDescriptor(ComponentKind Kind, string Name, Type Type, Type Options, string Description)
{
    /// <summary>The file the component was loaded from.</summary>
    public string AssemblyPath => Type.Assembly.Location;

    /// <summary>Reads the descriptor of a class carrying <see cref="ComponentAttribute"/>, or null.</summary>
    public static ComponentDescriptor? From(Type type)
    {
        var a = type.GetCustomAttribute<ComponentAttribute>();
        if (a is null || type.IsAbstract) return null;
        return new ComponentDescriptor(a.Kind, a.Name, type, a.Options, a.Description);
    }
}
