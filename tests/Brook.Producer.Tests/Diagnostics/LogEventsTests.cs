using System.Reflection;
using Brook.Producer.Diagnostics;

namespace Brook.Producer.Tests.Diagnostics;

public sealed class LogEventsTests
{
    private static List<(string Name, int Id)> Events() => typeof(LogEvents)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (f.Name, (int)f.GetRawConstantValue()!))
        .ToList();

    [Fact]
    public void EventIds_AreUnique()
    {
        var events = Events();
        Assert.True(events.Count >= 20);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void EventIds_AreDocumentedInTheProducerDesignNote()
    {
        // docs/design/producer.md lists every id: a new event must be documented there.
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Brook.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Brook.slnx not found above the test directory.");
        }

        var doc = File.ReadAllText(Path.Combine(root, "docs", "design", "producer.md"));
        foreach (var (name, id) in Events())
        {
            Assert.Contains($"{id} {name}", doc, StringComparison.Ordinal);
        }
    }
}
