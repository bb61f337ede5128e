using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Build().Run();

namespace ComplaintRouting.RefusedApp
{
    public sealed class RefusedFunctions
    {
        /// <summary>The mistake of the last round: management under admin/, which the host keeps for itself.</summary>
        [Function("ListCases")]
        public IActionResult List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/cases")] HttpRequest req) => new OkResult();

        /// <summary>Loads fine: the runner must not refuse the whole app for the wrong reason.</summary>
        [Function("Health")]
        public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) => new OkResult();

        [Function("ChaseSweep")]
        public void Chase([TimerTrigger("%Schedules:NobodySetThis%")] TimerInfo timer) { }
    }
}
