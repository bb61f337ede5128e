using ComplaintRouting.LocalRunner;

await using var host = await LocalRunnerHost.StartAsync(args);
Console.WriteLine($"""

    ComplaintRouting is running locally at {host.BaseUrl}
      form:          {host.BaseUrl}/api/form
      captured mail: {(host.Mail is null ? "(sent to the configured SendGrid host)" : $"{host.BaseUrl}/dev/mail")}
      admin key:     x-functions-key: {host.FunctionKey}

    Functions:
    {string.Concat(host.Functions.Select(f => $"{Environment.NewLine}      {Describe(f)}"))}

    Press Ctrl+C to stop.
    """);
await host.WaitForShutdownAsync();

static string Describe(FunctionDeclaration f) => f switch
{
    HttpFunction h => $"{h.Name,-22} {string.Join(",", h.Methods),-10} /api/{h.Route} ({h.AuthLevel})",
    QueueFunction q => $"{q.Name,-22} queue      {q.QueueName}",
    TimerFunction t => $"{t.Name,-22} timer      {t.Schedule}",
    _ => f.Name,
};
