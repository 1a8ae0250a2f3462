using BossNas.Engine.Checkpoints;

namespace BossNas.Tests.Engine;

/// <summary>
/// The run state's typed test results and control index: they round-trip through JSON, and a state.json written before
/// they were typed (one number per task name, the control index kept in the stage) still resumes where it stood.
/// </summary>
public sealed class RunStateTests
{
    [Fact]
    public void Typed_results_and_the_control_index_round_trip()
    {
        var state = new RunState { Phase = "control", Control = 2 };
        state.Results.Retrain = 0.81;
        state.Results.SetControl(0, 0.79);
        state.Results.SetControl(2, double.NaN);
        var json = state.ToJson();
        Assert.Contains("\"controls\": [", json);
        var back = RunState.FromJson(json);
        Assert.Equal(2, back.Control);
        Assert.Equal(0, back.Stage);
        Assert.Equal(0.81, back.Results.Retrain);
        Assert.Null(back.Results.Inherit);
        Assert.Equal(0.79, back.Results.Control(0));
        Assert.Null(back.Results.Control(1));
        Assert.True(double.IsNaN(back.Results.Control(2)!.Value));
        Assert.Null(back.Results.Control(3));
    }

    [Fact]
    public void A_state_written_before_typed_results_reads_into_the_typed_fields()
    {
        const string legacy = """
            { "phase": "control", "stage": 2, "results": { "teacher": 0.9, "retrain": 0.8, "control": 0.7, "control3": 0.6 } }
            """;
        var state = RunState.FromJson(legacy);
        Assert.Equal(2, state.Control);
        Assert.Equal(0, state.Stage);
        Assert.Equal(0.9, state.Results.Teacher);
        Assert.Equal(0.8, state.Results.Retrain);
        Assert.Equal([0.7, null, 0.6], state.Results.Controls);
        Assert.Equal(0.6, state.Results.Of("control3"));
        Assert.Throws<ArgumentException>(() => state.Results.Set("controlx", 1));
        // In another phase the stage stays the stage.
        Assert.Equal(1, RunState.FromJson("""{ "phase": "supernet", "stage": 1 }""").Stage);
    }
}
