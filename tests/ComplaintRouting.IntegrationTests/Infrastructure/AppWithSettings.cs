using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh app on its own Azurite for a test class that needs other settings (second-scale
/// deadlines, a webhook key) or extra services (a fault-injecting pipeline policy).
/// </summary>
public abstract class AppWithSettings : IAsyncLifetime
{
    protected AppFixture App { get; } = new();
    protected ServiceProvider Services { get; private set; } = null!;

    /// <summary>Changes the test settings before the app is composed.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings) { }

    /// <summary>Adds services before the app's own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public virtual async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var settings = App.Settings();
        Configure(settings);
        Services = App.BuildServices(settings, ConfigureServices);
    }

    public virtual async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await App.DisposeAsync();
    }

    protected T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    protected Task DrainAsync() => AppFixture.DrainQueuesAsync(Services);

    /// <summary>Request headers carrying <paramref name="email"/>'s workspace session (<see cref="WorkspaceSignIn"/>).</summary>
    protected Task<Dictionary<string, string>> SignedInAsync(string email) =>
        WorkspaceSignIn.HeadersAsync(Function<ComplaintRouting.Workspace.SignInFunctions>(), App.Mail.Capture, email);
}
