namespace BossNas.Core.Components;

/// <summary>Options of a component that has none.</summary>
public sealed class NoOptions
{
}
