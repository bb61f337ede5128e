using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Email;

/// <summary>Queue trigger on <c>mail</c>: a case reference per message; its unsent mail steps are sent.</summary>
public sealed class MailFunction(MailHandler handler)
{
    [Function("SendMail")]
    public Task Run([QueueTrigger(QueueNames.Mail)] string message, CancellationToken cancellationToken) =>
        handler.SendAsync(message.Trim(), cancellationToken);
}
