namespace BossNas.Engine.Runs;

/// <summary>Where a run (or a comparison's arm runs) stands, as read from its folder.</summary>
public enum RunStatus
{
    /// <summary>A live process holds the folder's <c>run.lock</c>.</summary>
    Running,

    /// <summary>Not finished, not held, not failed: stopped (Ctrl-C, SIGTERM, a kill, a lost node) and resumable.</summary>
    Interrupted,

    /// <summary>The <c>done</c> marker is there.</summary>
    Finished,

    /// <summary>The last attempt stopped on an error (the <c>failed</c> marker holds it).</summary>
    Failed,
}
