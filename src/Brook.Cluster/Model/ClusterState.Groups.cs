using Brook.Cluster.Groups;

namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    private GroupCoordinator? _groups;

    /// <summary>The classic group coordinator (created on first use; ticked with the cluster).</summary>
    public GroupCoordinator Groups
    {
        get
        {
            var groups = Volatile.Read(ref _groups);
            if (groups is not null)
            {
                return groups;
            }

            Interlocked.CompareExchange(ref _groups, new GroupCoordinator(Options.Groups, TimeProvider, Options.Seed), null);
            return _groups!;
        }
    }

    /// <summary>
    /// The broker coordinating <paramref name="key"/> (group id or transactional id), or -1 when no broker is up. As
    /// in Kafka the key hashes (Java's String.hashCode) into one of <see cref="GroupOptions.CoordinatorSlots"/>
    /// __consumer_offsets slots; the slot maps onto the brokers that are up, so the choice is deterministic and moves
    /// only when brokers go down or come back.
    /// </summary>
    public int CoordinatorFor(string key)
    {
        var hash = 0;
        foreach (var c in key)
        {
            hash = unchecked((31 * hash) + c);
        }

        var slot = (hash & 0x7fffffff) % Options.Groups.CoordinatorSlots;
        var up = 0;
        foreach (var b in Brokers)
        {
            up += b.IsUp ? 1 : 0;
        }

        if (up == 0)
        {
            return -1;
        }

        var index = slot % up;
        foreach (var b in Brokers)
        {
            if (b.IsUp && index-- == 0)
            {
                return b.Id;
            }
        }

        return -1;
    }

    private void TickGroups() => Volatile.Read(ref _groups)?.Tick();
}
