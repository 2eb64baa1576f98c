using BenchmarkDotNet.Running;
using KooGallery.Supervision.Benchmarks;

// Benchmarks of KooGallery.Supervision. Run all with
//   dotnet run -c Release --project tests/KooGallery.Supervision.Benchmarks -- --filter '*'
// or one class with --filter '*CommandBenchmarks*'. Measurements that are not BenchmarkDotNet runs:
//   ... -- memory        (memory per idle flow)
//   ... -- throughput    (PostgreSQL commands per second by workers; needs KOOGALLERY_SUPERVISION_POSTGRES)
//   ... -- paired [rounds] (the command and durable ratios again, floor and command measured in turns)
//   ... -- profile-command [appeal] (20 seconds of in-memory commands, for a sampling profiler)
//   ... -- command-allocations [progress|appeal|sqlite] (bytes of one in-memory progress update and one appeal; with
//        an argument, the bytes of that command (sqlite: a progress update on SQLite) sampled by type instead)
//   ... -- command-breakdown [step] (the in-memory progress update step by step: time, bytes, GC pause)
//   ... -- durable-allocations (bytes and time of one durable command, split by store call)
// The search benchmarks read data sets loaded once and kept (see SearchData):
//   ... -- search-data   (loads the 1,000 and 1,000,000 flow data sets when missing)
//   ... -- search-plans  (prints the plan of every statement of the searches and the view among 1,000,000)
//   ... -- search-index-check (the under-appeal search with the index that would serve it, rolled back)
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

if (args.Length > 0 && args[0] == "paired")
{
    await PairedRatios.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}

if (args.Length > 0 && args[0] == "profile-command")
{
    // A loop to attach a sampling profiler to: in-memory progress updates (or appeals) for about 20 seconds, e.g.
    //   dotnet-trace collect --profile cpu-sampling -- <the built benchmark program> profile-command [appeal]
    var benchmarks = new CommandBenchmarks();
    var appeal = args.Length > 1 && args[1] == "appeal";
    var watch = System.Diagnostics.Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromSeconds(20))
    {
        if (appeal)
        {
            benchmarks.SetUpAppeal();
            await benchmarks.BuyerAppeal();
        }
        else
        {
            benchmarks.SetUpProgress();
            await benchmarks.ProgressUpdate();
        }
    }

    return;
}

if (args.Length > 0 && args[0] == "command-breakdown")
{
    await CommandBreakdown.RunAsync(args.Length > 1 ? args[1] : null);
    return;
}

if (args.Length > 0 && args[0] == "command-allocations")
{
    await CommandAllocations.RunAsync(args.Length > 1 ? args[1] : null);
    return;
}

if (args.Length > 0 && args[0] == "durable-allocations")
{
    await DurableAllocations.RunAsync();
    return;
}

if (args.Length > 0 && args[0] == "search-data")
{
    foreach (var flows in new[] { SearchBenchmarks.Few, SearchBenchmarks.Many })
    {
        await SearchData.EnsureSqliteAsync(flows);
        if (SearchData.PostgresConfigured)
        {
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(SearchData.PostgresConnectionString);
            await SearchData.EnsurePostgresAsync(dataSource, flows);
        }
    }

    return;
}

if (args.Length > 0 && args[0] == "search-index-check")
{
    await SearchData.PrintUnderAppealIndexAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : SearchBenchmarks.Many);
    return;
}

if (args.Length > 0 && args[0] == "search-plans")
{
    await SearchData.PrintPlansAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : SearchBenchmarks.Many);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
