//! Why a resume file could not be read: a typed error whose `Display` is the English
//! reason for logs and whose [`FileError::user_message`] is the Russian sentence for the
//! person, saying what to do instead.

use super::detect::Format;

/// A kind of file we do not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// A legacy Word `.doc` (or another OLE2 compound file).
    LegacyWord,
    /// An OpenDocument text (`.odt`).
    OpenDocument,
    /// A zip archive that is neither DOCX nor ODT.
    Archive,
    /// A picture: a photo or a scan of the resume.
    Image,
    /// Bytes that are no text and no known document.
    Binary,
}

/// Why a resume file gave no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Zero bytes, or only white space.
    #[error("the file is empty")]
    Empty,
    /// Over [`super::MAX_FILE_BYTES`].
    #[error("the file is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not a format we read.
    #[error("unsupported file: {0:?}")]
    Unsupported(Unsupported),
    /// A PDF that needs a password to open.
    #[error("the PDF is encrypted with a password")]
    Encrypted,
    /// A readable file without any text (a scanned PDF, an empty document).
    #[error("the {format} file has no text (scanned or image-only?)")]
    NoText {
        /// What the file was.
        format: Format,
    },
    /// A damaged or truncated file.
    #[error("the {format} file is damaged: {reason}")]
    Corrupt {
        /// What the file claimed to be.
        format: Format,
        /// The parser's words.
        reason: String,
    },
}

impl FileError {
    /// The damage to a `format` file, in the parser's words.
    pub(crate) fn corrupt(format: Format, reason: impl std::fmt::Display) -> FileError {
        let mut reason = reason.to_string();
        if reason.chars().count() > 200 {
            reason = reason.chars().take(200).collect::<String>() + "…";
        }
        FileError::Corrupt { format, reason }
    }

    /// What to tell the person, in Russian.
    pub fn user_message(&self) -> String {
        const FORMATS: &str =
            "Пришлите резюме в PDF, DOCX, RTF или TXT (на hh.ru: «Скачать» на странице резюме) или вставьте его текст сообщением.";
        let what = match self {
            FileError::Empty => "Файл пустой.".to_owned(),
            FileError::TooLarge { limit, .. } => format!(
                "Файл слишком большой: принимаю до {} МБ.",
                limit / (1024 * 1024)
            ),
            FileError::Unsupported(kind) => match kind {
                Unsupported::LegacyWord => {
                    "Это старый формат Word (.doc), его я не читаю: сохраните файл как DOCX или PDF."
                }
                Unsupported::OpenDocument => {
                    "Это документ OpenDocument (.odt), его я не читаю: сохраните файл как DOCX или PDF."
                }
                Unsupported::Archive => "Это архив, а не документ.",
                Unsupported::Image => {
                    "Это картинка: текст с неё я не распознаю."
                }
                Unsupported::Binary => "Не понимаю формат файла.",
            }
            .to_owned(),
            FileError::Encrypted => {
                "PDF защищён паролем, и я не могу его прочитать: скачайте резюме с hh.ru заново, без пароля.".to_owned()
            }
            FileError::NoText { format: Format::Pdf } => {
                "В PDF нет текста: похоже, это скан или картинка.".to_owned()
            }
            FileError::NoText { format } => format!("В файле {format} нет текста."),
            FileError::Corrupt { format, .. } => {
                format!("Файл {format} повреждён или обрезан, прочитать его не получилось.")
            }
        };
        format!("{what} {FORMATS}")
    }
}
