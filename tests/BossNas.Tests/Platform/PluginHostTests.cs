using BossNas.Core.Components;
using BossNas.Core.Searching;
using BossNas.Engine.Plugins;
using BossNas.Tests.Support;

namespace BossNas.Tests.Platform;

/// <summary>Plugins are found in folders at run time and resolved by (kind, name), sharing BossNas.Core.</summary>
public sealed class PluginHostTests
{
    [Fact]
    public void A_plugin_built_against_core_only_is_discovered_and_resolved_by_name()
    {
        using var host = PluginHost.Load(new[] { TestPlugins.Folder });
        var d = host.Find(ComponentKind.Searcher, "random");
        Assert.NotNull(d);
        // Loaded from the plugin folder, not from the test's own references.
        Assert.StartsWith(TestPlugins.Folder, d!.AssemblyPath);
        Assert.DoesNotContain(typeof(PluginHostTests).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("BossNas.Plugins", StringComparison.Ordinal));

        var searcher = host.CreateDefault<ISearcher>(ComponentKind.Searcher, "random");
        Assert.Equal("RandomBlockSearcher", searcher.GetType().Name);
    }

    [Fact]
    public void A_plugin_assembly_given_directly_wins_over_its_copy_in_a_plugin_folder()
    {
        // As a test project that references a plugin would: the plugin's assembly in this process's own load context.
        var path = Path.Combine(TestPlugins.Folder, "BossNas.Plugins.Searchers", "BossNas.Plugins.Searchers.dll");
        var direct = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        using var host = PluginHost.Load(new[] { TestPlugins.Folder }, new[] { direct });
        Assert.Same(direct, host.Find(ComponentKind.Searcher, "evolution")!.Type.Assembly);
        Assert.Empty(host.Failures);
        // The other plugins still come from their folders.
        Assert.StartsWith(TestPlugins.Folder, host.Find(ComponentKind.SearchSpace, "nats")!.AssemblyPath);
        var searcher = host.CreateDefault<ISearcher>(ComponentKind.Searcher, "random");
        Assert.Same(direct, searcher.GetType().Assembly);
    }

    [Fact]
    public void A_broken_plugin_folder_is_reported_and_the_others_still_load()
    {
        using var temp = new TempFolder();
        foreach (var dir in Directory.GetDirectories(TestPlugins.Folder))
        {
            var target = Directory.CreateDirectory(Path.Combine(temp.Path, Path.GetFileName(dir))).FullName;
            foreach (var f in Directory.GetFiles(dir)) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }
        var broken = Directory.CreateDirectory(temp.File("Broken.Plugin")).FullName;
        File.WriteAllText(Path.Combine(broken, "Broken.Plugin.dll"), "not an assembly");
        Directory.CreateDirectory(temp.File("Empty.Plugin"));

        using var host = PluginHost.Load(new[] { temp.Path });

        Assert.Contains(host.Failures, f => f.Path.EndsWith("Broken.Plugin.dll", StringComparison.Ordinal));
        Assert.Contains(host.Failures, f => f.Path.EndsWith("Empty.Plugin", StringComparison.Ordinal) &&
                                            f.Reason.Contains("no Empty.Plugin.dll", StringComparison.Ordinal));
        Assert.NotNull(host.Find(ComponentKind.Searcher, "greedy_blockwise"));
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<KeyNotFoundException>(() =>
            TestPlugins.Host.Create<ISearcher>(ComponentKind.Searcher, "greedy_blockwize", new object()));
        Assert.Contains("did you mean 'greedy_blockwise'", e.Message);
        Assert.Contains("random", e.Message);
    }
}
