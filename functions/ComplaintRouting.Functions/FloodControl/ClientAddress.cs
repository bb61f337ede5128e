using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace ComplaintRouting.FloodControl;

/// <summary>
/// Who is asking, as far as flood control can know: the address Azure's front end saw. In Azure
/// the request passes the App Service front end, which appends the caller's address (with its
/// port) as the last <c>X-Forwarded-For</c> hop, then the Functions host, which forwards the
/// request to the worker unchanged (docs/threat-model.md). Every earlier hop is whatever the
/// client wrote and is ignored. An IPv6 address stands for its /64, which one subscriber holds whole.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpRequest request)
    {
        var hops = request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hops.Length > 0 && Parse(hops[^1]) is { } forwarded) return Key(forwarded);
        return request.HttpContext.Connection.RemoteIpAddress is { } remote ? Key(remote) : "unknown";
    }

    /// <summary>An address with or without its port: <c>203.0.113.7</c>, <c>203.0.113.7:50123</c>, <c>2001:db8::1</c>, <c>[2001:db8::1]:50123</c>.</summary>
    private static IPAddress? Parse(string hop) =>
        IPAddress.TryParse(hop, out var address) ? address : IPEndPoint.TryParse(hop, out var endPoint) ? endPoint.Address : null;

    private static string Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
