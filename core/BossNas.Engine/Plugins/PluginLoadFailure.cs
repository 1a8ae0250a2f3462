using System.Reflection;
using BossNas.Core.Components;

namespace BossNas.Engine.Plugins;

/// <summary>A plugin folder that could not be loaded, and why.</summary>
/// <param name="Path">The folder or assembly.</param>
/// <param name="Reason">The failure.</param>
public sealed record PluginLoadFailure(string Path, string Reason);
