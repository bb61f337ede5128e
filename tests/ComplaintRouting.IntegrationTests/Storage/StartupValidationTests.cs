using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.IntegrationTests.Storage;

/// <summary>A missing or malformed setting stops the app at start-up with a message naming it.</summary>
[Collection(AppCollection.Name)]
public class StartupValidationTests(AppFixture app)
{
    [Theory]
    [InlineData("Deadlines:Grace", "fourteen days", "Deadlines__Grace")]
    [InlineData("Deadlines:ReminderInterval", "", "Deadlines__ReminderInterval")]
    [InlineData("Schedules:Chase", "every hour", "Schedules__Chase")]
    [InlineData("Schedules:Digest", "0 0 7 * *", "Schedules__Digest")]
    [InlineData("Retention:Withdrawn", "-1.00:00:00", "Retention__Withdrawn")]
    public void A_malformed_deadline_or_schedule_names_itself(string key, string value, string named)
    {
        var settings = app.Settings();
        settings[key] = value;
        using var services = app.BuildServices(settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<DeadlineOptions>>().Value;
            _ = services.GetRequiredService<IOptions<ScheduleOptions>>().Value;
            _ = services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        });
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:10:00")]
    [InlineData("thirty seconds")]
    public void A_send_timeout_out_of_range_or_malformed_stops_the_app_naming_it(string value)
    {
        var settings = app.Settings();
        settings["SendGrid:Timeout"] = value;
        using var services = app.BuildServices(settings);

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IOptions<SendGridOptions>>().Value);
        Assert.Contains("Timeout", error.Message);
    }

    [Fact]
    public void A_missing_committee_address_or_short_key_is_refused()
    {
        var settings = app.Settings();
        settings["Committee:ChairEmail"] = null;
        settings["Links:SigningKey"] = "c2hvcnQ=";
        using var services = app.BuildServices(settings);

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CommitteeOptions>>().Value);
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LinksOptions>>().Value);
    }
}
