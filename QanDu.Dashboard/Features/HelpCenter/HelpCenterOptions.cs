using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.HelpCenter;

/// <summary>The public help center (section <c>HelpCenter</c>, docs/configuration.md).</summary>
public sealed class HelpCenterOptions
{
    public const string Section = "HelpCenter";

    /// <summary>The name at the top of every help-center page; left out, the first website channel's name.</summary>
    [StringLength(100, ErrorMessage = "HelpCenter:Name is at most 100 characters (docs/configuration.md).")]
    public string? Name { get; set; }
}
