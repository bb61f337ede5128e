using ComplaintRouting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// Defaults are the lowest configuration source: app settings override them (SettingDefaults).
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = SettingDefaults.Values });
builder.Services.AddComplaintRouting(builder.Configuration);
builder.Build().Run();
