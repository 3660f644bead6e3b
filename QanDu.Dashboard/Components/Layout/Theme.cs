using MudBlazor;

namespace QanDu.Dashboard.Components.Layout;

internal static class Theme
{
    public static readonly MudTheme Value = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3b5bdb",
            Secondary = "#0b7285",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2937",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1f2937",
            TextSecondary = "#6b7280",
            LinesDefault = "#e5e7eb",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px", AppbarHeight = "52px" },
    };
}
