using BossNas.Engine.Checkpoints;
using BossNas.Engine.Data;
using BossNas.Engine.Training;
using BossNas.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Tests.Engine;

/// <summary>The training loop: resume equals an uninterrupted run, runs repeat exactly, memory stays flat.</summary>
[Collection("Torch")]
public sealed class TrainerTests
{
    /// <summary>Trains a tiny CNN on <paramref name="data"/>, optionally stopping after a step and handing back what a checkpoint holds.</summary>
    internal static (nn.Module<Tensor, Tensor> Model, List<double> Losses, StagePosition End, Dictionary<string, Tensor>? Saved)
        Train(IImageSource data, int epochs, int accumulate, int? stopAtStep, StagePosition? from,
            Dictionary<string, Tensor>? resume, double lr = 0.05, List<long>? deviceSeeds = null)
    {
        manual_seed(42);
        var model = TinyCnn.Create(data.Channels, data.Classes);
        if (resume is not null) TensorStore.LoadInto(model, resume, "model/");
        var deviceRandom = deviceSeeds is null ? null : new DeviceRandom(deviceSeeds.Add, seed: 7);
        var trainer = new Trainer(EngineFixtures.Pipeline(data), EngineFixtures.Sgd(epochs, lr, accumulate), deviceRandom);
        var task = new SupervisedTask("t", model, 0.1);
        var losses = new List<double>();
        Dictionary<string, Tensor>? saved = null;
        using var stop = new CancellationTokenSource();
        var optimState = resume?.Where(kv => kv.Key.StartsWith("optim/", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[6..], kv => kv.Value);
        var end = trainer.Run(task, 0, from ?? StagePosition.Start, 0, optimState, (next, optimizer, m) =>
        {
            losses.Add(m.Loss);
            if (stopAtStep == next.Step)
            {
                // What a checkpoint holds, round-tripped through the binary format.
                using var ms = new MemoryStream();
                using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
                    TensorStore.Write(w, model.state_dict().Select(kv => new KeyValuePair<string, Tensor>("model/" + kv.Key, kv.Value))
                        .Concat(optimizer.State.Select(kv => new KeyValuePair<string, Tensor>("optim/" + kv.Key, kv.Value))));
                ms.Position = 0;
                using var r = new BinaryReader(ms);
                saved = TensorStore.Read(r);
                stop.Cancel();
            }
        }, stop.Token);
        return (model, losses, end, saved);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Stopping_halfway_and_resuming_ends_with_exactly_the_parameters_of_an_uninterrupted_run(int accumulate)
    {
        using var data = EngineFixtures.Synthetic();
        var straight = Train(data, epochs: 2, accumulate, null, null, null);
        int total = straight.Losses.Count;
        var first = Train(data, epochs: 2, accumulate, total / 2 + 1, null, null);
        Assert.Equal(total / 2 + 1, first.End.Step);
        var second = Train(data, epochs: 2, accumulate, null, first.End, first.Saved);

        Assert.Equal(total, first.Losses.Count + second.Losses.Count);
        Assert.Equal(straight.Losses, first.Losses.Concat(second.Losses));
        var a = straight.Model.state_dict();
        foreach (var (name, t) in second.Model.state_dict())
            Assert.True(t.Equals(a[name]), $"{name} differs after resume");
    }

    [Fact]
    public void The_accelerator_s_generators_are_seeded_per_step_so_a_resumed_run_draws_what_an_uninterrupted_one_does()
    {
        using var data = EngineFixtures.Synthetic();
        var straight = new List<long>();
        Train(data, epochs: 2, accumulate: 2, null, null, null, deviceSeeds: straight);
        var before = new List<long>();
        var first = Train(data, epochs: 2, accumulate: 2, 3, null, null, deviceSeeds: before);
        var after = new List<long>();
        Train(data, epochs: 2, accumulate: 2, null, first.End, first.Saved, deviceSeeds: after);

        // One seeding per optimiser step (not per accumulated batch), each step its own seed, the same on resume.
        Assert.Equal(first.Losses.Count, before.Count);
        Assert.Equal(straight.Count, straight.Distinct().Count());
        Assert.Equal(straight, before.Concat(after));
        Assert.Equal(DeviceRandom.StepSeed(7, 0, 3), after[0]);
        Assert.NotEqual(DeviceRandom.StepSeed(7, 0, 3), DeviceRandom.StepSeed(7, 1, 3));
        Assert.NotEqual(DeviceRandom.StepSeed(7, 0, 3), DeviceRandom.StepSeed(8, 0, 3));
    }

    [Fact]
    public void Two_runs_with_the_same_seed_give_the_same_loss_curve_and_training_reduces_loss()
    {
        using var data = EngineFixtures.Synthetic();
        var a = Train(data, epochs: 6, 1, null, null, null, lr: 0.3);
        var b = Train(data, epochs: 6, 1, null, null, null, lr: 0.3);
        Assert.Equal(a.Losses, b.Losses);
        Assert.True(a.Losses.TakeLast(3).Average() < a.Losses.Take(3).Average() * 0.8,
            $"loss did not fall: {string.Join(", ", a.Losses.Select(l => l.ToString("F3")))}");
    }

    [Fact]
    public void Min_steps_raises_the_epochs_of_a_small_dataset_to_whole_epochs_and_leaves_a_large_enough_one_alone()
    {
        using var data = EngineFixtures.Synthetic();
        var pipeline = EngineFixtures.Pipeline(data);
        int perEpoch = new Trainer(pipeline, EngineFixtures.Sgd(1)).StepsPerEpoch;
        var raised = EngineFixtures.Sgd(1);
        raised.MinSteps = 2 * perEpoch + 1;
        Assert.Equal(3 * perEpoch, new Trainer(pipeline, raised).StepsPerStage);
        var enough = EngineFixtures.Sgd(4);
        enough.MinSteps = 2 * perEpoch;
        Assert.Equal(4 * perEpoch, new Trainer(pipeline, enough).StepsPerStage);
        // The loop runs every raised epoch.
        var steps = 0;
        manual_seed(42);
        var model = TinyCnn.Create(1, 4);
        var end = new Trainer(pipeline, raised).Run(new SupervisedTask("t", model, 0.1), 0, StagePosition.Start, 0, null,
            (_, _, _) => steps++, CancellationToken.None);
        Assert.Equal(3 * perEpoch, steps);
        Assert.Equal(3, end.Epoch);
    }

    [Fact]
    public void Live_native_tensors_do_not_grow_over_300_steps()
    {
        using var data = EngineFixtures.Synthetic(count: 64);
        manual_seed(1);
        var model = TinyCnn.Create(1, 4);
        var trainer = new Trainer(EngineFixtures.Pipeline(data, batch: 16, prefetch: 0), EngineFixtures.Sgd(epochs: 75));
        var task = new SupervisedTask("t", model, 0);
        long atWarmup = 0, atEnd = 0;
        int steps = 0;
        trainer.Run(task, 0, StagePosition.Start, 0, null, (next, opt, m) =>
        {
            steps++;
            if (steps == 20) atWarmup = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            atEnd = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }, CancellationToken.None);
        Assert.Equal(300, steps);
        // Optimiser buffers exist from the first step on; after that nothing may accumulate.
        Assert.True(atEnd <= atWarmup, $"live tensors grew from {atWarmup} at step 20 to {atEnd} at step 300");
    }
}
