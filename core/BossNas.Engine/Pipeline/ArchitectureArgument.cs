using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Engine.Config;

namespace BossNas.Engine.Pipeline;

/// <summary>An <c>--arch</c> value: a named architecture of the space or an encoding such as <c>00|00|0</c>.</summary>
public static class ArchitectureArgument
{
    /// <summary>The architecture <paramref name="text"/> names in <paramref name="space"/>.</summary>
    /// <exception cref="ConfigException">Neither a named architecture nor a valid encoding of the space (exit code 2).</exception>
    public static Architecture Resolve(ISearchSpace space, string text, string source)
    {
        Architecture arch;
        if (space.NamedArchitectures.TryGetValue(text, out var named)) arch = named;
        else
        {
            try
            {
                arch = Architecture.Parse(text);
            }
            catch (FormatException e)
            {
                throw new ConfigException([new ConfigError(source, 0, 0, $"--arch: {e.Message}")]);
            }
        }
        if (space.Validate(arch) is { } why)
            throw new ConfigException([new ConfigError("--arch", 0, 0, $"'{text}' is not valid in this space: {why}")]);
        return arch;
    }
}
