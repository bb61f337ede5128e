using Microsoft.Extensions.Caching.Memory;

namespace ComplaintRouting.Workspace;

/// <summary>
/// The charts a dashboard just drew, kept a minute for the image requests its page makes right after
/// (<c>/api/workspace/charts/{name}.svg</c>), so those do not read the open-cases summary again. Per
/// person, language and filter; a dashboard view always draws afresh and replaces them, so nothing
/// older than the page that shows it is served. On another instance, or after the minute, the image
/// request draws the chart itself.
/// </summary>
public sealed class DashboardCharts : IDisposable
{
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);
    private readonly MemoryCache _charts = new(new MemoryCacheOptions { SizeLimit = 500 });

    public void Keep(WorkspacePerson person, string lang, string query, IReadOnlyList<Chart> charts) =>
        _charts.Set(Key(person, lang, query), charts, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Kept });

    public IReadOnlyList<Chart>? Find(WorkspacePerson person, string lang, string query) =>
        _charts.TryGetValue(Key(person, lang, query), out IReadOnlyList<Chart>? charts) ? charts : null;

    private static (string, WorkspaceRole, string, string) Key(WorkspacePerson person, string lang, string query) => (person.Email, person.Role, lang, query);

    public void Dispose() => _charts.Dispose();
}
