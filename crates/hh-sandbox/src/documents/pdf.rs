//! `layout` blocks as a PDF the way hh.ru's download is made: A4 pages, an embedded
//! TrueType font with Cyrillic (a DejaVu Sans subset from `fonts/` beside this crate) as a
//! Type0/Identity-H font with a `ToUnicode` CMap, one text object per line, the dates
//! column written before the job's column, skill tags on grey boxes, a footer on every
//! page, and compressed content streams.

use std::collections::BTreeMap;
use std::io::Write as _;

use pdf_writer::types::UnicodeCmap;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::layout::Block;

/// DejaVu Sans, Latin and Cyrillic only (see `fonts/README.md`).
pub const FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans-subset.ttf");

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const LEFT: f32 = 40.0;
const MAIN: f32 = 165.0;
const RIGHT_EDGE: f32 = 555.0;
const TOP: f32 = 800.0;
const BOTTOM: f32 = 60.0;
const BODY: f32 = 10.0;
const TAG_GAP: f32 = 14.0;

struct Writer<'f> {
    face: ttf_parser::Face<'f>,
    pages: Vec<Vec<u8>>,
    page: Content,
    y: f32,
    /// Glyph ids used, with the character each shows and its width (1/1000 em).
    glyphs: BTreeMap<u16, (char, f32)>,
    footer: String,
}

impl Writer<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let em = f32::from(self.face.units_per_em());
        text.chars()
            .map(|c| {
                let glyph = self.face.glyph_index(c).unwrap_or_default();
                f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / em * size
            })
            .sum()
    }

    /// Draws one line of text at `(x, y)`.
    fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        let em = f32::from(self.face.units_per_em());
        let mut encoded = Vec::new();
        for c in text.chars() {
            let glyph = self.face.glyph_index(c).unwrap_or_default();
            let width = f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / em * 1000.0;
            self.glyphs.entry(glyph.0).or_insert((c, width));
            encoded.extend_from_slice(&glyph.0.to_be_bytes());
        }
        self.page
            .begin_text()
            .set_font(Name(b"F1"), size)
            .next_line(x, y)
            .show(Str(&encoded))
            .end_text();
    }

    /// Words of `text` in lines no wider than `width`.
    fn wrap(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if !line.is_empty() && self.width(&candidate, size) > width {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_owned();
                } else {
                    line = candidate;
                }
            }
            if !line.is_empty() {
                lines.push(line);
            }
        }
        lines
    }

    fn new_page(&mut self) {
        let footer = self.footer.clone();
        self.text(LEFT, 30.0, 8.0, &footer);
        let page = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(page.finish().into_vec());
        self.y = TOP;
    }

    /// Moves down by `height`, starting a new page when it does not fit.
    fn down(&mut self, height: f32) -> f32 {
        if self.y - height < BOTTOM {
            self.new_page();
        }
        self.y -= height;
        self.y
    }

    fn paragraph(&mut self, x: f32, size: f32, text: &str) {
        for line in self.wrap(text, RIGHT_EDGE - x, size) {
            let y = self.down(size * 1.4);
            self.text(x, y, size, &line);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Name(name) => self.paragraph(LEFT, 16.0, name),
            Block::Line(line) => self.paragraph(LEFT, BODY, line),
            Block::Heading(heading) => {
                self.down(10.0);
                let y = self.down(13.0 * 1.4);
                self.text(LEFT, y, 13.0, heading);
                self.page
                    .set_fill_gray(0.6)
                    .rect(LEFT, y - 4.0, RIGHT_EDGE - LEFT, 0.5)
                    .fill_nonzero()
                    .set_fill_gray(0.0);
                self.down(4.0);
            }
            Block::Columns(left, right) => {
                self.down(4.0);
                if self.y - 3.0 * BODY * 1.4 < BOTTOM {
                    self.new_page();
                }
                let top = self.y;
                for line in left {
                    let y = self.down(9.0 * 1.4);
                    self.text(LEFT, y, 9.0, line);
                }
                let left_end = self.y;
                self.y = top;
                for line in right {
                    self.paragraph(MAIN, BODY, line);
                }
                self.y = self.y.min(left_end);
            }
            Block::Tags(label, tags) => {
                self.down(4.0);
                let mut y = self.down(BODY * 1.8);
                self.text(LEFT, y, 9.0, label);
                let mut x = MAIN;
                for tag in tags {
                    let width = self.width(tag, BODY);
                    if x + width > RIGHT_EDGE && x > MAIN {
                        x = MAIN;
                        y = self.down(BODY * 1.8);
                    }
                    self.page
                        .set_fill_gray(0.9)
                        .rect(x - 3.0, y - 3.0, width + 6.0, BODY + 4.0)
                        .fill_nonzero()
                        .set_fill_gray(0.0);
                    self.text(x, y, BODY, tag);
                    x += width + TAG_GAP;
                }
            }
        }
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// The blocks as a PDF; `footer` is repeated at the foot of every page.
pub fn to_pdf(blocks: &[Block], footer: &str) -> Vec<u8> {
    let face = ttf_parser::Face::parse(FONT, 0).expect("the fixture font parses");
    let mut writer = Writer {
        face,
        pages: Vec::new(),
        page: Content::new(),
        y: TOP,
        glyphs: BTreeMap::new(),
        footer: footer.to_owned(),
    };
    for block in blocks {
        writer.block(block);
    }
    writer.new_page();
    assemble(&writer.pages, &writer.glyphs)
}

/// The PDF objects: catalog, pages, the font and the content streams.
fn assemble(pages: &[Vec<u8>], glyphs: &BTreeMap<u16, (char, f32)>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.set_file_id((b"hh-agent-resume".to_vec(), b"hh-agent-resume".to_vec()));
    let (catalog, tree, font, cid_font, descriptor, file, cmap) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
    );
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(10 + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    for (index, content) in pages.iter().enumerate() {
        let content_id = Ref::new(11 + 2 * index as i32);
        let mut page = pdf.page(page_ids[index]);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), font);
        page.finish();
        pdf.stream(content_id, &deflate(content))
            .filter(Filter::FlateDecode);
    }
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(font)
        .base_font(Name(b"AAAAAA+DejaVuSans"))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(cmap);
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(b"AAAAAA+DejaVuSans"))
        .system_info(info)
        .font_descriptor(descriptor)
        .default_width(600.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut widths = cid.widths();
    for (glyph, (_, width)) in glyphs {
        widths.consecutive(*glyph, [*width]);
    }
    widths.finish();
    cid.finish();
    pdf.font_descriptor(descriptor)
        .name(Name(b"AAAAAA+DejaVuSans"))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(-1021.0, -463.0, 1793.0, 1232.0))
        .italic_angle(0.0)
        .ascent(928.0)
        .descent(-236.0)
        .cap_height(729.0)
        .stem_v(80.0)
        .font_file2(file);
    let compressed_font = deflate(FONT);
    pdf.stream(file, &compressed_font)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), FONT.len() as i32);
    let mut unicode = UnicodeCmap::new(Name(b"Custom"), info);
    for (glyph, (c, _)) in glyphs {
        unicode.pair(*glyph, *c);
    }
    let unicode = unicode.finish();
    pdf.cmap(cmap, &unicode);
    pdf.finish()
}
