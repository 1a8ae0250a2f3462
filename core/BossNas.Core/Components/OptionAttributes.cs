namespace BossNas.Core.Components;

/// <summary>
/// Inclusive range of a numeric option; the config binder reports values outside it with their file position.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute : Attribute
{
    /// <summary>Declares the allowed range.</summary>
    public RangeAttribute(double min, double max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>Smallest allowed value.</summary>
    public double Min { get; }

    /// <summary>Largest allowed value.</summary>
    public double Max { get; }
}

/// <summary>The allowed values of a string option.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute : Attribute
{
    /// <summary>Declares the allowed values.</summary>
    public OneOfAttribute(params string[] values) => Values = values;

    /// <summary>The allowed values.</summary>
    public IReadOnlyList<string> Values { get; }
}

/// <summary>Help text of an option, shown by <c>bossnas plugins</c> and in docs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HelpAttribute : Attribute
{
    /// <summary>Declares the help text.</summary>
    public HelpAttribute(string text) => Text = text;

    /// <summary>The help text.</summary>
    public string Text { get; }
}

/// <summary>
/// Options with rules across fields. The binder calls <see cref="Validate"/> after binding and reports each
/// returned (key, message) at the key's position in the config file.
/// </summary>
public interface IValidatableOptions
{
    /// <summary>Returns the problems found, as (option key in snake_case, message); empty when valid.</summary>
    IEnumerable<(string Key, string Message)> Validate();
}

/// <summary>Checks of <see cref="IValidatableOptions"/> for components constructed outside the config binder.</summary>
public static class ValidatableOptionsExtensions
{
    /// <summary>Throws when <paramref name="options"/> report problems, naming the component and every problem.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public static void ThrowIfInvalid(this IValidatableOptions options, string component)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
            throw new ArgumentException($"{component} options: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")));
    }
}
