namespace KooGallery.Supervision;

/// <summary>
/// The kind of product a supervised order bought. Whether a kind starts with a request step is
/// decided by <see cref="SupervisionPolicy.KindsWithRequestStep"/> (the starting stage, R5).
/// </summary>
public enum ProductKind
{
    /// <summary>A professional service (implementation, migration, training and the like).</summary>
    ProfessionalService = 0,

    /// <summary>A consulting service.</summary>
    ConsultingService = 1,

    /// <summary>A SaaS product delivered offline by the seller.</summary>
    OfflineSaas = 2,

    /// <summary>A SaaS product provisioned online without a request step.</summary>
    OnlineSaas = 3,

    /// <summary>A software license.</summary>
    License = 4,

    /// <summary>A hardware product.</summary>
    Hardware = 5,
}
