using System.Globalization;
using Brook.TestSupport.Benchmarking;

namespace Brook.Benchmarks.SideBySide;

public sealed partial class SideBySideRunner
{
    private const int AllocTypesShown = 15;

    /// <summary>
    /// With <c>--alloc-types</c>, a sampler attached now, before the pre-measurement collection, so the event session's
    /// own start-up is not measured; it counts once <see cref="AllocationSampler.On"/>. Null without the option.
    /// </summary>
    private AllocationSampler? CreateAllocationSampler() => options.AllocTypes ? new AllocationSampler() : null;

    /// <summary>Prints what <paramref name="sampler"/> saw, per record and (when the client says) per Produce request.</summary>
    private void ReportAllocations(AllocationSampler? sampler, IProducerClient client, int records, long allocated)
    {
        if (sampler is null)
        {
            return;
        }

        sampler.On = false;
        var recordsPerRequest = client.RecordsPerRequest();
        var requests = double.IsFinite(recordsPerRequest) && recordsPerRequest > 0 ? records / recordsPerRequest : double.NaN;
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  allocations of {client.Name}: {allocated:N0} B measured ({(double)allocated / records:F1} B/record" +
            $"{(double.IsNaN(requests) ? string.Empty : $", {allocated / requests:F0} B/request at {recordsPerRequest:F1} records/request")}); " +
            $"sampled by type ({sampler.TotalBytes:N0} B in ~100 KB ticks):"));
        foreach (var (type, bytes) in sampler.Top(AllocTypesShown))
        {
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"    {bytes,12:N0} B {(double)bytes / records,8:F2} B/rec{(double.IsNaN(requests) ? string.Empty : $" {bytes / requests,8:F0} B/req")}  {type}"));
        }

        sampler.Dispose();
    }
}
