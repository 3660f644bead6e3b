namespace QanDu.Dashboard.Features.Knowledge;

internal static partial class KnowledgeText
{
    // Words that carry no topic: a question's "how do I ..." must not outweigh its subject. English, German, Spanish
    // (the languages the demo knowledge base is written in), kept short on purpose.
    internal static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
        "before", "being", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "don", "done", "each", "else",
        "even", "ever", "for", "from", "get", "gets", "getting", "got", "had", "has", "have", "having", "he", "hello", "her",
        "here", "hey", "hi", "him", "his", "how", "i", "if", "im", "in", "into", "is", "it", "its", "ive", "just", "know",
        "let", "like", "me", "might", "more", "most", "much", "must", "my", "need", "needs", "no", "not", "now", "of", "off",
        "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "out", "over", "please", "possible", "pls", "really",
        "should", "so", "some", "still", "such", "than", "thank", "thanks", "that", "the", "their", "them", "then", "there",
        "these", "they", "thing", "this", "those", "to", "too", "up", "us", "very", "via", "want", "wanted", "was", "way",
        "we", "were", "what", "whats", "when", "where", "which", "while", "who", "why", "will", "with", "would", "yes", "yet",
        "you", "your", "s", "t", "ll", "re", "ve", "d", "m",
        // General filler verbs and pronouns of questions (from the SMART stop list): they name no topic.
        "able", "already", "anything", "came", "come", "comes", "currently", "everything", "give", "go", "goes", "going",
        "keep", "make", "many", "new", "nothing", "put", "right", "said", "say", "says", "see", "something", "take",
        "today", "use", "used", "whole", "won", "wont", "cant", "didnt", "doesnt", "isnt",
        // German
        "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bitte", "da", "das", "dass", "dem", "den",
        "der", "des", "die", "doch", "du", "ein", "eine", "einen", "einer", "es", "für", "habe", "hallo", "hat", "ich",
        "ihr", "im", "ist", "kann", "mein", "meine", "meinen", "mich", "mir", "mit", "muss", "nicht", "noch", "nur", "oder",
        "sie", "sind", "so", "und", "uns", "von", "vor", "wie", "wir", "wo", "zu", "zum", "zur",
        // Spanish
        "al", "como", "con", "cómo", "de", "del", "el", "en", "es", "esta", "está", "hola", "la", "las", "lo", "los", "me",
        "mi", "mis", "no", "para", "pero", "por", "puedo", "que", "qué", "se", "si", "sin", "su", "sus", "un", "una", "y", "yo",
    };
}
