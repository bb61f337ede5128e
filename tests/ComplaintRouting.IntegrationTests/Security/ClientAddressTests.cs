using System.Net;
using ComplaintRouting.FloodControl;
using Microsoft.AspNetCore.Http;

namespace ComplaintRouting.IntegrationTests.Security;

/// <summary>The client flood control counts: the hop Azure's front end appended, never one the client wrote.</summary>
public class ClientAddressTests
{
    private static string Of(string? forwardedFor, string remote = "127.0.0.1")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return ClientAddress.Of(context.Request);
    }

    [Theory]
    [InlineData("203.0.113.7:50123", "203.0.113.7")]
    [InlineData("198.51.100.1, 10.0.0.1, 203.0.113.7:50123", "203.0.113.7")]
    [InlineData("forged-by-client, 203.0.113.7", "203.0.113.7")]
    [InlineData("[2001:db8:1:2:aaaa:bbbb:cccc:dddd]:443", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::99", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void The_last_hop_counts_without_its_port_and_IPv6_by_its_64(string forwardedFor, string expected) =>
        Assert.Equal(expected, Of(forwardedFor));

    [Fact]
    public void Whatever_a_client_writes_before_the_last_hop_makes_no_other_client()
    {
        Assert.Equal(Of("203.0.113.7:1"), Of("198.51.100.1, 203.0.113.7:2"));
        Assert.Equal(Of("203.0.113.7"), Of("1.1.1.1, 2.2.2.2, 3.3.3.3, 203.0.113.7"));
    }

    [Fact]
    public void Two_addresses_of_one_IPv6_subscriber_are_one_client_and_another_64_is_another()
    {
        Assert.Equal(Of("2001:db8:1:2::1"), Of("2001:db8:1:2:ffff::1"));
        Assert.NotEqual(Of("2001:db8:1:2::1"), Of("2001:db8:1:3::1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an address")]
    public void Without_a_usable_hop_the_connection_counts(string? forwardedFor) =>
        Assert.Equal("192.0.2.44", Of(forwardedFor, "192.0.2.44"));
}
