using System.Globalization;
using System.Text;
using Brook.Cluster.Faults;
using Brook.Protocol;
using Brook.Protocol.Errors;

namespace Brook.Cli.Faults;

/// <summary>
/// Runs fault commands against a cluster and answers each with exactly one line starting <c>ok</c> or
/// <c>error</c>. Remembers the isolations and latencies it set so <c>heal</c> can undo them.
/// </summary>
internal sealed class FaultExecutor(IClusterControl cluster)
{
    private readonly HashSet<(string Topic, int Partition)> _isolated = [];
    private readonly HashSet<int> _slowBrokers = [];

    /// <summary>Parses and runs one stdin line; null for a blank or comment line (no answer due).</summary>
    public async ValueTask<string?> ExecuteLineAsync(string? line)
    {
        if (FaultCommandParser.TryParse(line, out var command, out var error))
        {
            return await ExecuteAsync(command!).ConfigureAwait(false);
        }

        return error is null ? null : "error " + error;
    }

    /// <summary>Runs one command; the answer is one line, <c>ok …</c> or <c>error …</c>.</summary>
    public async ValueTask<string> ExecuteAsync(FaultCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return await RunAsync(command).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return "error " + OneLine(ex.Message);
        }
    }

    private async ValueTask<string> RunAsync(FaultCommand command)
    {
        switch (command)
        {
            case FaultCommand.Down d:
                CheckBroker(d.Broker);
                await cluster.SetBrokerDownAsync(d.Broker).ConfigureAwait(false);
                return Ok($"broker {d.Broker} down");
            case FaultCommand.Up u:
                CheckBroker(u.Broker);
                cluster.SetBrokerUp(u.Broker);
                return Ok($"broker {u.Broker} up");
            case FaultCommand.Leader l:
                CheckBroker(l.Broker);
                cluster.MoveLeader(l.Topic, l.Partition, l.Broker);
                return Ok($"{l.Topic}-{l.Partition} leader {l.Broker}");
            case FaultCommand.Err e:
                if (e.Broker is { } b)
                {
                    CheckBroker(b);
                }

                cluster.AddRequestFault(new RequestFault { ApiKey = (short)e.Api, Error = e.Error, Count = e.Count, BrokerId = e.Broker });
                return Ok($"next {e.Count} {e.Api} request(s){(e.Broker is { } on ? $" on broker {on}" : string.Empty)} fail with {ErrorCodes.Name(e.Error)}");
            case FaultCommand.DisconnectAfterAppend a:
                cluster.AddRequestFault(new RequestFault { ApiKey = (short)ApiKey.Produce, Action = FaultAction.DisconnectAfterAppend, Count = a.Count });
                return Ok($"next {a.Count} Produce request(s) append, then disconnect");
            case FaultCommand.Latency lat:
                CheckBroker(lat.Broker);
                cluster.SetBrokerLatency(lat.Broker, lat.Ms);
                if (lat.Ms > 0)
                {
                    _slowBrokers.Add(lat.Broker);
                }
                else
                {
                    _slowBrokers.Remove(lat.Broker);
                }

                return Ok($"broker {lat.Broker} latency {lat.Ms} ms");
            case FaultCommand.IsolateFollowers i:
                cluster.SetLeaderIsolated(i.Topic, i.Partition, true);
                _isolated.Add((i.Topic, i.Partition));
                return Ok($"{i.Topic}-{i.Partition} followers isolated");
            case FaultCommand.Heal:
                return Ok(Heal());
            case FaultCommand.Create c:
                cluster.CreateTopic(c.Topic, c.Partitions, c.ReplicationFactor);
                return Ok($"created {c.Topic} partitions={c.Partitions} rf={c.ReplicationFactor}");
            case FaultCommand.State s:
                return State(s.Topic);
            case FaultCommand.Help:
                return "ok commands: " + string.Join(" | ", HelpForms());
            default:
                throw new InvalidOperationException($"unhandled command {command.GetType().Name}");
        }
    }

    private string Heal()
    {
        foreach (var (topic, partition) in _isolated)
        {
            cluster.SetLeaderIsolated(topic, partition, false);
        }

        foreach (var broker in _slowBrokers)
        {
            cluster.SetBrokerLatency(broker, 0);
        }

        cluster.ClearRequestFaults();
        var text = string.Create(CultureInfo.InvariantCulture, $"healed isolations={_isolated.Count} latencies={_slowBrokers.Count} request-faults=cleared");
        _isolated.Clear();
        _slowBrokers.Clear();
        return text;
    }

    private string State(string topic)
    {
        var partitions = cluster.DescribeTopic(topic);
        if (partitions is null)
        {
            return $"error unknown topic '{topic}'; create it with: create {topic} PARTITIONS RF";
        }

        var sb = new StringBuilder("ok ").Append(topic);
        foreach (var p in partitions)
        {
            sb.Append(CultureInfo.InvariantCulture, $" | p{p.Partition} leader={p.Leader} epoch={p.LeaderEpoch} isr={string.Join(',', p.Isr)} hw={p.HighWatermark} leo={p.LogEndOffset}");
        }

        return sb.ToString();
    }

    private void CheckBroker(int broker)
    {
        if (broker < 0 || broker >= cluster.BrokerCount)
        {
            throw new ArgumentException($"no broker {broker}: brokers are 0..{cluster.BrokerCount - 1}");
        }
    }

    private static IEnumerable<string> HelpForms()
    {
        foreach (var usage in FaultCommandParser.Usage)
        {
            var cut = usage.IndexOf("  ", StringComparison.Ordinal);
            yield return cut < 0 ? usage : usage[..cut];
        }
    }

    private static string Ok(string text) => "ok " + text;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
