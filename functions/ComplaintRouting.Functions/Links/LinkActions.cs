using System.Text.Json;
using ComplaintRouting.Cases;
using ComplaintRouting.Http;
using ComplaintRouting.Intake;
using ComplaintRouting.Parties;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ComplaintRouting.Links;

/// <summary>
/// The one way an action on a case runs, behind a capability link or in the workspace: open the
/// case through its <see cref="CaseDoor"/> for the action (404/410/403 otherwise, revealing nothing), read and check the body when the action takes one (400
/// naming each field), let the aggregate decide through <see cref="CaseCommands"/> (409 when it
/// refuses; the mails that follow come from the consequence policy), and answer JSON to an API
/// client or a confirmation page in the form's language. A function names its route, its door,
/// its fields and the aggregate's method, and nothing else.
/// </summary>
public sealed class LinkActions(CaseCommands commands)
{
    public delegate CaseResult Act<in T>(StoredCase stored, LinkParty actor, T input, DateTimeOffset now);

    /// <summary>Reads an action's input from its body (and, where it must, from the case or the directory); errors name the fields.</summary>
    public delegate Task<(T? Input, List<FieldError> Errors)> Read<T>(JsonElement body, StoredCase stored, CancellationToken cancellationToken);

    /// <summary>An action without a body; <paramref name="prepare"/> looks up what the aggregate needs besides the case.</summary>
    public async Task<IActionResult> RunAsync<T>(HttpRequest req, CaseDoor door, PartyAction action, string confirmationKey,
        Func<StoredCase, CancellationToken, Task<T>> prepare, Act<T> act, CancellationToken cancellationToken)
    {
        var (stored, link, refusal) = await door(action, cancellationToken);
        if (refusal is not null) return refusal;
        var input = await prepare(stored!, cancellationToken);
        return await DecideAsync(req, stored!, link!, input, act, confirmationKey, cancellationToken);
    }

    public Task<IActionResult> RunAsync(HttpRequest req, CaseDoor door, PartyAction action, string confirmationKey,
        Func<StoredCase, DateTimeOffset, CaseResult> act, CancellationToken cancellationToken) =>
        RunAsync(req, door, action, confirmationKey, (_, _) => Task.FromResult(true), (s, _, _, now) => act(s, now), cancellationToken);

    /// <summary>An action with a body, read by <paramref name="read"/>.</summary>
    /// <param name="success">The JSON answer's status: 201 for what creates something (a message).</param>
    public async Task<IActionResult> RunAsync<T>(HttpRequest req, CaseDoor door, PartyAction action, string confirmationKey,
        Read<T> read, Act<T> act, CancellationToken cancellationToken, int success = StatusCodes.Status200OK)
    {
        var (stored, link, refusal) = await door(action, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (input, errors) = await read(body.Json!.Value, stored!, cancellationToken);
        if (errors.Count > 0) return ApiResult.Validation(errors);
        return await DecideAsync(req, stored!, link!, input!, act, confirmationKey, cancellationToken, success);
    }

    /// <summary>One required text field of 1 to <paramref name="max"/> characters.</summary>
    public static Read<string> Text(string field, int max) => (body, _, _) => Task.FromResult(CaseAnswers.ReadText(body, field, max));

    /// <summary>A choice among <typeparamref name="TEnum"/>'s API names and a required text.</summary>
    public static Read<(TEnum Choice, string Text)> Choice<TEnum>(string choiceField, string textField) where TEnum : struct, Enum => (body, _, _) =>
    {
        var (choice, text, errors) = CaseAnswers.ReadChoice<TEnum>(body, choiceField, textField);
        return Task.FromResult<((TEnum, string), List<FieldError>)>((errors.Count == 0 ? (choice!.Value, text!) : default, errors));
    };

    private async Task<IActionResult> DecideAsync<T>(HttpRequest req, StoredCase stored, LinkParty link, T input, Act<T> act, string confirmationKey,
        CancellationToken cancellationToken, int success = StatusCodes.Status200OK)
    {
        var result = await commands.ExecuteAsync(stored, (s, now) => Decision.From(act(s, link, input, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, confirmationKey, success);
    }
}
