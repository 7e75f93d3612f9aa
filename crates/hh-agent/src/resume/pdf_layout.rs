//! Text of one PDF content stream in reading order: the text-showing operators are
//! followed with the text and graphics state (`cm`, `q`/`Q`, `Tm`, `Td`, `TL`, `Tc`,
//! `Tw`, `Tz`, `Tf`), each piece of text gets a position on the page, and pieces become
//! lines: a new line when the baseline moves or the text goes back left, a space or a tab
//! for a gap (a tab for a wide one, such as between hh.ru's skill tags).
//!
//! Reading order is the stream's order, which is how generators write columns (hh.ru's
//! dates column before the job's column); nothing is re-sorted.

use std::collections::HashMap;

use lopdf::content::Operation;
use lopdf::Object;

use super::pdf_fonts::Font;

/// The most `q` nesting followed.
const MAX_STATE_DEPTH: usize = 64;
/// A gap wider than this many ems is a tab.
const TAB_GAP: f64 = 1.2;
/// A gap wider than this many ems is a space.
const SPACE_GAP: f64 = 0.15;
/// A baseline move larger than this many ems starts a new line.
const LINE_MOVE: f64 = 0.4;

/// An affine transform `[a b c d e f]`, PDF's row-vector convention.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self × other`: first `self`, then `other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a1 * a2 + b1 * c2,
            a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2,
            c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2,
            e1 * b2 + f1 * d2 + f2,
        ])
    }

    fn origin(self) -> (f64, f64) {
        (self.0[4], self.0[5])
    }

    /// How much lengths grow: the square root of the determinant's size.
    fn scale(self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        (a * d - b * c).abs().sqrt()
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let numbers = numbers(operands);
        let values: [f64; 6] = numbers.get(..6)?.try_into().ok()?;
        values
            .iter()
            .all(|v| v.is_finite())
            .then_some(Matrix(values))
    }
}

fn numbers(operands: &[Object]) -> Vec<f64> {
    operands
        .iter()
        .filter_map(|o| o.as_float().ok().map(f64::from))
        .collect()
}

#[derive(Clone)]
struct TextState {
    font: Option<Vec<u8>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
}

/// Lines of text built from positioned pieces.
pub(crate) struct Lines {
    out: String,
    /// The current line's baseline and where its last piece ended, in page space.
    line: Option<(f64, f64)>,
}

impl Lines {
    pub(crate) fn new() -> Lines {
        Lines {
            out: String::new(),
            line: None,
        }
    }

    /// Ends the page's last line.
    pub(crate) fn end_page(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.line = None;
    }

    pub(crate) fn into_text(self) -> String {
        self.out
    }

    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// Adds `text` that starts at `start` and ends at `end_x` with `size` (page space).
    fn piece(&mut self, text: &str, start: (f64, f64), end_x: f64, size: f64) {
        if text.is_empty() {
            return;
        }
        let size = size.max(1.0);
        if let Some((baseline, last_end)) = self.line {
            let gap = start.0 - last_end;
            let new_line = (start.1 - baseline).abs() > LINE_MOVE * size || gap < -size;
            let blank_edge = self.out.ends_with([' ', '\t']) || text.starts_with([' ', '\t']);
            if new_line {
                self.out.push('\n');
            } else if gap > TAB_GAP * size {
                self.out.push('\t');
            } else if gap > SPACE_GAP * size && !blank_edge {
                self.out.push(' ');
            }
        } else if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(text);
        self.line = Some((start.1, end_x));
    }
}

/// Walks one content stream's operations, adding its text to `lines`.
pub(crate) struct Walker<'f, 'a> {
    fonts: &'f HashMap<Vec<u8>, Font<'a>>,
    ctm: Matrix,
    stack: Vec<(Matrix, TextState)>,
    text: TextState,
    matrix: Matrix,
    line_matrix: Matrix,
}

impl<'f, 'a> Walker<'f, 'a> {
    pub(crate) fn new(fonts: &'f HashMap<Vec<u8>, Font<'a>>) -> Walker<'f, 'a> {
        Walker {
            fonts,
            ctm: Matrix::IDENTITY,
            stack: Vec::new(),
            text: TextState {
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                horizontal_scale: 1.0,
                leading: 0.0,
            },
            matrix: Matrix::IDENTITY,
            line_matrix: Matrix::IDENTITY,
        }
    }

    /// Applies one operation.
    pub(crate) fn apply(&mut self, operation: &Operation, lines: &mut Lines) {
        let operands = &operation.operands;
        let number = |index: usize| {
            operands
                .get(index)
                .and_then(|o| o.as_float().ok())
                .map(f64::from)
                .filter(|n| n.is_finite())
                .unwrap_or(0.0)
        };
        match operation.operator.as_str() {
            "q" if self.stack.len() < MAX_STATE_DEPTH => {
                self.stack.push((self.ctm, self.text.clone()));
            }
            "Q" => {
                if let Some((ctm, text)) = self.stack.pop() {
                    self.ctm = ctm;
                    self.text = text;
                }
            }
            "cm" => {
                if let Some(matrix) = Matrix::from_operands(operands) {
                    self.ctm = matrix.then(self.ctm);
                }
            }
            "BT" => {
                self.matrix = Matrix::IDENTITY;
                self.line_matrix = Matrix::IDENTITY;
            }
            "Tf" => {
                self.text.font = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .map(<[u8]>::to_vec);
                self.text.size = number(1);
            }
            "Tc" => self.text.char_spacing = number(0),
            "Tw" => self.text.word_spacing = number(0),
            "Tz" => self.text.horizontal_scale = number(0) / 100.0,
            "TL" => self.text.leading = number(0),
            "Td" => self.move_line(number(0), number(1)),
            "TD" => {
                self.text.leading = -number(1);
                self.move_line(number(0), number(1));
            }
            "Tm" => {
                if let Some(matrix) = Matrix::from_operands(operands) {
                    self.matrix = matrix;
                    self.line_matrix = matrix;
                }
            }
            "T*" => self.move_line(0.0, -self.text.leading),
            "Tj" => self.show(operands, lines),
            "'" => {
                self.move_line(0.0, -self.text.leading);
                self.show(operands, lines);
            }
            "\"" => {
                self.text.word_spacing = number(0);
                self.text.char_spacing = number(1);
                self.move_line(0.0, -self.text.leading);
                self.show(operands.get(2..).unwrap_or_default(), lines);
            }
            "TJ" => {
                if let Some(Object::Array(items)) = operands.first() {
                    self.show(items, lines);
                }
            }
            _ => {}
        }
    }

    fn move_line(&mut self, x: f64, y: f64) {
        self.line_matrix = Matrix::translate(x, y).then(self.line_matrix);
        self.matrix = self.line_matrix;
    }

    /// Shows strings and kerning numbers (`TJ`'s array, or `Tj`'s one string).
    fn show(&mut self, items: &[Object], lines: &mut Lines) {
        let fonts = self.fonts;
        let Some(font) = self.text.font.as_ref().and_then(|name| fonts.get(name)) else {
            return;
        };
        let start_matrix = self.matrix.then(self.ctm);
        let start = start_matrix.origin();
        let size = self.text.size * start_matrix.scale();
        let mut text = String::new();
        for item in items {
            match item {
                Object::String(bytes, _) => {
                    if let Some(encoding) = &font.encoding {
                        if let Ok(decoded) = encoding.bytes_to_string(bytes) {
                            text.push_str(&decoded);
                        }
                    }
                    self.advance(font, bytes);
                }
                other => {
                    let Ok(kern) = other.as_float().map(f64::from) else {
                        continue;
                    };
                    let shift = -kern / 1000.0;
                    if shift > TAB_GAP {
                        text.push('\t');
                    } else if shift > SPACE_GAP && !text.ends_with([' ', '\t']) {
                        text.push(' ');
                    }
                    let dx = shift * self.text.size * self.text.horizontal_scale;
                    self.matrix = Matrix::translate(dx, 0.0).then(self.matrix);
                }
            }
        }
        let end_x = self.matrix.then(self.ctm).origin().0;
        lines.piece(&text, start, end_x, size);
    }

    /// Moves the text matrix past the glyphs of `bytes`.
    fn advance(&mut self, font: &Font<'_>, bytes: &[u8]) {
        let state = &self.text;
        let mut dx = 0.0;
        let step = if font.two_byte { 2 } else { 1 };
        for code in bytes.chunks(step) {
            let code = code.iter().fold(0u32, |sum, b| (sum << 8) | u32::from(*b));
            let spacing = if !font.two_byte && code == 32 {
                state.char_spacing + state.word_spacing
            } else {
                state.char_spacing
            };
            dx += (font.width(code) / 1000.0 * state.size + spacing) * state.horizontal_scale;
        }
        if dx.is_finite() {
            self.matrix = Matrix::translate(dx, 0.0).then(self.matrix);
        }
    }
}
