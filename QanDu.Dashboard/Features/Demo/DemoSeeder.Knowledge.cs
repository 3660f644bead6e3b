using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Demo;

// The demo knowledge base: what a SaaS support team documents, most in English, a few in German and Spanish.
internal sealed partial class DemoSeeder
{
    internal static IReadOnlyList<DemoArticle> DemoArticles() =>
        [.. BillingArticles(), .. AccountArticles(), .. ProductArticles(), .. TranslatedArticles()];

    /// <summary>Written by the supervisor and the admin, through the same KnowledgeService as the knowledge page.</summary>
    private async Task SeedKnowledgeAsync(Dictionary<string, ChatCaller> people, CancellationToken ct)
    {
        var articles = DemoArticles();
        for (var i = 0; i < articles.Count; i++)
        {
            var article = articles[i];
            var author = people[i % 3 == 0 ? "alex" : "priya"];
            await knowledge.CreateAsync(author, new SaveKnowledgeRequest(article.Title, article.Body, article.Language, article.Tags), ct: ct);
        }
    }

    internal sealed record DemoArticle(string Title, string Language, string Tags, string Body);

    private static DemoArticle[] TranslatedArticles() =>
    [
        new("Passwort vergessen: so setzen Sie es zurück", "de", "konto, passwort, anmeldung", """
            Klicken Sie auf der Anmeldeseite auf **Passwort vergessen?** und geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link zum Zurücksetzen, der **eine Stunde** gültig ist.

            Der Link funktioniert nur einmal. Kommt keine E-Mail an, prüfen Sie den Spam-Ordner.

            Admins sehen Ihr Passwort nicht, können Ihnen aber unter **Einstellungen → Benutzer** einen neuen Link schicken.
            """),
        new("Rechnungen herunterladen und Rechnungsadresse ändern", "de", "abrechnung, rechnung", """
            Alle Rechnungen finden Sie als PDF unter **Einstellungen → Abrechnung → Rechnungen**. Sie werden außerdem am Zahltag an die Rechnungs-E-Mail geschickt.

            Firmenname, Anschrift und USt-IdNr. ändern Sie unter **Einstellungen → Abrechnung → Rechnungsdaten**; die Änderung gilt ab der nächsten Rechnung.

            Eine bereits ausgestellte Rechnung korrigieren wir auf Anfrage durch eine neue Rechnung mit neuer Nummer.
            """),
        new("Cómo solicitar un reembolso", "es", "facturación, reembolso", """
            Reembolsamos cualquier pago de los **últimos 30 días** si QanDu no le convence, sin preguntas.

            Escriba al soporte desde la cuenta del propietario del espacio de trabajo e indique qué pago quiere recuperar. El dinero vuelve a la misma tarjeta en **5 a 10 días hábiles**.

            También enviamos una nota de crédito a su correo de facturación.
            """),
        new("Cancelar la suscripción", "es", "facturación, cancelar, suscripción", """
            El propietario del espacio de trabajo puede cancelar en cualquier momento en **Configuración → Facturación → Cancelar suscripción**.

            La suscripción termina al final del periodo pagado y no se cobra nada más. Durante 30 días después puede reactivarla y todo seguirá allí.
            """),
    ];
}
