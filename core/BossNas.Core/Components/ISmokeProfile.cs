namespace BossNas.Core.Components;

/// <summary>
/// Options that know their smallest useful settings: the conformance suite (and a plugin author's own checks) build
/// the component with them, so every registered component runs through the contract tests and a smoke pipeline in
/// seconds. Options without it are tested with their defaults.
/// </summary>
public interface ISmokeProfile
{
    /// <summary>Sets these options to the smallest settings that still exercise every code path.</summary>
    void UseSmokeProfile();
}
