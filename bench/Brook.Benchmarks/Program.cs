using BenchmarkDotNet.Running;
using Brook.Benchmarks.SideBySide;

// BenchmarkDotNet micro-benchmarks: dotnet run -c Release --project bench/Brook.Benchmarks -- --filter '*'
// Transactions, Brook vs Confluent: dotnet run -c Release --project bench/Brook.Benchmarks -- txn [transactions] [rounds]
// Side-by-side clients:           dotnet run -c Release --project bench/Brook.Benchmarks -- side-by-side --help
if (args is [SideBySideCommand.Command, .. var sideBySideArgs])
{
    return await SideBySideCommand.RunAsync(sideBySideArgs);
}

if (args is [Brook.Benchmarks.Transactions.TransactionalThroughput.Command, .. var txnArgs])
{
    return await Brook.Benchmarks.Transactions.TransactionalThroughput.RunAsync(txnArgs);
}

if (args is [ClusterHost.Command, .. var hostArgs])
{
    return ClusterHost.Run(hostArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
