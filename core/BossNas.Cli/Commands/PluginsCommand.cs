using System.ComponentModel;
using System.Reflection;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Core.Components;
using BossNas.Engine.Config;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas plugins</c>: every component found at run time, with its options and defaults.</summary>
[Description("Lists every component with its options and defaults")]
internal sealed class PluginsCommand : BossNasCommand<PluginsSettings>
{
    /// <inheritdoc/>
    protected override int Run(PluginsSettings settings, CancellationToken cancellationToken)
    {
        PluginsJson list;
        using (var host = Hosting.ForConfig(settings.Config))
        {
            var components = Enum.GetValues<ComponentKind>().SelectMany(host.OfKind).Select(c =>
            {
                var defaults = Activator.CreateInstance(c.Options)!;
                var options = OptionsBinder.Properties(c.Options).Select(o => new PluginsJson.Option(o.Key,
                    OptionsBinder.Format(o.Value.GetValue(defaults)), OptionsBinder.Describe(o.Value), o.Value.GetCustomAttribute<HelpAttribute>()?.Text)).ToList();
                return new PluginsJson.Component(c.Kind.Section(), c.Name, c.Type.FullName ?? c.Type.Name, c.AssemblyPath, c.Description, options);
            }).ToList();
            list = new PluginsJson(components, host.Failures.Select(f => new PluginsJson.Failure(f.Path, f.Reason)).ToList(),
                host.Components.Select(c => c.AssemblyPath).Distinct().Count());
        }
        if (settings.Json) CliJson.Print(list);
        else PrintText(list);
        return ExitCodes.Ok;
    }

    private static void PrintText(PluginsJson list)
    {
        foreach (var kind in Enum.GetValues<ComponentKind>())
        {
            Console.WriteLine($"[{kind.Section()}]");
            var components = list.Components.Where(c => c.Kind == kind.Section()).ToList();
            if (components.Count == 0) Console.WriteLine("  (none found)");
            foreach (var c in components)
            {
                Console.WriteLine($"  {c.Name,-24} {c.Type}  ({Path.GetFileName(c.Assembly)})");
                if (c.Description.Length > 0) Console.WriteLine($"      {c.Description}");
                foreach (var o in c.Options)
                {
                    var setting = $"{o.Key} = {o.Default}";
                    Console.WriteLine($"      {setting,-34} {o.Type}{(o.Help is null ? "" : "; " + o.Help)}");
                }
            }
            Console.WriteLine();
        }
        foreach (var f in list.Failures) Console.WriteLine($"not loaded: {f.Path}: {f.Reason}");
        Console.WriteLine($"{list.Components.Count} components from {list.Assemblies} plugin assemblies");
    }
}
