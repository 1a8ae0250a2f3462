using BossNas.Engine.Plugins;

namespace BossNas.Tests.Support;

/// <summary>The plugin host over the plugins the build deployed beside the test assembly, plus the test assembly's own components.</summary>
public static class TestPlugins
{
    private static readonly Lazy<PluginHost> Shared = new(() => PluginHost.Load(new[] { Folder }, new[] { typeof(TestPlugins).Assembly }));

    /// <summary>bin/.../plugins, filled by each plugin project's DeployPlugin target.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>One host for the whole test run: plugin assemblies cannot be unloaded anyway.</summary>
    public static PluginHost Host => Shared.Value;
}
