using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Data;

internal sealed class HealthProbeConfiguration : IEntityTypeConfiguration<HealthProbe>
{
    public void Configure(EntityTypeBuilder<HealthProbe> e)
    {
        e.ToTable("HealthProbes");
        e.Property(p => p.Id).ValueGeneratedNever();
    }
}
