namespace KooGallery.Supervision.Web;

/// <summary>The sample's own start-up logs.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Supervision store: {Store}; demo order book: {OrderBook}")]
    public static partial void Store(ILogger logger, string store, string orderBook);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Development tools are on (the sign-in without password, the clock control, demo orders): NOT for production.")]
    public static partial void DevelopmentToolsOn(ILogger logger);
}
