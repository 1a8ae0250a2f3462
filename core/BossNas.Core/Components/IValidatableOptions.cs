namespace BossNas.Core.Components;

/// <summary>
/// Options with rules across fields. The binder calls <see cref="Validate"/> after binding and reports each
/// returned (key, message) at the key's position in the config file.
/// </summary>
public interface IValidatableOptions
{
    /// <summary>Returns the problems found, as (option key in snake_case, message); empty when valid.</summary>
    IEnumerable<(string Key, string Message)> Validate();
}
