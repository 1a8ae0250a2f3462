namespace BossNas.Cli.Commands;

/// <summary>Positional arguments, repeated <c>--set</c> values and <c>--name value</c> / flag options.</summary>
internal sealed class ParsedArgs
{
    private static readonly HashSet<string> Flags = new() { "--resume", "--force", "--new", "--verbose" };

    public List<string> Positional { get; } = new();
    public List<string> Sets { get; } = new();
    public Dictionary<string, string> Options { get; } = new();
    public HashSet<string> PresentFlags { get; } = new();

    public static ParsedArgs Parse(string[] args)
    {
        var p = new ParsedArgs();
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (Flags.Contains(a)) p.PresentFlags.Add(a);
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length) throw new UsageException($"{a} needs a value");
                var value = args[++i];
                if (a == "--set") p.Sets.Add(value);
                else p.Options[a] = value;
            }
            else p.Positional.Add(a);
        }
        return p;
    }

    public bool Has(string flag) => PresentFlags.Contains(flag);

    public string Single(string what)
    {
        if (Positional.Count != 1) throw new UsageException($"expected one {what}, got {Positional.Count} arguments");
        return Positional[0];
    }

    public string Required(string option) =>
        Options.TryGetValue(option, out var v) ? v : throw new UsageException($"missing {option} <value>");

    public void AllowOnly(params string[] options)
    {
        foreach (var o in Options.Keys)
        {
            if (!options.Contains(o))
                throw new UsageException($"unknown option {o}{BossNas.Engine.Config.Names.DidYouMean(o, options)}");
        }
    }
}
