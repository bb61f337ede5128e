using Azure.Core.Pipeline;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Redrive;
using ComplaintRouting.Routing;
using ComplaintRouting.Security;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplaintRouting;

/// <summary>The one composition of the app, used by the Functions host (Program.cs) and the local runner alike.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddComplaintRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddAzureClientsCore();

        // Settings, validated at start-up: a missing or malformed one stops the app and names itself.
        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection("SendGrid")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CommitteeOptions>().Bind(configuration.GetSection("Committee")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LinksOptions>().Bind(configuration.GetSection("Links")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EncryptionOptions>().Bind(configuration.GetSection("Encryption")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection("Intake")).ValidateDataAnnotations().ValidateOnStart();

        // Storage: one TableServiceClient and one QueueServiceClient for the app's lifetime.
        services.AddSingleton(sp => StorageClients.CreateTableServiceClient(configuration, sp.GetRequiredService<AzureComponentFactory>(), sp.GetServices<HttpPipelinePolicy>()));
        services.AddSingleton(sp => StorageClients.CreateQueueServiceClient(configuration, sp.GetRequiredService<AzureComponentFactory>(), sp.GetServices<HttpPipelinePolicy>()));
        services.AddSingleton<Sealer>();
        services.AddSingleton<CaseStore>();
        services.AddSingleton<DueIndex>();
        services.AddSingleton<WorkQueues>();
        services.AddSingleton<CaseCommands>();
        services.AddSingleton<DirectoryStore>();
        services.AddHostedService<StorageInitializer>();

        services.AddSingleton<Throttles>();
        services.AddSingleton<CapabilityTokens>();
        services.AddSingleton<IMailSender, SendGridMailSender>();
        services.AddSingleton<MailComposer>();

        services.AddSingleton<IntakeHandler>();
        services.AddSingleton<FollowUpHandler>();
        services.AddSingleton<RoutingHandler>();
        services.AddSingleton<MailHandler>();
        services.AddSingleton<RedriveHandler>();
        return services;
    }
}
