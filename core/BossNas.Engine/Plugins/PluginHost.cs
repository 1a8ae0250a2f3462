using System.Reflection;
using Autofac;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using McMaster.NETCore.Plugins;
using NLog;
using TorchSharp;

namespace BossNas.Engine.Plugins;

/// <summary>
/// Finds plugins at run time and registers their components by (kind, name) in an Autofac container.
/// A plugin is a folder <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> under a plugin root. Each is loaded in its own
/// load context that shares <c>BossNas.Core</c>, TorchSharp and NLog with the host: a type loaded twice would
/// break every cast between host and plugin.
/// </summary>
public sealed class PluginHost : IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    // Sharing these assemblies also shares everything they reference (McMaster walks the references).
    private static readonly Type[] SharedTypes = { typeof(ISearchSpace), typeof(torch), typeof(ILogger) };

    private readonly List<PluginLoader> _loaders = new();
    private readonly List<ComponentDescriptor> _components = new();
    private readonly List<PluginLoadFailure> _failures = new();
    private IContainer? _container;

    /// <summary>The default plugin root: <c>plugins/</c> beside the executable.</summary>
    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Every component found, in load order.</summary>
    public IReadOnlyList<ComponentDescriptor> Components => _components;

    /// <summary>Folders that failed to load.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures => _failures;

    /// <summary>
    /// Registers the built-in components (Core's cost metrics, the engine's view pipelines), scans the given plugin roots (missing roots
    /// are reported as failures), registers the components of <paramref name="assemblies"/> (a test assembly, an
    /// application that embeds the engine), and builds the container.
    /// </summary>
    /// <param name="roots">Plugin roots: one subfolder per plugin, holding the plugin's assembly named after it.</param>
    /// <param name="assemblies">Assemblies already loaded whose components are registered too.</param>
    /// <param name="pluginFiles">Plugin assemblies given by path (e.g. a plugin's build output being checked).</param>
    public static PluginHost Load(IEnumerable<string> roots, IEnumerable<Assembly>? assemblies = null, IEnumerable<string>? pluginFiles = null)
    {
        var host = new PluginHost();
        // The built-ins: Core's (the madds and params cost metrics) and the engine's (the view pipelines).
        host.Register(typeof(ISearchSpace).Assembly);
        host.Register(typeof(PluginHost).Assembly);
        // Assemblies given directly come first, and a plugin folder holding one of them is skipped: a test project that
        // references a plugin gets that plugin's types (its own load context), not a second copy under the same names.
        var direct = (assemblies ?? Array.Empty<Assembly>()).ToList();
        foreach (var asm in direct) host.Register(asm);
        host._direct.UnionWith(direct.Select(a => a.GetName().Name ?? ""));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots.Select(Path.GetFullPath).Where(seen.Add))
            host.ScanRoot(root);
        foreach (var file in (pluginFiles ?? []).Select(Path.GetFullPath).Where(seen.Add))
            host.LoadAssembly(file);
        host.BuildContainer();
        return host;
    }

    /// <summary>Creates component (kind, name) with its default options (tools that need no config).</summary>
    /// <exception cref="KeyNotFoundException">No such component.</exception>
    public T CreateDefault<T>(ComponentKind kind, string name) where T : class
    {
        var d = Find(kind, name) ?? throw new KeyNotFoundException(UnknownMessage(kind, name));
        return Create<T>(kind, name, Activator.CreateInstance(d.Options)!);
    }

    /// <summary>The components of one kind.</summary>
    public IEnumerable<ComponentDescriptor> OfKind(ComponentKind kind) => _components.Where(c => c.Kind == kind);

    /// <summary>The component (kind, name), or null.</summary>
    public ComponentDescriptor? Find(ComponentKind kind, string name) =>
        _components.FirstOrDefault(c => c.Kind == kind && c.Name == name);

    /// <summary>
    /// Creates component (kind, name) with its options object, resolving any other constructor dependencies
    /// from the container.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such component; the message lists the known names.</exception>
    public T Create<T>(ComponentKind kind, string name, object options) where T : class
    {
        var d = Find(kind, name) ?? throw new KeyNotFoundException(UnknownMessage(kind, name));
        var container = _container ?? throw new InvalidOperationException("plugin host not built");
        return (T)container.ResolveKeyed(Key(kind, name), kind.Contract(),
            new TypedParameter(d.Options, options));
    }

    /// <summary>"unknown search_space 'x'; known: a, b".</summary>
    public string UnknownMessage(ComponentKind kind, string name)
    {
        var known = OfKind(kind).Select(c => c.Name).ToList();
        var list = known.Count == 0 ? "none (no plugin folder provided one)" : string.Join(", ", known);
        var failed = _failures.Count == 0 ? "" :
            $"; {_failures.Count} plugin folder(s) did not load: " + string.Join("; ", _failures.Select(f => $"{f.Path}: {f.Reason}"));
        return $"unknown {kind.Section()} plugin '{name}'{Config.Names.DidYouMean(name, known)}; known: {list}{failed}";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _container?.Dispose();
        // Loaders are not unloadable (TorchSharp modules pin native callbacks); nothing else to release.
        _loaders.Clear();
    }

    private static string Key(ComponentKind kind, string name) => $"{kind}:{name}";

    private readonly HashSet<string> _direct = new(StringComparer.Ordinal);

    private void ScanRoot(string root)
    {
        if (!Directory.Exists(root))
        {
            _failures.Add(new PluginLoadFailure(root, "plugin folder does not exist"));
            return;
        }
        // A plugin is a folder <Name>/<Name>.dll: an assembly lying in the root itself is not loaded, and says so.
        foreach (var dll in Directory.GetFiles(root, "*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(dll);
            _failures.Add(new PluginLoadFailure(dll, $"a plugin lives in a folder of its own: move it to {Path.Combine(root, name, name + ".dll")} (with its dependencies)"));
        }
        var dirs = Directory.GetDirectories(root);
        if (dirs.Length == 0 && !Directory.EnumerateFiles(root, "*.dll").Any())
            _failures.Add(new PluginLoadFailure(root, "the plugin folder is empty (a plugin is a folder <Name>/<Name>.dll in it)"));
        foreach (var dir in dirs.Order(StringComparer.Ordinal))
        {
            var main = Path.Combine(dir, Path.GetFileName(dir) + ".dll");
            if (_direct.Contains(Path.GetFileName(dir))) continue; // registered from the assembly given directly
            if (!File.Exists(main))
            {
                _failures.Add(new PluginLoadFailure(dir, $"no {Path.GetFileName(main)} in the folder"));
                continue;
            }
            LoadAssembly(main);
        }
    }

    private void LoadAssembly(string path)
    {
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(path, isUnloadable: false, sharedTypes: SharedTypes);
            var asm = loader.LoadDefaultAssembly();
            _loaders.Add(loader);
            if (CoreVersionProblem(asm) is { } versions)
            {
                _failures.Add(new PluginLoadFailure(path, versions));
                return;
            }
            var found = Register(asm);
            if (found == 0)
                _failures.Add(new PluginLoadFailure(path, "the assembly has no [Component] class, so it adds nothing"));
            Log.Debug("Loaded plugin {Plugin} with {Count} components", path, found);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException
                                      or ReflectionTypeLoadException or TypeLoadException)
        {
            var reason = e is ReflectionTypeLoadException r
                ? string.Join("; ", r.LoaderExceptions.Select(x => x?.Message).Distinct())
                : e.Message;
            _failures.Add(new PluginLoadFailure(path, reason));
        }
    }

    // A plugin built against another BossNas.Core than the host's may not fit the contracts it was compiled for.
    private static string? CoreVersionProblem(Assembly plugin)
    {
        var host = typeof(ISearchSpace).Assembly.GetName();
        return CoreVersionProblem(plugin.GetReferencedAssemblies().FirstOrDefault(a => a.Name == host.Name)?.Version, host.Version);
    }

    /// <summary>Why a plugin built against BossNas.Core <paramref name="wanted"/> cannot run on <paramref name="host"/>, or null.</summary>
    internal static string? CoreVersionProblem(Version? wanted, Version? host) =>
        wanted is { } v && host is { } h && (v.Major != h.Major || v.Minor != h.Minor)
            ? $"built against BossNas.Core {v.Major}.{v.Minor}, but this host has BossNas.Core {h.Major}.{h.Minor} (package {HostCorePackage}); " +
              $"rebuild the plugin against it (PackageReference BossNas.Core {h.Major}.{h.Minor}.*; `bossnas check-plugin` then checks it)"
            : null;

    // The host's Core package version (contracts version and the number of Core commits), for messages.
    private static string HostCorePackage =>
        typeof(ISearchSpace).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    private int Register(Assembly asm)
    {
        var found = asm.GetTypes().Select(ComponentDescriptor.From).OfType<ComponentDescriptor>().ToList();
        foreach (var d in found)
        {
            var problem = CheckComponent(d);
            if (problem is not null)
            {
                _failures.Add(new PluginLoadFailure(asm.Location, $"{d.Type.FullName}: {problem}"));
                continue;
            }
            _components.Add(d);
        }
        return found.Count;
    }

    private string? CheckComponent(ComponentDescriptor d)
    {
        // A contract loaded twice (plugin shipped its own BossNas.Core) fails here instead of vanishing silently.
        if (!d.Kind.Contract().IsAssignableFrom(d.Type))
            return $"is marked {d.Kind} but does not implement {d.Kind.Contract().FullName} " +
                   "(was BossNas.Core copied into the plugin folder?)";
        if (Find(d.Kind, d.Name) is { } other)
            return $"{d.Kind} name '{d.Name}' is already taken by {other.Type.FullName} ({other.AssemblyPath})";
        if (d.Options.GetConstructor(Type.EmptyTypes) is null)
            return $"options type {d.Options.Name} has no public parameterless constructor";
        return null;
    }

    private void BuildContainer()
    {
        var builder = new ContainerBuilder();
        foreach (var d in _components)
            builder.RegisterType(d.Type).Keyed(Key(d.Kind, d.Name), d.Kind.Contract()).InstancePerDependency();
        _container = builder.Build();
        Log.Debug("Registered {Count} components from {Loaders} plugin assemblies", _components.Count, _loaders.Count);
    }
}
