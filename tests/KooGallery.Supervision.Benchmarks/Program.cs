using BenchmarkDotNet.Running;
using KooGallery.Supervision.Benchmarks;

// Benchmarks of KooGallery.Supervision. Run all with
//   dotnet run -c Release --project tests/KooGallery.Supervision.Benchmarks -- --filter '*'
// or one class with --filter '*CommandBenchmarks*'. Two measurements that are not timings run as
//   ... -- memory        (memory per idle flow)
//   ... -- throughput    (PostgreSQL commands per second by workers; needs KOOGALLERY_SUPERVISION_POSTGRES)
// See docs/benchmarks.md for the machine, the tables and what they mean.
if (args.Length > 0 && args[0] == "memory")
{
    await MemoryPerFlow.RunAsync();
    return;
}

if (args.Length > 0 && args[0] == "throughput")
{
    await PostgreSqlThroughput.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
