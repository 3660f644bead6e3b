using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QanDu.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssistantForCustomers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HandOffReason",
                table: "Threads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HandedOffAt",
                table: "Threads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Audience",
                table: "KnowledgeArticles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "HelpfulCount",
                table: "KnowledgeArticles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "UnhelpfulCount",
                table: "KnowledgeArticles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "AssistantFirstReply",
                table: "Channels",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "AssistantHandOffThreshold",
                table: "Channels",
                type: "REAL",
                nullable: false,
                defaultValue: 0.5);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HandOffReason",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "HandedOffAt",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "Audience",
                table: "KnowledgeArticles");

            migrationBuilder.DropColumn(
                name: "HelpfulCount",
                table: "KnowledgeArticles");

            migrationBuilder.DropColumn(
                name: "UnhelpfulCount",
                table: "KnowledgeArticles");

            migrationBuilder.DropColumn(
                name: "AssistantFirstReply",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "AssistantHandOffThreshold",
                table: "Channels");
        }
    }
}
