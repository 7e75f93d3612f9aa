//! `layout` blocks as a DOCX (a zip of WordprocessingML), the way Word and hh.ru's
//! DOCX download build one: paragraphs with runs, the two columns as a table row, skill
//! tags separated by tabs, and the content types and relationships a reader expects.

use std::io::Write as _;

use zip::write::SimpleFileOptions;

use super::layout::Block;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn run(text: &str, bold: bool) -> String {
    let properties = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(
        r#"<w:r>{properties}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

fn paragraph(text: &str, bold: bool) -> String {
    format!("<w:p>{}</w:p>", run(text, bold))
}

fn cell(paragraphs: &str) -> String {
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>"#)
}

fn row(left: &str, right: &str) -> String {
    format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", cell(left), cell(right))
}

/// `word/document.xml` of the blocks.
pub fn document_xml(blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Name(text) | Block::Heading(text) => body.push_str(&paragraph(text, true)),
            Block::Line(text) => body.push_str(&paragraph(text, false)),
            Block::Columns(left, right) => {
                let left: String = left.iter().map(|line| paragraph(line, false)).collect();
                let right: String = right.iter().map(|line| paragraph(line, false)).collect();
                body.push_str(&row(&left, &right));
            }
            Block::Tags(label, tags) => {
                let runs: Vec<String> = tags.iter().map(|tag| run(tag, false)).collect();
                let tags = format!("<w:p>{}</w:p>", runs.join("<w:r><w:tab/></w:r>"));
                body.push_str(&row(&paragraph(label, false), &tags));
            }
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// A DOCX whose `word/document.xml` is `document`.
pub fn docx_with(document: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The blocks as a DOCX.
pub fn to_docx(blocks: &[Block]) -> Vec<u8> {
    docx_with(&document_xml(blocks))
}
