using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddComplaintRouting(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
