using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Nats.Oracle;

/// <summary>Options of <see cref="NatsOracleEvaluator"/>.</summary>
public sealed class NatsOracleOptions : IValidatableOptions
{
    /// <summary>The accuracy file, e.g. BossNAS's released <c>ranking_nats/nats_cifar10_acc_rank.yml</c>.</summary>
    [Help("accuracy file: a YAML map 'c1:c2:c3:c4:c5': accuracy (BossNAS nats_cifar10_acc_rank.yml)")]
    public string Path { get; set; } = "";

    /// <summary>Accept a file that lists only some architectures (means then run over the listed ones).</summary>
    [Help("accept a file that lists only some of the 32768 architectures (means over the listed ones)")]
    public bool AllowPartial { get; set; }

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) yield return ("path", "the accuracy file is required");
    }
}
