//! HTML to text, folding, tokens and stemming.

use crate::rank::text::{fold, html_to_text, stem, tokens};

#[track_caller]
fn check_html(html: &str, expected: &str) {
    assert_eq!(html_to_text(html), expected, "html: {html:?}");
}

#[test]
fn html_becomes_lines_of_plain_text() {
    check_html("<p>Привет,&nbsp;мир</p>", "Привет, мир");
    check_html(
        "<p><strong>Требования:</strong></p><ul><li>Rust</li><li>SQL</li></ul>",
        "Требования:\nRust\nSQL",
    );
    check_html(
        "a &amp; b &lt;c&gt; &quot;d&quot; &#1046; &#x41;",
        "a & b <c> \"d\" Ж A",
    );
    check_html("  много   \n\t пробелов  ", "много пробелов");
    check_html("опыт <3 лет & больше", "опыт <3 лет & больше");
    check_html("x<br/>y<br>z", "x\ny\nz");
    check_html(
        "<style>p{color:red}</style>текст<script>alert(1)</script>",
        "текст",
    );
    check_html("<!-- комментарий -->видно", "видно");
    check_html("&unknown; &#99999999; &#;", "&unknown; \u{FFFD} &#;");
    check_html("<p>обрыв <b", "обрыв");
    check_html("", "");
}

#[test]
fn folding_lowercases_and_merges_yo() {
    assert_eq!(fold("Ёжик ЁЛКА Straße ÄÖ"), "ежик елка straße äö");
    assert_eq!(fold("Учёт"), "учет");
}

#[track_caller]
fn check_tokens(text: &str, expected: &[&str]) {
    assert_eq!(tokens(text), expected, "text: {text:?}");
}

#[test]
fn tech_tokens_stay_whole() {
    check_tokens("C++, C# и .NET", &["c++", "c#", "и", ".net"]);
    check_tokens("Node.js/React.js.", &["node.js", "react.js"]);
    check_tokens("1С:Предприятие и 1C", &["1с", "предприятие", "и", "1с"]);
    check_tokens("k8s, CI/CD", &["k8s", "ci", "cd"]);
    check_tokens("ASP.NET Core 8.0", &["asp.net", "core", "8.0"]);
    check_tokens("Python.Опыт", &["python", "опыт"]);
    check_tokens(
        "C++11 и C#-разработчик",
        &["c", "11", "и", "c#", "разработчик"],
    );
    check_tokens("5+ лет", &["5", "лет"]);
    check_tokens("ПостгреSQL ёЖИК мАма", &["постгреsql", "ежик", "мама"]);
    check_tokens("abcЯ1 x2Y", &["abcя1", "x2y"]);
}

#[track_caller]
fn check_stems(words: &[&str], expected: &str) {
    for word in words {
        assert_eq!(stem(word), expected, "word: {word}");
    }
}

#[test]
fn inflected_forms_share_a_stem() {
    check_stems(
        &[
            "разработчик",
            "разработчика",
            "разработчиков",
            "разработчиками",
        ],
        "разработчик",
    );
    check_stems(
        &["тестирование", "тестирования", "тестированием"],
        "тестирован",
    );
    check_stems(
        &["бухгалтерский", "бухгалтерского", "Бухгалтерскому"],
        "бухгалтерск",
    );
    check_stems(&["учёт", "учета", "учетом"], "учет");
    check_stems(&["машинное", "машинного"], "машин");
    check_stems(&["Москва", "Москве", "Москвы"], "москв");
    check_stems(&["testing", "tests", "test", "tested"], "test");
    check_stems(&["technologies", "technology"], "technolog");
    check_stems(&["programming", "program", "programs"], "program");
    check_stems(&["services", "service"], "service");
}

#[test]
fn short_and_technical_words_are_not_stemmed() {
    assert_eq!(stem("js"), "js");
    assert_eq!(stem("redis"), "redis");
    assert_eq!(stem("c++"), "c++");
    assert_eq!(stem("string"), "string");
    assert_eq!(stem("опыт"), "опыт");
}

#[track_caller]
fn check_same_terms(html: &str) {
    let mut from_html = Vec::new();
    crate::rank::text::scan(html, crate::rank::text::Mode::Html, |term, word| {
        from_html.push((term.hash, term.line_start, word.to_vec()));
    });
    let mut from_text = Vec::new();
    crate::rank::text::scan(
        &html_to_text(html),
        crate::rank::text::Mode::Plain,
        |term, word| {
            from_text.push((term.hash, term.line_start, word.to_vec()));
        },
    );
    assert_eq!(from_html, from_text, "html: {html:?}");
}

#[test]
fn html_and_plain_text_give_the_same_terms() {
    check_same_terms(
        "<p>Опыт с <b>Node.js</b> и C#&nbsp;&mdash; от 3 лет</p><ul><li>CI/CD</li></ul>",
    );
    check_same_terms("<h2>Требования:</h2>\n<ul>\n<li>Ёмкость &amp; k8s</li>\n</ul>");
    check_same_terms("a<br>b &lt;c&gt; <script>x</script> 1C:Бухгалтерия");
    check_same_terms("Ru<b>st</b> раз<i>раб</i>отчик Зна&#1095;ение");
}
