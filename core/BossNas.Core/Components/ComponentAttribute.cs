namespace BossNas.Core.Components;

/// <summary>
/// Marks a class as a pluggable component. The host finds it by scanning plugin assemblies and registers it by
/// (<see cref="Kind"/>, <see cref="Name"/>); a config selects it with <c>plugin = "name"</c>.
/// The component's public constructor takes its options object (of <see cref="Options"/>), and may also take
/// other registered services.
/// </summary>
/// <example><code>
/// [Component(ComponentKind.SearchSpace, "my_space", typeof(MySpaceOptions))]
/// public sealed class MySpace : ISearchSpace { public MySpace(MySpaceOptions options) { ... } }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ComponentAttribute : Attribute
{
    /// <summary>Declares a component.</summary>
    /// <param name="kind">Which contract it implements.</param>
    /// <param name="name">Its unique name within the kind, lower_snake_case.</param>
    /// <param name="options">Its options class (a public class with a parameterless constructor), or null.</param>
    public ComponentAttribute(ComponentKind kind, string name, Type? options = null)
    {
        Kind = kind;
        Name = name;
        Options = options ?? typeof(NoOptions);
    }

    /// <summary>The component kind.</summary>
    public ComponentKind Kind { get; }

    /// <summary>The name a config uses.</summary>
    public string Name { get; }

    /// <summary>The options class bound from the component's config section.</summary>
    public Type Options { get; }

    /// <summary>One-line description shown by <c>bossnas plugins</c>.</summary>
    public string Description { get; init; } = "";
}
