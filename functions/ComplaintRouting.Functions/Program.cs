using Azure.Identity;
using ComplaintRouting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ComplaintRouting.Http.ResponseHeadersMiddleware>();
// Defaults are the lowest configuration source: app settings override them (SettingDefaults).
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = SettingDefaults.Values });
builder.Services.AddComplaintRouting(builder.Configuration);

// Logs and traces (with the case reference in each log scope) to Application Insights, which
// accepts only Entra ID: the app signs in with the same identity it uses for storage.
if (builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 })
{
    // Capability tokens never leave the process in a URL or a log line (added before the exporter, so it runs first).
    ComplaintRouting.Telemetry.TokenRedaction.AddTokenRedaction(builder.Services);
    builder.Services.AddApplicationInsightsTelemetryWorkerService(options =>
    {
        if (builder.Configuration["AzureWebJobsStorage:clientId"] is { Length: > 0 } clientId)
            options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    });
    builder.Services.ConfigureFunctionsApplicationInsights();
}

builder.Build().Run();
