using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QanDu.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddCustomerChannel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChannelId",
                table: "Threads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ContactId",
                table: "Threads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstReplyAt",
                table: "Threads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreviousThreadId",
                table: "Threads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RatedAt",
                table: "Threads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Rating",
                table: "Threads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RatingComment",
                table: "Threads",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolvedAt",
                table: "Threads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SnoozedUntil",
                table: "Threads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsPrivate",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "MaxOpenConversations",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CannedResponses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShortCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false, collation: "NOCASE"),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CannedResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CannedResponses_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Channels",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false, collation: "NOCASE"),
                    WebsiteToken = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AllowedOrigins = table.Column<string>(type: "TEXT", nullable: false),
                    Greeting = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Color = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Position = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BusinessHours = table.Column<string>(type: "TEXT", nullable: false),
                    AwayMessage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ExpectedReplyTime = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OutsideHours = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PreChatName = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PreChatEmail = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Verification = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IdentitySecret = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    AutoAssign = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReassignAfterOfflineMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ReopenWindowHours = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 24),
                    LastAssignedUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Channels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Channels_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Contacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true, collation: "NOCASE"),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Company = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Browser = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Os = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    LastPageUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    LastPageTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MergedIntoId = table.Column<long>(type: "INTEGER", nullable: true),
                    MergedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Contacts_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Contacts_Contacts_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ContactNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContactNotes_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitorTokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitorTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitorTokens_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VisitorTokens_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_ChannelId",
                table: "Threads",
                column: "ChannelId");

            migrationBuilder.CreateIndex(
                name: "IX_Threads_ContactId_UpdatedAt",
                table: "Threads",
                columns: new[] { "ContactId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_PreviousThreadId",
                table: "Threads",
                column: "PreviousThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_Threads_Status_SnoozedUntil",
                table: "Threads",
                columns: new[] { "Status", "SnoozedUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_CannedResponses_OwnerId_ShortCode",
                table: "CannedResponses",
                columns: new[] { "OwnerId", "ShortCode" },
                unique: true,
                filter: "OwnerId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CannedResponses_ShortCode",
                table: "CannedResponses",
                column: "ShortCode",
                unique: true,
                filter: "OwnerId IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Channels_Name",
                table: "Channels",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Channels_TeamId",
                table: "Channels",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_Channels_WebsiteToken",
                table: "Channels",
                column: "WebsiteToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContactNotes_ContactId_CreatedAt",
                table: "ContactNotes",
                columns: new[] { "ContactId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_ChannelId_Identifier",
                table: "Contacts",
                columns: new[] { "ChannelId", "Identifier" },
                unique: true,
                filter: "Identifier IS NOT NULL AND MergedIntoId IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Email",
                table: "Contacts",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_LastSeenAt",
                table: "Contacts",
                column: "LastSeenAt");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_MergedIntoId",
                table: "Contacts",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_UserId",
                table: "Contacts",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitorTokens_ChannelId",
                table: "VisitorTokens",
                column: "ChannelId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitorTokens_ContactId",
                table: "VisitorTokens",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitorTokens_TokenHash",
                table: "VisitorTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Threads_Channels_ChannelId",
                table: "Threads",
                column: "ChannelId",
                principalTable: "Channels",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Threads_Contacts_ContactId",
                table: "Threads",
                column: "ContactId",
                principalTable: "Contacts",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Threads_Threads_PreviousThreadId",
                table: "Threads",
                column: "PreviousThreadId",
                principalTable: "Threads",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // Contact search: names, emails, phones, companies and host-site ids, prefix-searchable; a merged-away
            // contact leaves the index (its survivor is the one to find).
            migrationBuilder.Sql("CREATE VIRTUAL TABLE ContactSearch USING fts5(Name, Email, Phone, Company, Identifier, tokenize = 'unicode61 remove_diacritics 2');");
            migrationBuilder.Sql($"""
                CREATE TRIGGER Contacts_Search_Insert AFTER INSERT ON Contacts WHEN new.MergedIntoId IS NULL BEGIN
                    {ContactRow}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Contacts_Search_Update AFTER UPDATE OF Name, Email, Phone, Company, Identifier, MergedIntoId ON Contacts BEGIN
                    DELETE FROM ContactSearch WHERE rowid = old.Id;
                    {ContactRow.Replace(";", " WHERE new.MergedIntoId IS NULL;")}
                END;
                """);
            migrationBuilder.Sql("CREATE TRIGGER Contacts_Search_Delete AFTER DELETE ON Contacts BEGIN DELETE FROM ContactSearch WHERE rowid = old.Id; END;");
        }

        private const string ContactRow =
            "INSERT INTO ContactSearch(rowid, Name, Email, Phone, Company, Identifier) SELECT new.Id, new.Name, new.Email, new.Phone, new.Company, new.Identifier;";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "Contacts_Search_Insert", "Contacts_Search_Update", "Contacts_Search_Delete" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ContactSearch;");
            migrationBuilder.DropForeignKey(
                name: "FK_Threads_Channels_ChannelId",
                table: "Threads");

            migrationBuilder.DropForeignKey(
                name: "FK_Threads_Contacts_ContactId",
                table: "Threads");

            migrationBuilder.DropForeignKey(
                name: "FK_Threads_Threads_PreviousThreadId",
                table: "Threads");

            migrationBuilder.DropTable(
                name: "CannedResponses");

            migrationBuilder.DropTable(
                name: "ContactNotes");

            migrationBuilder.DropTable(
                name: "VisitorTokens");

            migrationBuilder.DropTable(
                name: "Contacts");

            migrationBuilder.DropTable(
                name: "Channels");

            migrationBuilder.DropIndex(
                name: "IX_Threads_ChannelId",
                table: "Threads");

            migrationBuilder.DropIndex(
                name: "IX_Threads_ContactId_UpdatedAt",
                table: "Threads");

            migrationBuilder.DropIndex(
                name: "IX_Threads_PreviousThreadId",
                table: "Threads");

            migrationBuilder.DropIndex(
                name: "IX_Threads_Status_SnoozedUntil",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "ChannelId",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "ContactId",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "FirstReplyAt",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "PreviousThreadId",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "RatedAt",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "Rating",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "RatingComment",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "SnoozedUntil",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "IsPrivate",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "MaxOpenConversations",
                table: "AspNetUsers");
        }
    }
}
