using Microsoft.AspNetCore.Components.Authorization;

namespace QanDu.Dashboard.Features.Access;

/// <summary>The signed-in user of this circuit, as the services want it.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    private ChatCaller? _caller;

    public async Task<ChatCaller> GetAsync()
    {
        if (_caller is not null)
            return _caller;
        var state = await authentication.GetAuthenticationStateAsync();
        return _caller = ChatCaller.From(state.User);
    }
}
