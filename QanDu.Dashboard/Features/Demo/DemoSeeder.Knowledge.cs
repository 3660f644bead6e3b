using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Demo;

// The demo knowledge base: what a SaaS support team documents, most in English, a few in German and Spanish. What
// customers may read is Public (the help center, answers to customers); the team's own processes stay Internal.
internal sealed partial class DemoSeeder
{
    internal static IReadOnlyList<DemoArticle> DemoArticles() =>
        [.. BillingArticles(), .. AccountArticles(), .. ProductArticles(), .. TranslatedArticles(), .. InternalArticles()];

    /// <summary>Written by the supervisor and the admin, through the same KnowledgeService as the knowledge page.</summary>
    private async Task SeedKnowledgeAsync(Dictionary<string, ChatCaller> people, CancellationToken ct)
    {
        var articles = DemoArticles();
        for (var i = 0; i < articles.Count; i++)
        {
            var article = articles[i];
            var author = people[i % 3 == 0 ? "alex" : "priya"];
            await knowledge.CreateAsync(author, new SaveKnowledgeRequest(article.Title, article.Body, article.Language, article.Tags, Audience: article.Audience), ct: ct);
        }
    }

    internal sealed record DemoArticle(string Title, string Language, string Tags, string Body, KnowledgeAudience Audience = KnowledgeAudience.Public);

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
        new("QanDu Desk Hub: Lieferzeiten und Sendungsverfolgung", "de", "hardware, versand, bestellung", """
            Der QanDu Desk Hub wird innerhalb der EU in **3 bis 5 Werktagen** geliefert, in die Schweiz und nach Großbritannien in 5 bis 8 Werktagen.

            Sobald das Paket unterwegs ist, erhalten Sie eine E-Mail mit der **Sendungsnummer**. Den Status sehen Sie auch unter **Einstellungen → Hardware → Bestellungen**.

            Ist das Paket nach 10 Werktagen nicht da, schreiben Sie uns mit Ihrer Bestellnummer.
            """),
        new("Zwei-Faktor-Authentifizierung einschalten", "de", "konto, sicherheit, 2fa", """
            Öffnen Sie **Profil → Sicherheit → Zwei-Faktor-Authentifizierung** und scannen Sie den QR-Code mit einer Authenticator-App (zum Beispiel Microsoft Authenticator oder Google Authenticator).

            Geben Sie den sechsstelligen Code aus der App ein, um die Einrichtung abzuschließen. Bewahren Sie die **Wiederherstellungscodes** an einem sicheren Ort auf: Mit ihnen melden Sie sich an, wenn das Telefon verloren geht.
            """),
        new("Devolver un pedido de hardware dañado o equivocado", "es", "hardware, envío, devoluciones", """
            Si su QanDu Desk Hub llegó **dañado** o no es lo que pidió, escríbanos en los **14 días** siguientes a la entrega con el número de pedido y una foto.

            Le enviamos una etiqueta de devolución gratuita. En cuanto recibimos el paquete, enviamos el reemplazo o le devolvemos el importe en **5 a 10 días hábiles**.
            """),
        new("Cambiar la tarjeta o el método de pago", "es", "facturación, pago, tarjeta", """
            El propietario del espacio de trabajo cambia la tarjeta en **Configuración → Facturación → Método de pago**.

            La nueva tarjeta se usa desde el siguiente cobro. Si un pago falló, pulse **Reintentar pago** después de cambiar la tarjeta y el servicio continúa sin interrupción.
            """),
    ];

    /// <summary>How the team works: for staff only, never in the help center or in answers to customers.</summary>
    private static DemoArticle[] InternalArticles() =>
    [
        new("Escalating a case to engineering", "en", "internal, escalation, engineering", """
            Escalate when a bug blocks the customer and you can reproduce it, or when two customers report the same fault within an hour.

            Open an issue on the **ENG board** with the workspace id, steps to reproduce and the conversation link, set the severity, and add the label **escalated** to the conversation. For severity 1 page the on-call engineer; **Priya Raman** signs off every severity 1 before the customer is told a fix date.

            Tell the customer it is with engineering, never promise a date yourself.
            """, KnowledgeAudience.Internal),
        new("Handing over at the end of a shift", "en", "internal, shift, handover", """
            Before you sign off, write a **private note** in every conversation you still own: what the customer needs, what you tried, what is next.

            Unassign the conversations that need a reply today so they return to the queue; keep the ones waiting on the customer. Mention anything unusual in the **#support-shift** channel so the next shift reads it first.
            """, KnowledgeAudience.Internal),
    ];
}
