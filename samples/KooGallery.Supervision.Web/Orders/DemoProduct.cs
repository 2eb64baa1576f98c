namespace KooGallery.Supervision.Web.Orders;

/// <summary>A product of the demo marketplace, with the templates its orders carry.</summary>
public sealed record DemoProduct(
    string Id,
    string Name,
    ProductKind Kind,
    decimal Price,
    IReadOnlyList<TemplateField> RequestTemplate,
    IReadOnlyList<TemplateField> DeliveryTemplate)
{
    /// <summary>Gets the products of the demo marketplace.</summary>
    public static IReadOnlyList<DemoProduct> Catalog { get; } =
    [
        new("db-migration", "Database migration", ProductKind.ProfessionalService, 12_000m,
            [new TemplateField("Source database"), new TemplateField("Target version"), new TemplateField("Maintenance window", Required: false)],
            [new TemplateField("Row counts verified")]),
        new("architecture-review", "Architecture review", ProductKind.ConsultingService, 3_000m, [], []),
        new("crm-seats", "CRM seats (online SaaS, no request step)", ProductKind.OnlineSaas, 800m, [], []),
    ];

    /// <summary>Finds a product by id.</summary>
    public static DemoProduct? Find(string? id) => Catalog.FirstOrDefault(p => p.Id == id);
}
