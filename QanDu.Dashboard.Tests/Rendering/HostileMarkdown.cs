namespace QanDu.Dashboard.Tests.Rendering;

/// <summary>Inputs an attacker could post as a message; each must render to inert HTML.</summary>
internal static class HostileMarkdown
{
    public static TheoryData<string> Cases => new()
    {
        // Raw HTML, which DisableHtml must turn into visible text.
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<details open ontoggle=alert(1)>",
        "<video poster=javascript:alert(1)>",
        "<img srcset=\"javascript:alert(1)\">",
        "<input type=\"checkbox\" onclick=alert(1)>",
        "<template><script>alert(1)</script></template>",
        "<frameset onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "**bold** <b onmouseover=alert(1)>hover</b>",
        "<div>\n\n*markdown inside* <img src=x onerror=alert(1)> [x](javascript:alert(1))\n\n</div>",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<?xml version=\"1.0\"?><script>alert(1)</script>",
        "\u0000<script>alert(1)</script>",

        // Inline links.
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript:alert(1) \"title\")",
        "[x](<javascript:alert(1)>)",
        "[x](   javascript:alert(1)   )",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](&#0000106;&#0000097;vascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](java&#09;script:alert(1))",
        "[x](java&#10;script:alert(1))",
        "[x](java\u0000script:alert(1))",
        "[x](\u0001javascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](<java\nscript:alert(1)>)",
        "[x](javascript%3Aalert(1))",
        "[x](javascript://%0Aalert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](DATA:text/html,%3Cscript%3Ealert(1)%3C/script%3E)",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "[x](//evil.example/x)",
        "[x](&#x2F;&#x2F;evil.example)",
        "[x](/\\evil.example)",
        "[x](\\\\\\\\evil.example)",
        "[x](/api/threads/1/delete)",
        "[x](https://ok.example/\"onmouseover=\"alert(1))",
        "[x](https://ok.example \"&quot; onclick=&quot;alert(1)\")",
        "**[x](javascript:alert(1))**",

        // Autolinks, angle-bracket and bare.
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html;base64,PHNjcmlwdD4=>",
        "<vbscript:msgbox(1)>",
        "<file:///etc/passwd>",
        "ftp://evil.example/x",
        "javascript:alert(1) and www.ok.example",

        // Reference-style links and definitions.
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x]\n\n[x]: javascript:alert(1) \"title\"",
        "[x][]\n\n[x]: <JaVaScRiPt:alert(1)>",
        "[x][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4=",
        "[r]: &#106;avascript:alert(1)\n\n[r]",
        "[x][r]\n\n[r]: //evil.example",

        // Images, reference images and linked images.
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](vbscript:msgbox(1))",
        "![x](file:///c:/windows/win.ini)",
        "![x](//evil.example/track.png)",
        "![x](/api/account/logout)",
        "![x](x\"onerror=\"alert(1))",
        "![x \"onerror=\"alert(1)](https://ok.example/a.png)",
        "![x](https://ok.example/a.png \"\\\" onerror=\\\"alert(1)\")",
        "![x][img]\n\n[img]: javascript:alert(1)",
        "[![x](javascript:alert(1))](javascript:alert(2))",
        "[![x](https://ok.example/a.png)](javascript:alert(1))",

        // Attribute syntax, which must stay text because generic attributes are not enabled.
        "[x](https://ok.example){onclick=alert(1)}",
        "# Title {onclick=alert(1)}",
        "paragraph\n{: .x onclick=\"alert(1)\"}",
        "*x*{: style=\"background:url(javascript:alert(1))\"}",
        "```js {onclick=alert(1)}\ncode\n```",
        "```\"><img src=x onerror=alert(1)>\ncode\n```",

        // HTML inside code versus outside it.
        "`<a href=\"javascript:alert(1)\">x</a>`",
        "<a href=\"javascript:alert(1)\">x</a> and `<a href=\"javascript:alert(1)\">y</a>`",
        "```html\n<script>alert(1)</script>\n```",
        "    <iframe src=javascript:alert(1)>",

        // Hostile content inside block structures.
        "| a |\n|---|\n| <img src=x onerror=alert(1)> [x](javascript:alert(1)) |",
        "- [x] <input type=text onfocus=alert(1) autofocus>",
        "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    };
}
