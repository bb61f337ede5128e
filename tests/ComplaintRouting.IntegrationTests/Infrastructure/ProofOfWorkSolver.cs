using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplaintRouting.FloodControl;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

/// <summary>What a well-behaved API client does with a 428 challenge (the same search form.js does).</summary>
public static class ProofOfWorkSolver
{
    public static string Solve(string challenge, int bits)
    {
        for (long nonce = 0; ; nonce++)
        {
            var proof = $"{challenge}:{nonce}";
            if (ProofOfWork.LeadingZeroBits(SHA256.HashData(Encoding.ASCII.GetBytes(proof))) >= bits) return proof;
        }
    }

    /// <summary>An HttpClient that answers every 428 challenge by solving it and sending the request again.</summary>
    public static HttpClient Client(string baseUrl) => new(new Handler { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(baseUrl) };

    public sealed class Handler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var response = await base.SendAsync(Copy(request, body), cancellationToken);
            if (response.StatusCode != (HttpStatusCode)428) return response;
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
            var retry = Copy(request, body);
            retry.Headers.Add(ProofOfWork.Header, Solve(problem.GetProperty("challenge").GetString()!, problem.GetProperty("bits").GetInt32()));
            response.Dispose();
            return await base.SendAsync(retry, cancellationToken);
        }

        private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var (name, values) in request.Headers) copy.Headers.TryAddWithoutValidation(name, values);
            if (body is not null)
            {
                copy.Content = new ByteArrayContent(body);
                foreach (var (name, values) in request.Content!.Headers) copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
            return copy;
        }
    }
}
