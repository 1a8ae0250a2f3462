using BossNas.Cli;
using BossNas.Engine.Runs;
using NLog;

// Before any libtorch kernel runs (oneDNN reads its settings once).
NativeSetup.Apply();

// Exit codes: 0 success, 1 run failure, 2 bad input (usage, config, data), 130 interrupted.
try
{
    return BossNasCli.Run(args);
}
finally
{
    LogManager.Shutdown();
}
