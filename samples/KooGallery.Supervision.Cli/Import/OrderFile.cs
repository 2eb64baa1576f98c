using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace KooGallery.Supervision.Cli;

/// <summary>
/// Reads orders from CSV (a header line naming the columns) or JSON lines (one object a line). The columns and keys:
/// order, buyer, seller, product (required), kind (default professional-service), amount (default 100),
/// currency (default CNY), placed_at / placedAt (an ISO instant; default: the existing flow's, else now).
/// </summary>
internal static class OrderFile
{
    public static IReadOnlyList<OrderRow> Read(string path, Instant now)
    {
        var lines = File.ReadAllLines(path);
        return IsJson(path, lines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))) ? ReadJsonLines(lines, now) : ReadCsv(lines, now);
    }

    /// <summary>Checks a CSV file's header (bad usage when it lacks a required column or names one twice); JSON lines have none.</summary>
    public static void CheckHeader(string path)
    {
        var first = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (first is not null && !IsJson(path, first))
        {
            Columns(first);
        }
    }

    private static bool IsJson(string path, string? firstLine) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
        || firstLine?.TrimStart().StartsWith('{') == true;

    private static string[] Columns(string header)
    {
        var columns = SplitCsv(header).Select(Normalize).ToArray();
        if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 && g.Key.Length > 0) is { } repeated)
        {
            throw CliException.Usage($"The CSV header names the column '{repeated.Key}' twice (under one name or two, such as order and order_number).");
        }

        foreach (var required in new[] { "order", "buyer", "seller", "product" })
        {
            if (!columns.Contains(required))
            {
                throw CliException.Usage($"The CSV header needs the columns order, buyer, seller, product (and optionally kind, amount, currency, placed_at); '{required}' is missing.");
            }
        }

        return columns;
    }

    private static List<OrderRow> ReadJsonLines(string[] lines, Instant now)
    {
        var rows = new List<OrderRow>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(lines[i]);
            }
            catch (JsonException e)
            {
                rows.Add(new OrderRow(i + 1, lines[i], null, $"Not a JSON object: {e.Message}"));
                continue;
            }

            using var _ = document;
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                rows.Add(new OrderRow(i + 1, lines[i], null, $"Not a JSON object: a {document.RootElement.ValueKind}."));
                continue;
            }

            // Walked property by property: a key written twice is seen (a dictionary would keep the last).
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            string? twice = null;
            try
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    // A null is no value, as a missing key is.
                    var value = property.Value;
                    if (value.ValueKind != JsonValueKind.Null
                        && !fields.TryAdd(Normalize(property.Name), value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText()))
                    {
                        twice ??= Normalize(property.Name);
                    }
                }
            }
            catch (InvalidOperationException e)
            {
                // An escaped lone surrogate (\ud800) is valid JSON but no text.
                rows.Add(new OrderRow(i + 1, lines[i], null, $"Not valid text: {e.Message}"));
                continue;
            }

            rows.Add(twice is null ? ToRow(i + 1, lines[i], fields, now) : new OrderRow(i + 1, lines[i], null, $"The {twice} is given twice (under two names, such as order and orderNumber)."));
        }

        return rows;
    }

    private static List<OrderRow> ReadCsv(string[] lines, Instant now)
    {
        var rows = new List<OrderRow>(lines.Length);
        var header = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (header < 0)
        {
            return rows;
        }

        var columns = Columns(lines[header]);

        for (var i = header + 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            // A quoted cell may hold line breaks: the row goes on over the next lines until its quotes close. It is
            // reported at its first line.
            var first = i;
            var record = lines[i];
            while (OpensQuote(record) && i + 1 < lines.Length)
            {
                record += "\n" + lines[++i];
            }

            if (OpensQuote(record))
            {
                rows.Add(new OrderRow(first + 1, record, null, "A quoted cell is not closed before the end of the file."));
                continue;
            }

            var cells = SplitCsv(record);
            if (cells.Count != columns.Length)
            {
                rows.Add(new OrderRow(first + 1, record, null, $"Expected {columns.Length} columns, found {cells.Count}."));
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < columns.Length; c++)
            {
                fields[columns[c]] = cells[c];
            }

            rows.Add(ToRow(first + 1, record, fields, now));
        }

        return rows;
    }

    /// <summary>Whether a CSV text ends inside a quoted cell (an odd number of quotes: a quote inside a cell is written twice).</summary>
    private static bool OpensQuote(string text) => text.Count(c => c == '"') % 2 == 1;

    private static OrderRow ToRow(int line, string raw, Dictionary<string, string> fields, Instant now)
    {
        string Get(string name) => fields.TryGetValue(name, out var value) ? value.Trim() : string.Empty;
        foreach (var required in new[] { "order", "buyer", "seller", "product" })
        {
            if (Get(required).Length == 0)
            {
                return new OrderRow(line, raw, null, $"The {required} is missing.");
            }
        }

        try
        {
            var amount = Get("amount") is { Length: > 0 } a
                ? decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw CliException.Usage($"The amount '{a}' is not a number.")
                : 100m;
            var placedAt = Get("placedat");
            return new OrderRow(line, raw, new NewServiceFlow
            {
                OrderNumber = Get("order"),
                BuyerId = Get("buyer"),
                SellerId = Get("seller"),
                ProductId = Get("product"),
                ProductKind = Get("kind") is { Length: > 0 } k ? Words.Enum<ProductKind>(k, "kind") : ProductKind.ProfessionalService,
                AmountPaid = amount,
                Currency = Get("currency") is { Length: > 0 } c ? c : "CNY",
                PlacedAt = placedAt.Length > 0 ? Words.ParseInstant(placedAt, "placed_at") : now,
            }, null, PlacedAtGiven: placedAt.Length > 0);
        }
        catch (CliException e)
        {
            return new OrderRow(line, raw, null, e.Message);
        }
    }

    private static string Normalize(string name) => name.Trim().Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "ordernumber" => "order",
        "buyerid" => "buyer",
        "sellerid" => "seller",
        "productid" => "product",
        "productkind" => "kind",
        "amountpaid" => "amount",
        var other => other,
    };

    /// <summary>Splits one CSV line: commas, double quotes around a cell, "" for a quote inside one.</summary>
    public static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    public static string QuoteCsv(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
