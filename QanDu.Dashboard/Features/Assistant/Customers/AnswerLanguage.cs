using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Assistant.Customers;

/// <summary>
/// The fixed phrase that says, in the customer's language, that no article exists in it and the closest one follows:
/// one per language the language detector knows. The article's language is named in the customer's language.
/// </summary>
internal static class AnswerLanguage
{
    private static readonly Dictionary<string, (string Phrase, string English)> Phrases = new()
    {
        ["en"] = ("I could not find this in English; here is the closest article in {0}:", "English"),
        ["de"] = ("Dazu habe ich nichts auf Deutsch gefunden; hier ist der passendste Artikel auf {0}:", "Englisch"),
        ["es"] = ("No encontré esto en español; este es el artículo más cercano en {0}:", "inglés"),
        ["fr"] = ("Je n'ai rien trouvé à ce sujet en français ; voici l'article le plus proche en {0} :", "anglais"),
        ["it"] = ("Non ho trovato nulla in italiano; ecco l'articolo più vicino in {0}:", "inglese"),
        ["pt"] = ("Não encontrei isto em português; aqui está o artigo mais próximo em {0}:", "inglês"),
        ["nl"] = ("Ik heb dit niet in het Nederlands gevonden; hier is het dichtstbijzijnde artikel in het {0}:", "Engels"),
        ["sv"] = ("Jag hittade inte detta på svenska; här är den närmaste artikeln på {0}:", "engelska"),
        ["da"] = ("Jeg kunne ikke finde dette på dansk; her er den nærmeste artikel på {0}:", "engelsk"),
        ["fi"] = ("En löytänyt tätä suomeksi; tässä on lähin artikkeli kielellä {0}:", "englanti"),
        ["pl"] = ("Nie znalazłem tego po polsku; oto najbliższy artykuł w języku {0}:", "angielskim"),
        ["tr"] = ("Bunu Türkçe bulamadım; işte {0} dilindeki en yakın makale:", "İngilizce"),
    };

    public static IReadOnlyCollection<string> Languages => Phrases.Keys;

    /// <summary>The phrase for a customer writing in <paramref name="customer"/> given an article in <paramref name="article"/>; null when none is needed or known.</summary>
    public static string? NotInYourLanguage(string? customer, string article)
    {
        if (customer is null || customer == article || !Phrases.TryGetValue(customer, out var entry))
            return null;
        var name = article == "en" ? entry.English : KnowledgeLanguages.NameOf(article);
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, entry.Phrase, name);
    }
}
