namespace QanDu.Dashboard.Features.Files;

/// <summary>Registers the file services: uploads, attachments and the clean-up of abandoned uploads (called once from <c>Hosting</c>).</summary>
public static class FilesRegistration
{
    public static WebApplicationBuilder AddFiles(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.PendingUploadBytesPerUser >= o.MaxFileBytes,
                "Files:PendingUploadBytesPerUser must be at least Files:MaxFileBytes, or no file of the largest size could be uploaded (README: Files).")
            .ValidateOnStart();
        services.AddSingleton<FileStore>();
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<StoredFileCleanup>();
        services.AddHostedService<UploadCleanup>();
        return builder;
    }
}
