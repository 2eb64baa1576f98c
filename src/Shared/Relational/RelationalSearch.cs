using System.Text;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// Builds the WHERE clause of a flow search (search, R29) with parameters only: no query value is ever
/// written into the SQL text. Both relational stores use it with their own parameter objects.
/// </summary>
internal static class RelationalSearch
{
    /// <summary>
    /// The statement of a search page: the flows' state with the columns of the page's order (so that a page ending on
    /// a row whose state cannot be read still says where the next begins), its conditions, its stable order and one
    /// row more than a page.
    /// </summary>
    public static (string Text, List<KeyValuePair<string, object>> Parameters) Statement(RelationalSql statements, FlowQuery query, Instant now)
    {
        var sql = new StringBuilder("SELECT state, placed_at, order_number, decision_due_at FROM ").Append(statements.Flows);
        var parameters = AppendWhere(sql, query, now, statements.UnderAppeal);
        sql.Append(OrderBy(query)).Append(" LIMIT @limit");
        parameters.Add(new("@limit", query.PageSize + 1));
        return (sql.ToString(), parameters);
    }

    /// <summary>
    /// Appends the conditions of <paramref name="query"/> and returns the parameters they use. A search for flows under
    /// appeal names the condition as the dialect writes it (<paramref name="underAppealCondition"/>), the form of its
    /// partial index, so the few flows under appeal are read through that index among any number of others.
    /// </summary>
    public static List<KeyValuePair<string, object>> AppendWhere(StringBuilder sql, FlowQuery query, Instant now, string underAppealCondition)
    {
        var parameters = new List<KeyValuePair<string, object>>();
        var clauses = new List<string>();

        void Add(string clause, string name, object value)
        {
            clauses.Add(clause);
            parameters.Add(new KeyValuePair<string, object>(name, value));
        }

        if (query.BuyerId is not null)
        {
            Add("buyer_id = @buyer", "@buyer", query.BuyerId);
        }

        if (query.SellerId is not null)
        {
            Add("seller_id = @seller", "@seller", query.SellerId);
        }

        if (query.ProductId is not null)
        {
            Add("product_id = @product", "@product", query.ProductId);
        }

        if (query.Stage is { } stage)
        {
            Add("stage = @stage", "@stage", (int)stage);
        }

        if (query.Status is { } status)
        {
            Add("status = @status", "@status", (int)status);
        }

        if (query.PlacedFrom is { } from)
        {
            Add("placed_at >= @placedFrom", "@placedFrom", RelationalFlowColumns.Nanos(from));
        }

        if (query.PlacedBefore is { } before)
        {
            Add("placed_at < @placedBefore", "@placedBefore", RelationalFlowColumns.Nanos(before));
        }

        if (query.Stalled is { } stalled)
        {
            Add(stalled ? "(stall_due_at IS NOT NULL AND stall_due_at <= @now)" : "(stall_due_at IS NULL OR stall_due_at > @now)", "@now", RelationalFlowColumns.Nanos(now));
        }

        if (query.UnderAppeal == true)
        {
            clauses.Add(underAppealCondition);
        }
        else if (query.UnderAppeal == false)
        {
            Add("under_appeal = @underAppeal", "@underAppeal", false);
        }

        if (query.WaitingOn is { Role: ActorRole.OperationsManager })
        {
            // The appeal queue (R29): every open appeal, whichever operations manager asks.
            clauses.Add("decision_due_at IS NOT NULL");
        }
        else if (query.WaitingOn is { } actor)
        {
            var party = actor.Role == ActorRole.Buyer ? Party.Buyer : Party.Seller;
            var column = actor.Role == ActorRole.Buyer ? "buyer_id" : "seller_id";
            clauses.Add($"(waiting_on = @waitingParty AND {column} = @waitingActor AND under_appeal = @notUnderAppeal)");
            parameters.Add(new KeyValuePair<string, object>("@waitingParty", (int)party));
            parameters.Add(new KeyValuePair<string, object>("@waitingActor", actor.Id));
            parameters.Add(new KeyValuePair<string, object>("@notUnderAppeal", false));
        }

        if (query.After is { DecisionDueAt: { } afterDue } queueAfter && IsAppealQueue(query))
        {
            clauses.Add("(decision_due_at > @afterDue OR (decision_due_at = @afterDue AND order_number > @afterOrder))");
            parameters.Add(new KeyValuePair<string, object>("@afterDue", RelationalFlowColumns.Nanos(afterDue)));
            parameters.Add(new KeyValuePair<string, object>("@afterOrder", queueAfter.OrderNumber));
        }
        else if (query.After is { } after)
        {
            clauses.Add("(placed_at > @afterPlaced OR (placed_at = @afterPlaced AND order_number > @afterOrder))");
            parameters.Add(new KeyValuePair<string, object>("@afterPlaced", RelationalFlowColumns.Nanos(after.PlacedAt)));
            parameters.Add(new KeyValuePair<string, object>("@afterOrder", after.OrderNumber));
        }

        if (clauses.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", clauses);
        }

        return parameters;
    }

    /// <summary>Gets whether the query is the appeal queue, ordered by decision deadline.</summary>
    public static bool IsAppealQueue(FlowQuery query) => query.WaitingOn is { Role: ActorRole.OperationsManager };

    /// <summary>The ORDER BY clause of the query's stable order: the appeal queue by decision deadline, every other search by placement.</summary>
    public static string OrderBy(FlowQuery query) =>
        IsAppealQueue(query) ? " ORDER BY decision_due_at, order_number" : " ORDER BY placed_at, order_number";
}
