using System;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision;
using Microsoft.Extensions.Logging;

namespace KooGallery.Supervision.TelemetryDemo;

/// <summary>
/// The host's own event handler: "sends an e-mail" for each event. The mail server is down for the first event,
/// so that one stays pending and a later sweep delivers it; its span still links to the command that raised it.
/// </summary>
internal sealed partial class MailNotifier(ILogger<MailNotifier> logger) : ISupervisionEventHandler
{
    private int _calls;

    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            throw new InvalidOperationException("SMTP down");
        }

        MailSent(logger, supervisionEvent.Kind, supervisionEvent.OrderNumber, supervisionEvent.Concerns);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Mail sent: {Kind} on order {OrderNumber} to {Party}")]
    private static partial void MailSent(ILogger logger, SupervisionEventKind kind, string orderNumber, Party party);
}
