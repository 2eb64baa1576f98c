using System.Text.Json;

namespace KooGallery.Supervision.Web.Orders;

/// <summary>
/// The demo marketplace's orders: the product (and so its request and delivery templates) and the parties of each order.
/// A real marketplace has its own order system, and its pages join that data with the flow's view; the sample keeps its
/// orders in a small JSON file in the data folder. Thread-safe.
/// </summary>
public sealed class DemoOrderBook
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DemoOrder> _orders;

    /// <summary>Opens the order book kept in a file, reading the orders already there.</summary>
    public DemoOrderBook(string path)
    {
        _path = path;
        _orders = File.Exists(path)
            ? (JsonSerializer.Deserialize<List<DemoOrder>>(File.ReadAllText(path)) ?? []).ToDictionary(o => o.OrderNumber, StringComparer.Ordinal)
            : new Dictionary<string, DemoOrder>(StringComparer.Ordinal);
    }

    /// <summary>Finds an order, or null when the marketplace does not know it (a flow created through the API, say).</summary>
    public DemoOrder? Find(string orderNumber)
    {
        lock (_gate)
        {
            return _orders.GetValueOrDefault(orderNumber);
        }
    }

    /// <summary>Records an order; the same order number again replaces it.</summary>
    public void Add(DemoOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_gate)
        {
            _orders[order.OrderNumber] = order;
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(_orders.Values.ToList()));
            File.Move(temporary, _path, overwrite: true);
        }
    }
}
