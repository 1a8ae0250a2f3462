namespace BossNas.Core.Components;

/// <summary>Help text of an option, shown by <c>bossnas plugins</c> and in docs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HelpAttribute : Attribute
{
    /// <summary>Declares the help text.</summary>
    public HelpAttribute(string text) => Text = text;

    /// <summary>The help text.</summary>
    public string Text { get; }
}
