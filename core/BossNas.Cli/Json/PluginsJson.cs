namespace BossNas.Cli.Json;

/// <summary><c>bossnas plugins --json</c>: every component found, with its options and defaults, and what failed to load.</summary>
/// <param name="Components">The components, grouped by kind in the text's order.</param>
/// <param name="Failures">Plugin files that were not loaded.</param>
/// <param name="Assemblies">Plugin assemblies the components came from.</param>
internal sealed record PluginsJson(IReadOnlyList<PluginsJson.Component> Components, IReadOnlyList<PluginsJson.Failure> Failures, int Assemblies)
{
    /// <summary>One component.</summary>
    /// <param name="Kind">Its config section, e.g. <c>search_space</c>.</param>
    /// <param name="Name">The name a config selects it by.</param>
    /// <param name="Type">Its .NET type.</param>
    /// <param name="Assembly">The file it was loaded from.</param>
    /// <param name="Description">What it does; empty when it says nothing.</param>
    /// <param name="Options">Its options.</param>
    internal sealed record Component(string Kind, string Name, string Type, string Assembly, string Description, IReadOnlyList<Option> Options);

    /// <summary>One option of a component.</summary>
    /// <param name="Key">The config key.</param>
    /// <param name="Default">The default as TOML writes it.</param>
    /// <param name="Type">The value's type and range, e.g. <c>float in [0, 1]</c>.</param>
    /// <param name="Help">What it means, or null.</param>
    internal sealed record Option(string Key, string Default, string Type, string? Help);

    /// <summary>A plugin file that was not loaded.</summary>
    /// <param name="Path">The file.</param>
    /// <param name="Reason">Why.</param>
    internal sealed record Failure(string Path, string Reason);
}
