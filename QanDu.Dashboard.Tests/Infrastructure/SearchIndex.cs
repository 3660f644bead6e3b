using Microsoft.EntityFrameworkCore;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>What the full-text indexes behind search hold, read directly (whoever could see the threads).</summary>
public static class SearchIndex
{
    /// <summary>Messages whose text or file names hold <paramref name="word"/>, in the word index and the trigram index.</summary>
    public static Task<int> MessagesWithAsync(DashboardFactory factory, string word) =>
        factory.QueryAsync(async db =>
            await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM MessageSearchWords WHERE MessageSearchWords MATCH {Quoted(word)}").SingleAsync()
            + await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM MessageSearchTrigrams WHERE MessageSearchTrigrams MATCH {Quoted(word)}").SingleAsync());

    /// <summary>Contacts whose name, email, phone, company or identifier hold <paramref name="word"/>.</summary>
    public static Task<int> ContactsWithAsync(DashboardFactory factory, string word) =>
        factory.QueryAsync(db =>
            db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM ContactSearch WHERE ContactSearch MATCH {Quoted(word)}").SingleAsync());

    private static string Quoted(string word) => "\"" + word.Replace("\"", "\"\"") + "\"";
}
