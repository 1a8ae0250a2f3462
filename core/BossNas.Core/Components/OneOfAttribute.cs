namespace BossNas.Core.Components;

/// <summary>The allowed values of a string option.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute : Attribute
{
    /// <summary>Declares the allowed values.</summary>
    public OneOfAttribute(params string[] values) => Values = values;

    /// <summary>The allowed values.</summary>
    public IReadOnlyList<string> Values { get; }
}
