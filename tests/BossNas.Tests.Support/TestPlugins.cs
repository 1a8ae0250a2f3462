using System.Reflection;
using BossNas.Core.Platform;
using BossNas.Engine.Plugins;

namespace BossNas.Tests.Support;

/// <summary>
/// The plugin host of a test run: the plugins the build deployed beside the test assembly, plus the components of the
/// test assembly itself and of the plugin projects it references directly (a plugin's own test project), whose
/// deployed copies are then skipped so that the tests and the host see the same types.
/// </summary>
public static class TestPlugins
{
    private static readonly Lazy<PluginHost> Shared = new(() =>
    {
        // Theory data (e.g. Registry.Spaces) can reach the host at discovery, before the test assembly's initializer.
        NativeSetup.Apply();
        return PluginHost.Load(new[] { Folder }, DirectAssemblies());
    });

    /// <summary>bin/.../plugins, filled by each plugin project's DeployPlugin target.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>One host for the whole test run: plugin assemblies cannot be unloaded anyway.</summary>
    public static PluginHost Host => Shared.Value;

    /// <summary>
    /// The test assembly (the one <c>*.Tests.dll</c> of the output folder; this library is <c>*.Tests.Support.dll</c>) and
    /// the <c>BossNas.Plugins.*</c> assemblies it was compiled against.
    /// </summary>
    public static IReadOnlyList<Assembly> DirectAssemblies()
    {
        var files = Directory.GetFiles(AppContext.BaseDirectory, "*.Tests.dll");
        if (files.Length != 1)
            throw new InvalidOperationException($"expected one test assembly in {AppContext.BaseDirectory}, found {files.Length}");
        var test = Assembly.Load(AssemblyName.GetAssemblyName(files[0]));
        return test.GetReferencedAssemblies()
            .Where(n => n.Name?.StartsWith("BossNas.Plugins.", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Prepend(test)
            .ToList();
    }
}
