using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary>A component section: which plugin it names and its bound options.</summary>
/// <param name="Kind">The component kind of the section.</param>
/// <param name="Plugin">The component name (<c>plugin = "..."</c>).</param>
/// <param name="Options">The bound options object (the component's own options class).</param>
/// <param name="Line">1-based line of the <c>plugin</c> key (0 when unknown), for errors about the choice.</param>
/// <param name="Column">1-based column of the <c>plugin</c> key.</param>
public sealed record ComponentSection(ComponentKind Kind, string Plugin, object Options, int Line = 0, int Column = 0);
