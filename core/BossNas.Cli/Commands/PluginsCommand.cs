using BossNas.Core.Components;
using BossNas.Engine.Config;
using System.Reflection;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas plugins</c>: every component found at run time, with its options and defaults.</summary>
internal static class PluginsCommand
{
    public static int Execute(ParsedArgs args)
    {
        args.AllowOnly("--config");
        using var host = Hosting.ForConfig(args.Options.GetValueOrDefault("--config"));
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
        return CommandLine.Ok;
    }
}
