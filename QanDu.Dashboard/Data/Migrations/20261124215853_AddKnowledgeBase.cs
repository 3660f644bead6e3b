using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QanDu.Dashboard.Data.Migrations
{
    /// <summary>
    /// Knowledge-base articles, and a full-text index over title, body and tags (porter stemming over unicode61, so
    /// "refunds" finds "refund") kept in sync by triggers. Status is filtered at query time, so the index holds all.
    /// </summary>
    public partial class AddKnowledgeBase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KnowledgeArticles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceMessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedById = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeArticles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeArticles_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_KnowledgeArticles_AspNetUsers_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_KnowledgeArticles_Messages_SourceMessageId",
                        column: x => x.SourceMessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeArticles_CreatedById",
                table: "KnowledgeArticles",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeArticles_SourceMessageId",
                table: "KnowledgeArticles",
                column: "SourceMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeArticles_Status_UpdatedAt",
                table: "KnowledgeArticles",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeArticles_UpdatedById",
                table: "KnowledgeArticles",
                column: "UpdatedById");

            migrationBuilder.Sql("CREATE VIRTUAL TABLE KnowledgeSearch USING fts5(Title, Body, Tags, tokenize = 'porter unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("""
                CREATE TRIGGER KnowledgeArticles_Search_Insert AFTER INSERT ON KnowledgeArticles BEGIN
                    INSERT INTO KnowledgeSearch(rowid, Title, Body, Tags) VALUES (new.Id, new.Title, new.Body, COALESCE(new.Tags, ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER KnowledgeArticles_Search_Update AFTER UPDATE OF Title, Body, Tags ON KnowledgeArticles BEGIN
                    DELETE FROM KnowledgeSearch WHERE rowid = old.Id;
                    INSERT INTO KnowledgeSearch(rowid, Title, Body, Tags) VALUES (new.Id, new.Title, new.Body, COALESCE(new.Tags, ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER KnowledgeArticles_Search_Delete AFTER DELETE ON KnowledgeArticles BEGIN
                    DELETE FROM KnowledgeSearch WHERE rowid = old.Id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "KnowledgeArticles_Search_Insert", "KnowledgeArticles_Search_Update", "KnowledgeArticles_Search_Delete" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            migrationBuilder.Sql("DROP TABLE IF EXISTS KnowledgeSearch;");
            migrationBuilder.DropTable(
                name: "KnowledgeArticles");
        }
    }
}
