using Azure;

namespace ComplaintRouting.Storage;

/// <summary>
/// What "storage did not answer" looks like from the Azure SDK: a failed response, or — once its
/// retries are spent on transport errors — an AggregateException of them.
/// </summary>
public static class StorageFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        RequestFailedException or IOException or HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(Is),
        _ => false,
    };
}
