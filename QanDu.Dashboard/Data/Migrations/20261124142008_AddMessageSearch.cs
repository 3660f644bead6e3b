using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QanDu.Dashboard.Data.Migrations
{
    /// <summary>
    /// Full-text search over message text and attachment names: a word index (unicode61, for words, phrases and
    /// prefixes) and a trigram index (for substrings of 3+ characters), both kept in sync by triggers.
    /// A deleted message (tombstone) leaves both indexes.
    /// </summary>
    public partial class AddMessageSearch : Migration
    {
        private static readonly string[] Tables = ["MessageSearchWords", "MessageSearchTrigrams"];

        private const string FileNames = "COALESCE((SELECT group_concat(a.Name, ' ') FROM Attachments a WHERE a.MessageId = {0}), '')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE VIRTUAL TABLE MessageSearchWords USING fts5(Content, Files, tokenize = 'unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE MessageSearchTrigrams USING fts5(Content, Files, tokenize = 'trigram');");
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    INSERT INTO {table}(rowid, Content, Files)
                    SELECT m.Id, m.Content, {string.Format(FileNames, "m.Id")} FROM Messages m WHERE m.DeletedAt IS NULL;
                    """);
            }
            migrationBuilder.Sql($"""
                CREATE TRIGGER Messages_Search_Insert AFTER INSERT ON Messages WHEN new.DeletedAt IS NULL BEGIN
                    {Each("INSERT INTO {0}(rowid, Content, Files) VALUES (new.Id, new.Content, " + string.Format(FileNames, "new.Id") + ");")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Messages_Search_Update AFTER UPDATE OF Content, DeletedAt ON Messages BEGIN
                    {Each("DELETE FROM {0} WHERE rowid = old.Id;")}
                    {Each("INSERT INTO {0}(rowid, Content, Files) SELECT new.Id, new.Content, " + string.Format(FileNames, "new.Id") + " WHERE new.DeletedAt IS NULL;")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Messages_Search_Delete AFTER DELETE ON Messages BEGIN
                    {Each("DELETE FROM {0} WHERE rowid = old.Id;")}
                END;
                """);
            foreach (var (name, row) in new[] { ("Insert", "new"), ("Delete", "old") })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER Attachments_Search_{name} AFTER {name.ToUpperInvariant()} ON Attachments BEGIN
                        {Each("UPDATE {0} SET Files = " + string.Format(FileNames, row + ".MessageId") + " WHERE rowid = " + row + ".MessageId;")}
                    END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "Messages_Search_Insert", "Messages_Search_Update", "Messages_Search_Delete", "Attachments_Search_Insert", "Attachments_Search_Delete" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            foreach (var table in Tables)
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }

        private static string Each(string statement) => string.Join("\n", Tables.Select(t => string.Format(statement, t)));
    }
}
