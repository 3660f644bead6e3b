using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QanDu.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class SupervisionAndReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConversationActivity",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ThreadId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: true),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    MessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    Value = table.Column<int>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationActivity", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConversationActivity_Threads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PresenceChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PresenceChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SlaPolicies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false, collation: "NOCASE"),
                    Priority = table.Column<int>(type: "INTEGER", nullable: true),
                    LabelId = table.Column<long>(type: "INTEGER", nullable: true),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: true),
                    FirstResponseMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    NextResponseMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    ResolutionMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    BusinessHoursOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaPolicies_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SlaPolicies_Labels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "Labels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationActivity_Kind_At",
                table: "ConversationActivity",
                columns: new[] { "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationActivity_MessageId",
                table: "ConversationActivity",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_ConversationActivity_ThreadId_At",
                table: "ConversationActivity",
                columns: new[] { "ThreadId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PresenceChanges_At",
                table: "PresenceChanges",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_PresenceChanges_UserId_At",
                table: "PresenceChanges",
                columns: new[] { "UserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicies_ChannelId",
                table: "SlaPolicies",
                column: "ChannelId");

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicies_LabelId",
                table: "SlaPolicies",
                column: "LabelId");

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicies_Name",
                table: "SlaPolicies",
                column: "Name",
                unique: true);
            // The log starts with what an existing database already knows, so reports cover conversations from before it:
            // creation, each message of the customer, a person or the assistant, the current resolve, hand-off and rating.
            // (Reopens and assignments before today were not recorded anywhere and stay unknown.)
            migrationBuilder.Sql("""
                INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
                SELECT Id, 0, CreatedAt, NULL, ChannelId, TeamId, NULL, NULL, NULL FROM Threads WHERE ContactId IS NOT NULL;
                INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
                SELECT t.Id, CASE WHEN m.SenderType = 1 THEN 3 WHEN m.SenderId = c.UserId THEN 1 ELSE 2 END, m.Timestamp,
                       CASE WHEN m.SenderType = 1 OR m.SenderId = c.UserId THEN NULL ELSE m.SenderId END, t.ChannelId, t.TeamId, m.Id, NULL, NULL
                FROM Messages m JOIN Threads t ON t.Id = m.ThreadId JOIN Contacts c ON c.Id = t.ContactId
                WHERE m.Type <> 3 AND m.IsPrivate = 0 AND m.SenderType IN (0, 1) AND m.DeletedAt IS NULL;
                INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
                SELECT Id, 7, HandedOffAt, NULL, ChannelId, TeamId, NULL, NULL, HandOffReason FROM Threads WHERE ContactId IS NOT NULL AND HandedOffAt IS NOT NULL;
                INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
                SELECT Id, 4, ResolvedAt, AssigneeId, ChannelId, TeamId, NULL, NULL, NULL FROM Threads WHERE ContactId IS NOT NULL AND Status = 1 AND ResolvedAt IS NOT NULL;
                INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
                SELECT Id, 8, RatedAt, AssigneeId, ChannelId, TeamId, NULL, Rating, NULL FROM Threads WHERE ContactId IS NOT NULL AND Rating IS NOT NULL AND RatedAt IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConversationActivity");

            migrationBuilder.DropTable(
                name: "PresenceChanges");

            migrationBuilder.DropTable(
                name: "SlaPolicies");
        }
    }
}
