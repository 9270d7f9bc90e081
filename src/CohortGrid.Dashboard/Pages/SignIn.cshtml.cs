using CohortGrid.Dashboard.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CohortGrid.Dashboard.Pages;

/// <summary><c>/signin</c>: the dashboard signs in once with an API key and keeps an HTTP-only cookie.</summary>
[AllowAnonymous]
public sealed class SignInModel : PageModel
{
    [BindProperty]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Key))
        {
            return Refuse("Enter an API key.");
        }

        if (!await DashboardAuthentication.SignInWithKeyAsync(HttpContext, Key.Trim()).ConfigureAwait(false))
        {
            return Refuse("That API key is not valid. Keys start with 'cg_'; the silo prints a generated one at start.");
        }

        // Only local URLs: a crafted link must not bounce a signed-in user to another site.
        return LocalRedirect(ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/");
    }

    private PageResult Refuse(string error)
    {
        Error = error;
        Key = null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
