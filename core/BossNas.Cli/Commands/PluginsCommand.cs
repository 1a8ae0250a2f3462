using System.ComponentModel;
using System.Reflection;
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
        using var host = Hosting.ForConfig(settings.Config);
        foreach (var kind in Enum.GetValues<ComponentKind>())
        {
            Console.WriteLine($"[{kind.Section()}]");
            var components = host.OfKind(kind).ToList();
            if (components.Count == 0) Console.WriteLine("  (none found)");
            foreach (var c in components)
            {
                Console.WriteLine($"  {c.Name,-24} {c.Type.FullName}  ({Path.GetFileName(c.AssemblyPath)})");
                if (c.Description.Length > 0) Console.WriteLine($"      {c.Description}");
                var defaults = Activator.CreateInstance(c.Options)!;
                foreach (var (key, prop) in OptionsBinder.Properties(c.Options))
                {
                    var help = prop.GetCustomAttribute<HelpAttribute>()?.Text;
                    var setting = $"{key} = {OptionsBinder.Format(prop.GetValue(defaults))}";
                    Console.WriteLine($"      {setting,-34} {OptionsBinder.Describe(prop)}{(help is null ? "" : "; " + help)}");
                }
            }
            Console.WriteLine();
        }
        foreach (var f in host.Failures) Console.WriteLine($"not loaded: {f.Path}: {f.Reason}");
        Console.WriteLine($"{host.Components.Count} components from {host.Components.Select(c => c.AssemblyPath).Distinct().Count()} plugin assemblies");
        return ExitCodes.Ok;
    }
}
