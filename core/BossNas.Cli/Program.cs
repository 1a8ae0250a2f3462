using BossNas.Cli.Commands;

// Exit codes: 0 success, 1 run failure, 2 bad input (usage, config, data), 130 interrupted.
return CommandLine.Run(args);
