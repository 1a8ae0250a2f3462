using BossNas.Cli;
using BossNas.Core.Platform;
using NLog;

// The child side of the oneDNN kernel probe: runs with the ISA its parent set, before anything else.
if (args is [NativeSetup.KernelCheckCommand]) return NativeSetup.RunKernelCheckCommand();

// A unit started by a process executor dies with its coordinator, even one killed with SIGKILL.
if (!BossNas.Engine.Execution.CoordinatorLink.Follow()) return ExitCodes.Terminated;

// Before any libtorch kernel runs (oneDNN reads its settings once).
NativeSetup.Apply();

// Exit codes: 0 success, 1 run failure, 2 bad input (usage, config, data), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
try
{
    return BossNasCli.Run(args);
}
finally
{
    LogManager.Shutdown();
}
