using System.Globalization;

namespace Brook.Benchmarks.SideBySide;

/// <summary>Command-line options of <c>side-by-side</c>.</summary>
public sealed record SideBySideOptions
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        dotnet run -c Release --project bench/Brook.Benchmarks -- side-by-side [options]

          --records N       records per measured run (default 200000)
          --size S          value bytes per record (default 100)
          --partitions P    partitions of each fresh topic; sends go round-robin (default 6)
          --brokers B       mock-cluster brokers (default 3)
          --acks LIST       comma list of 1 and all (default 1,all)
          --linger MS       linger.ms for every client (default 5)
          --batch-size B    batch.size for every client (default 16384, Kafka's default)
          --clients LIST    comma list of clients (default: every registered one)
          --rate R          records/s to offer, paced in ~1 ms bursts; 0 = as fast as possible (default 0).
                            Unpaced runs measure queueing: use a rate below capacity for meaningful latency.
          --warmup N        records sent before each measured run (default records/10, at least 1000)
          --timeout S       seconds allowed for each flush (default 120)
          --cluster KIND    mock (librdkafka's mock cluster) or brook (Brook.Cluster) (default mock)
          --in-process      host the cluster in this process (its CPU then counts against the client)
          --no-prime        skip the unmeasured full-size run each client does first (JIT, cold cluster, first-touch buffers)
          --retention-bytes B  retention.bytes of each Brook.Cluster topic; -1 = keep everything (default 16 MiB, as brook perf:
                               the cluster benchmarks clients, so it must not pay first-touch memory for data nobody reads).
                            The in-memory log otherwise grows for the whole run and every append lands on fresh pages.
          --alloc-types     sample allocations by type during each measured run (GCAllocationTick, ~every 100 KB) and
                            print the top types per record and per request
          --set CLIENT:KEY=VALUE  extra Kafka/librdkafka property for one client, repeatable
                            (e.g. --set confluent:socket.nagle.disable=true --set brook:max.in.flight.requests.per.connection=1)

        Latency-bounded throughput (sweep mode, on when --p99-max is given; --records and --rate are then unused):
          --p99-max MS      the bound: highest paced rate whose p99 ack latency (from the intended send time) is <= MS
          --p999-max MS     also bound p99.9 (default: reported, not bounded)
          --step-seconds S  seconds of paced sending per step (default 2)
          --start-rate R    first rate, records/s; doubles while within the bound, then bisects (default 5000);
                            a failing first rate probes x4 and x16 before halving (low-rate latency floor)
          --min-rate R      lowest rate tried when the start rate already fails (default 500)
          --max-rate R      highest rate tried (default 2000000)
          --max-steps N     most steps per client and acks (default 12)
          --resolution F    stop bisecting when (failing - passing) / passing <= F (default 0.1)
          --budget S        no new step after S seconds per client and acks (default 90)
          --confirm N       measure a rate beyond the bound up to N more times; any pass counts (default 1: a
                            shared machine only adds latency, so one hiccup must not end the sweep)
        """;

    /// <summary>Records per measured run.</summary>
    public int Records { get; init; } = 200_000;

    /// <summary>Value size in bytes.</summary>
    public int Size { get; init; } = 100;

    /// <summary>Partitions per topic.</summary>
    public int Partitions { get; init; } = 6;

    /// <summary>Mock-cluster brokers.</summary>
    public int Brokers { get; init; } = 3;

    /// <summary>acks values to run (1, -1).</summary>
    public IReadOnlyList<short> Acks { get; init; } = [1, -1];

    /// <summary>linger.ms.</summary>
    public int LingerMs { get; init; } = 5;

    /// <summary>batch.size.</summary>
    public int BatchSize { get; init; } = 16_384;

    /// <summary>Client names to run; empty = all registered.</summary>
    public IReadOnlyList<string> Clients { get; init; } = [];

    /// <summary>Offered load in records/s; 0 = unpaced.</summary>
    public int Rate { get; init; }

    /// <summary>Warm-up records; null = records/10, at least 1000.</summary>
    public int? Warmup { get; init; }

    /// <summary>Whether each client first does one unmeasured full-size run (default on; <c>--no-prime</c>).</summary>
    public bool Prime { get; init; } = true;

    /// <summary>Flush timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Broker implementation.</summary>
    public ClusterKind Cluster { get; init; } = ClusterKind.Mock;

    /// <summary>retention.bytes of each Brook.Cluster topic (-1 = unlimited).</summary>
    public long RetentionBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Host the cluster in-process.</summary>
    public bool InProcess { get; init; }

    /// <summary>Whether each measured run prints its sampled allocations by type (<c>--alloc-types</c>).</summary>
    public bool AllocTypes { get; init; }

    /// <summary>Extra properties per client name (<c>--set client:key=value</c>), applied over the harness settings.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ClientProperties { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>Sweep mode's p99 bound in ms; null = a plain run at <see cref="Rate"/>.</summary>
    public double? P99MaxMs { get; init; }

    /// <summary>Sweep mode's optional p99.9 bound in ms.</summary>
    public double? P999MaxMs { get; init; }

    /// <summary>Seconds of paced sending per sweep step.</summary>
    public double StepSeconds { get; init; } = 2;

    /// <summary>First sweep rate, records/s.</summary>
    public double StartRate { get; init; } = 5_000;

    /// <summary>Lowest sweep rate, records/s.</summary>
    public double MinRate { get; init; } = 500;

    /// <summary>Highest sweep rate, records/s.</summary>
    public double MaxRate { get; init; } = 2_000_000;

    /// <summary>Most sweep steps per client and acks.</summary>
    public int MaxSteps { get; init; } = 12;

    /// <summary>Relative gap between passing and failing rate at which bisection stops.</summary>
    public double Resolution { get; init; } = 0.1;

    /// <summary>Time after which a sweep starts no new step.</summary>
    public TimeSpan SweepBudget { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Extra measurements of a rate beyond the bound before it counts as failing.</summary>
    public int Confirm { get; init; } = 1;

    /// <summary>Whether <c>--help</c> was given.</summary>
    public bool Help { get; init; }

    /// <summary>The warm-up count actually used.</summary>
    public int WarmupRecords => Warmup ?? Math.Max(1_000, Records / 10);

    /// <summary>Parses arguments; throws <see cref="ArgumentException"/> naming the bad option and the fix.</summary>
    public static SideBySideOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SideBySideOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value. {Hint}");
            options = name switch
            {
                "--records" => options with { Records = Positive(name, Value()) },
                "--size" => options with { Size = Positive(name, Value()) },
                "--partitions" => options with { Partitions = Positive(name, Value()) },
                "--brokers" => options with { Brokers = Positive(name, Value()) },
                "--acks" => options with { Acks = ParseAcks(Value()) },
                "--linger" => options with { LingerMs = NonNegative(name, Value()) },
                "--batch-size" => options with { BatchSize = Positive(name, Value()) },
                "--clients" => options with { Clients = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--rate" => options with { Rate = NonNegative(name, Value()) },
                "--warmup" => options with { Warmup = NonNegative(name, Value()) },
                "--timeout" => options with { Timeout = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--cluster" => options with { Cluster = ParseCluster(Value()) },
                "--in-process" => options with { InProcess = true },
                "--no-prime" => options with { Prime = false },
                "--alloc-types" => options with { AllocTypes = true },
                "--retention-bytes" => options with { RetentionBytes = ParseRetention(Value()) },
                "--set" => options with { ClientProperties = AddProperty(options.ClientProperties, Value()) },
                "--p99-max" => options with { P99MaxMs = PositiveReal(name, Value()) },
                "--p999-max" => options with { P999MaxMs = PositiveReal(name, Value()) },
                "--step-seconds" => options with { StepSeconds = PositiveReal(name, Value()) },
                "--start-rate" => options with { StartRate = PositiveReal(name, Value()) },
                "--min-rate" => options with { MinRate = PositiveReal(name, Value()) },
                "--max-rate" => options with { MaxRate = PositiveReal(name, Value()) },
                "--max-steps" => options with { MaxSteps = Positive(name, Value()) },
                "--resolution" => options with { Resolution = PositiveReal(name, Value()) },
                "--confirm" => options with { Confirm = NonNegative(name, Value()) },
                "--budget" => options with { SweepBudget = TimeSpan.FromSeconds(PositiveReal(name, Value())) },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{name}'. {Hint}"),
            };
        }

        if (options.P99MaxMs is not null && !(options.MinRate <= options.StartRate && options.StartRate <= options.MaxRate))
        {
            throw new ArgumentException(
                $"Sweep rates must satisfy --min-rate ({options.MinRate}) <= --start-rate ({options.StartRate}) <= --max-rate ({options.MaxRate}).");
        }

        return options;
    }

    private const string Hint = "Run 'side-by-side --help' for the options.";

    private static long ParseRetention(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && (v == -1 || v > 0)
            ? v
            : throw new ArgumentException($"--retention-bytes accepts -1 (unlimited) or a positive byte count, got '{text}'.");

    private static ClusterKind ParseCluster(string text) => text switch
    {
        "mock" => ClusterKind.Mock,
        "brook" => ClusterKind.Brook,
        _ => throw new ArgumentException($"--cluster accepts mock or brook, got '{text}'."),
    };

    private static IReadOnlyList<short> ParseAcks(string text)
    {
        var acks = new List<short>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            acks.Add(item switch
            {
                "1" => 1,
                "all" or "-1" => -1,
                _ => throw new ArgumentException($"--acks accepts 1 and all (acks=0 has no acknowledgement to time), got '{item}'."),
            });
        }

        return acks.Count > 0 ? acks : throw new ArgumentException("--acks needs at least one of 1, all.");
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> AddProperty(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> current, string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (colon <= 0 || equals <= colon + 1 || equals == text.Length - 1)
        {
            throw new ArgumentException($"--set takes CLIENT:KEY=VALUE (e.g. confluent:socket.nagle.disable=true), got '{text}'.");
        }

        var client = text[..colon];
        var copy = new Dictionary<string, IReadOnlyDictionary<string, string>>(current, StringComparer.Ordinal);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (copy.TryGetValue(client, out var existing))
        {
            foreach (var (key, value) in existing)
            {
                properties[key] = value;
            }
        }

        properties[text[(colon + 1)..equals]] = text[(equals + 1)..];
        copy[client] = properties;
        return copy;
    }

    private static double PositiveReal(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name} takes a number above 0, got '{text}'.");

    private static int Positive(string name, string text)
    {
        var value = NonNegative(name, text);
        return value > 0 ? value : throw new ArgumentException($"{name} must be above 0, got {text}.");
    }

    private static int NonNegative(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{name} takes a whole number of 0 or more, got '{text}'.");
}
