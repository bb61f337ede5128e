using ComplaintRouting.LocalRunner;
using ComplaintRouting.LocalRunner.Worker;

LocalRunnerHost host;
try
{
    host = await LocalRunnerHost.StartAsync(args);
}
catch (HostRefusedException refused)
{
    Console.Error.WriteLine(refused.Message);
    return 2;
}
await using (host)
{
    Console.WriteLine($"""

        ComplaintRouting is running locally at {host.BaseUrl} (worker process {host.WorkerProcessId})
          form:           {host.BaseUrl}/api/form
          captured mail:  {(host.Mail is null ? "(sent to the configured SendGrid host)" : $"{host.BaseUrl}/dev/mail")}
          management key: x-functions-key: {host.FunctionKey}

        Functions (as the worker reported them):
        {string.Concat(host.Functions.Select(f => $"{Environment.NewLine}      {Describe(f)}"))}

        Press Ctrl+C to stop.
        """);
    await host.WaitForShutdownAsync();
}
return 0;

static string Describe(FunctionDeclaration f) => f switch
{
    HttpFunction h => $"{h.Name,-26} {(h.Methods.Count == 0 ? "ANY" : string.Join(",", h.Methods)),-12} /api/{h.Route} ({h.AuthLevel})",
    QueueFunction q => $"{q.Name,-26} {"queue",-12} {q.QueueName}",
    TimerFunction t => $"{t.Name,-26} {"timer",-12} {t.Schedule}",
    _ => f.Name,
};
