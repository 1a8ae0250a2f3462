namespace BossNas.Core.Components;

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
