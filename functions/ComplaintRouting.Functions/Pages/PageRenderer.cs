using ComplaintRouting.Http;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplaintRouting.Pages;

/// <summary>
/// Renders a page or mail component to HTML with <see cref="HtmlRenderer"/> (Razor encodes every
/// value it writes; nothing here takes markup as a string). One renderer per render: a renderer
/// keeps every root component it rendered until it is disposed, so a long-lived one would grow.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    /// <summary>The headers of every page behind a capability link: no script, no inline style, no framing, no referrer.</summary>
    public const string LinkCsp = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The workspace's pages also show their charts, as images of the app's own.</summary>
    public const string WorkspaceCsp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// A renderer for callers that have no container (the static link pages, <c>MailBody.Render</c>):
    /// the components need no services.
    /// </summary>
    public static PageRenderer Detached { get; } = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>
    /// For synchronous callers. Every component here renders without awaiting anything, and a fresh
    /// renderer's dispatcher runs the work inline, so the task is complete when it returns.
    /// </summary>
    public string Render<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        var render = RenderAsync<TComponent>(parameters);
        if (!render.IsCompleted) throw new InvalidOperationException($"{typeof(TComponent).Name} did not render synchronously; call RenderAsync.");
        return render.GetAwaiter().GetResult();
    }

    public async Task<ApiResult> LinkPageAsync<TComponent>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK) where TComponent : IComponent =>
        LinkResult(await RenderAsync<TComponent>(parameters), status);

    /// <summary>A page of the signed-in workspace: a link page that may show the app's own images, never cached.</summary>
    public async Task<ApiResult> WorkspacePageAsync<TComponent>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK) where TComponent : IComponent =>
        ApiResult.Html(await RenderAsync<TComponent>(parameters), status, new Dictionary<string, string>
        {
            ["Content-Security-Policy"] = WorkspaceCsp,
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
            ["Cache-Control"] = "no-store",
        });

    public ApiResult LinkPage<TComponent>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK) where TComponent : IComponent =>
        LinkResult(Render<TComponent>(parameters), status);

    private static ApiResult LinkResult(string html, int status) => ApiResult.Html(html, status, new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = LinkCsp,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
    });
}
