using Agora.Privacy.Bench;

return await BenchRunner.RunAsync(args);
