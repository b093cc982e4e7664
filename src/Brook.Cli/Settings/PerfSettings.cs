using System.ComponentModel;
using Brook.Cli.Perf;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Settings;

/// <summary>Flags of <c>brook perf</c> (kafka-producer-perf-test's, plus <c>--sequenced</c>).</summary>
internal sealed class PerfSettings : CommandSettings
{
    /// <summary>Stream ids are <c>p</c> + 6 hex digits.</summary>
    internal const int StreamIdLength = 7;

    /// <summary>Bootstrap list; null starts an embedded 3-broker cluster.</summary>
    [CommandOption("--bootstrap <LIST>")]
    [Description("Brokers host:port[[,...]]. Without it, brook starts an embedded 3-broker cluster in-process.")]
    public string? Bootstrap { get; init; }

    /// <summary>Topic to produce to.</summary>
    [CommandOption("--topic <T>")]
    [Description("Topic to produce to.")]
    [DefaultValue("brook-perf")]
    public string Topic { get; init; } = "brook-perf";

    /// <summary>Records to send.</summary>
    [CommandOption("--num-records <N>")]
    [Description("Records to send.")]
    [DefaultValue(1_000_000L)]
    public long NumRecords { get; init; } = 1_000_000;

    /// <summary>Value size in bytes.</summary>
    [CommandOption("--record-size <S>")]
    [Description("Value size in bytes.")]
    [DefaultValue(100)]
    public int RecordSize { get; init; } = 100;

    /// <summary>Records per second, or -1 for no limit.</summary>
    [CommandOption("--throughput <R>")]
    [Description("Target records/sec; -1 for no limit.")]
    [DefaultValue(-1.0)]
    public double Throughput { get; init; } = -1;

    /// <summary>Kafka producer properties <c>k=v</c>.</summary>
    [CommandOption("--producer-props <K=V>")]
    [Description("Producer properties by Kafka name, e.g. --producer-props acks=all linger.ms=5 compression.type=lz4. Override --producer.config.")]
    public string[] ProducerProps { get; init; } = [];

    /// <summary>Java properties file with producer properties.</summary>
    [CommandOption("--producer-config <FILE>")]
    [Description("Producer properties file (k=v lines, # comments); also spelled --producer.config as in Kafka.")]
    public string? ProducerConfig { get; init; }

    /// <summary>Write checkable values.</summary>
    [CommandOption("--sequenced")]
    [Description("Values '<stream>-<10-digit sequence>|<filler>' for brook verify; key = the sequence.")]
    public bool Sequenced { get; init; }

    /// <summary>With <c>--sequenced</c>: send without keys.</summary>
    [CommandOption("--no-keys")]
    [Description("With --sequenced: send records without keys.")]
    public bool NoKeys { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (NumRecords < 1)
        {
            return ValidationResult.Error($"--num-records must be at least 1, got {NumRecords}");
        }

        if (RecordSize < 1)
        {
            return ValidationResult.Error($"--record-size must be at least 1, got {RecordSize}");
        }

        if (Throughput == 0 || double.IsNaN(Throughput))
        {
            return ValidationResult.Error("--throughput must be positive (records/sec) or -1 for no limit, got 0");
        }

        if (Sequenced)
        {
            var header = StreamIdLength + SequencedRecordWriter.SequenceDigits + 2;
            if (RecordSize < header)
            {
                return ValidationResult.Error($"--record-size must be at least {header} with --sequenced (stream-0000000000|), got {RecordSize}");
            }

            if (NumRecords > SequencedRecordWriter.MaxSequence + 1)
            {
                return ValidationResult.Error($"--num-records must be at most {SequencedRecordWriter.MaxSequence + 1} with --sequenced (10-digit sequences)");
            }
        }
        else if (NoKeys)
        {
            return ValidationResult.Error("--no-keys only applies with --sequenced (plain perf records have no keys)");
        }

        return BrokerCheck.All(BrokerCheck.Bootstrap(Bootstrap, required: false), BrokerCheck.Topic(Topic));
    }
}
