using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QanDu.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddMessageVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "Messages");
        }
    }
}
