using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QanDu.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimeZoneDefaultCleared : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Its own migration because SQLite rebuilds the table for the column change after every other step of that
            // migration, so an update there would run while the column still refused NULL. Until now nobody could
            // choose a zone, so "UTC" is the old default, not a choice: times follow the browser again until the person
            // picks a zone on their profile.
            migrationBuilder.Sql("UPDATE AspNetUsers SET TimeZone = NULL WHERE TimeZone = 'UTC';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
