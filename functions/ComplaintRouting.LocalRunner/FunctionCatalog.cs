using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.LocalRunner;

public abstract record FunctionDeclaration(string Name, Type Class, MethodInfo Method);

public sealed record HttpFunction(string Name, Type Class, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel)
    : FunctionDeclaration(Name, Class, Method);

public sealed record QueueFunction(string Name, Type Class, MethodInfo Method, string QueueName) : FunctionDeclaration(Name, Class, Method);

public sealed record TimerFunction(string Name, Type Class, MethodInfo Method, string Schedule) : FunctionDeclaration(Name, Class, Method);

/// <summary>
/// The app's functions as their own attributes declare them — <c>[Function]</c> with its
/// <c>[HttpTrigger]</c>, <c>[QueueTrigger]</c> or <c>[TimerTrigger]</c> — read by reflection, so
/// the local runner serves exactly the routes, queues and schedules the Azure host would.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDeclaration> Read(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Select(m => (Type: t, Method: m, Function: m.GetCustomAttribute<FunctionAttribute>())))
            .Where(x => x.Function is not null)
            .Select(x => Declare(x.Function!.Name, x.Type, x.Method))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();

    private static FunctionDeclaration Declare(string name, Type type, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
                return new HttpFunction(name, type, method, http.Route ?? name, (http.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray(), http.AuthLevel);
            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
                return new QueueFunction(name, type, method, queue.QueueName);
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
                return new TimerFunction(name, type, method, timer.Schedule);
        }
        throw new InvalidOperationException($"Function {name} has a trigger the local runner does not know.");
    }
}
