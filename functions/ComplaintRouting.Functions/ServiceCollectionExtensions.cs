using System.Globalization;
using Azure.Core.Pipeline;
using ComplaintRouting.Chasing;
using ComplaintRouting.Delivery;
using ComplaintRouting.Digest;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Redrive;
using ComplaintRouting.Routing;
using ComplaintRouting.FloodControl;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplaintRouting;

/// <summary>The one composition of the app, used by the Functions host (Program.cs) and the local runner alike.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddComplaintRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddAzureClientsCore();

        // Settings, validated at start-up: a missing or malformed one stops the app and names itself.
        AddSettings<SendGridOptions>(services, configuration, "SendGrid");
        AddSettings<CommitteeOptions>(services, configuration, "Committee");
        AddSettings<ExecutiveCommitteeOptions>(services, configuration, "ExecutiveCommittee");
        AddSettings<LinksOptions>(services, configuration, "Links");
        AddSettings<EncryptionOptions>(services, configuration, "Encryption");
        AddSettings<IntakeOptions>(services, configuration, "Intake");
        AddSettings<AttachmentOptions>(services, configuration, "Attachments");
        AddSettings<WorkspaceOptions>(services, configuration, "Workspace");
        services.PostConfigure<WorkspaceOptions>(o => o.PlatformAuthenticates = bool.TryParse(configuration["WEBSITE_AUTH_ENABLED"], out var on) && on);
        services.AddSingleton(new ProcessSettingsValidator(configuration));
        services.AddSingleton<IValidateOptions<DeadlineOptions>>(sp => sp.GetRequiredService<ProcessSettingsValidator>());
        services.AddSingleton<IValidateOptions<ScheduleOptions>>(sp => sp.GetRequiredService<ProcessSettingsValidator>());
        services.AddSingleton<IValidateOptions<RetentionOptions>>(sp => sp.GetRequiredService<ProcessSettingsValidator>());
        services.AddOptions<DeadlineOptions>().Configure(o => BindTimeSpans(o, configuration.GetSection("Deadlines"))).ValidateOnStart();
        services.AddOptions<RetentionOptions>().Configure(o => BindTimeSpans(o, configuration.GetSection("Retention"))).ValidateOnStart();
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection("Schedules")).ValidateOnStart();

        // Storage: one TableServiceClient and one QueueServiceClient for the app's lifetime.
        services.AddSingleton(sp => StorageClients.CreateTableServiceClient(configuration, sp.GetRequiredService<AzureComponentFactory>(), sp.GetServices<HttpPipelinePolicy>()));
        services.AddSingleton(sp => StorageClients.CreateQueueServiceClient(configuration, sp.GetRequiredService<AzureComponentFactory>(), sp.GetServices<HttpPipelinePolicy>()));
        services.AddSingleton(sp => StorageClients.CreateBlobServiceClient(configuration, sp.GetRequiredService<AzureComponentFactory>(), sp.GetServices<HttpPipelinePolicy>()));
        services.AddSingleton<Sealer>();
        services.AddSingleton<Evidence.AttachmentStore>();
        services.AddSingleton<Evidence.AttachmentReceiver>();
        services.AddSingleton<Evidence.AttachmentActions>();
        services.AddSingleton<Workspace.WorkspacePeople>();
        services.AddSingleton<Workspace.WorkspaceSessions>();
        services.AddSingleton<Workspace.WorkspaceReads>();
        services.AddSingleton<Workspace.WorkspaceDoor>();
        services.AddSingleton<Workspace.WorkspaceCases>();
        services.AddSingleton<Workspace.DashboardCharts>();
        services.AddSingleton<Manage.PoisonQueues>();
        services.AddSingleton<Workspace.WorkspaceStatistics>();
        services.AddSingleton<CaseStore>();
        services.AddSingleton<DueIndex>();
        services.AddSingleton<OpenCases>();
        services.AddSingleton<WorkQueues>();
        services.AddSingleton<CaseCommands>();
        services.AddSingleton<DirectoryStore>();
        if (StorageInitializer.Wanted(configuration)) services.AddHostedService<StorageInitializer>();

        services.AddSingleton<SharedCounters>();
        services.AddSingleton<Throttles>();
        services.AddSingleton<ProofOfWork>();
        services.AddSingleton<CapabilityTokens>();
        services.AddSingleton<IMailSender, SendGridMailSender>();
        services.AddSingleton<MailComposer>();

        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton<IntakeHandler>();
        services.AddSingleton<FollowUpHandler>();
        services.AddSingleton<RoutingHandler>();
        services.AddSingleton<MailHandler>();
        services.AddSingleton<RedriveHandler>();
        services.AddSingleton<ChaseHandler>();
        services.AddSingleton<DigestHandler>();
        services.AddSingleton<DeliveryEvents>();
        services.AddSingleton<Retention.RetentionHandler>();
        services.AddSingleton<DirectoryImport>();
        services.AddSingleton<DirectoryExport>();
        services.AddSingleton<CapabilityGate>();
        services.AddSingleton<LinkActions>();
        services.AddSingleton<Committee.CommitteeActions>();
        services.AddSingleton<LinkRevocations>();
        services.AddSingleton<DeliveryFailureLog>();
        services.AddSingleton<Pages.CasePages>();
        services.AddSingleton<Pages.PageRenderer>();
        services.AddSingleton<Form.FormPage>();
        services.AddSingleton<Form.FormGuard>();
        services.AddSingleton<Form.OriginPolicy>();
        services.AddSingleton<Form.FollowUpForms>();
        return services;
    }

    /// <summary>Binds one section and checks it at start-up, naming each missing or malformed setting (<see cref="SettingsValidator{T}"/>).</summary>
    private static void AddSettings<T>(IServiceCollection services, IConfiguration configuration, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(section));
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>Reads TimeSpan settings leniently; <see cref="ProcessSettingsValidator"/> then names any malformed one.</summary>
    private static void BindTimeSpans(object target, IConfiguration section)
    {
        foreach (var property in target.GetType().GetProperties().Where(p => p.PropertyType == typeof(TimeSpan)))
            if (TimeSpan.TryParse(section[property.Name], CultureInfo.InvariantCulture, out var value))
                property.SetValue(target, value);
    }
}
