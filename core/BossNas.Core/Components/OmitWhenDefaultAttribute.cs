namespace BossNas.Core.Components;

/// <summary>
/// Marks an option added after configs were written: while it keeps its default it is left out of a run's resolved
/// config, so that config's hash, and with it the resuming of its runs and of a comparison's finished arm runs, stays as
/// it was before the option existed. Set to anything else, it is written and hashed like every other option.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OmitWhenDefaultAttribute : Attribute;
