using System.Reflection;

namespace BossNas.Core.Components;

/// <summary>The registered name of a component, for messages such as compatibility refusals.</summary>
public static class ComponentNames
{
    /// <summary>The <see cref="ComponentAttribute.Name"/> of <paramref name="component"/>'s type, or its type name.</summary>
    public static string Of(object? component) =>
        component is null ? "no component" : component.GetType().GetCustomAttribute<ComponentAttribute>()?.Name ?? component.GetType().Name;
}
