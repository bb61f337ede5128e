using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// Calls a function method the way the isolated worker binds it: a new instance per invocation
/// from DI, the trigger value, route values by parameter name, and the cancellation token.
/// </summary>
public static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(IServiceProvider services, FunctionDeclaration function, object? trigger,
        Func<ParameterInfo, object?>? bind, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Class);
        var args = function.Method.GetParameters().Select(p =>
            p.ParameterType == typeof(CancellationToken) ? cancellationToken
            : IsTrigger(p) ? trigger
            : bind?.Invoke(p)).ToArray();
        try
        {
            var result = function.Method.Invoke(instance, args);
            if (result is not Task task) return result;
            await task;
            return task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }

    /// <summary>Runs an HTTP function for a request and writes its result.</summary>
    public static async Task InvokeHttpAsync(IServiceProvider services, HttpFunction function, HttpContext context)
    {
        var routeValues = context.GetRouteData().Values;
        var result = await InvokeAsync(services, function, context.Request,
            p => routeValues.TryGetValue(p.Name!, out var value) ? value?.ToString() : null, context.RequestAborted);
        if (result is IActionResult action)
            await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private static bool IsTrigger(ParameterInfo p) =>
        p.GetCustomAttribute<HttpTriggerAttribute>() is not null ||
        p.GetCustomAttribute<QueueTriggerAttribute>() is not null ||
        p.GetCustomAttribute<TimerTriggerAttribute>() is not null;
}
