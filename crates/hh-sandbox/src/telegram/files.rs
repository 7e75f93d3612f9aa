//! Files users send to the bot, as the Bot API serves them: a document message
//! ([`Server::push_document`]) carries `file_id`, `file_unique_id`, `file_name`,
//! `mime_type` and `file_size`; `getFile` gives a `file_path` for an id the bot has seen,
//! refusing files over [`MAX_DOWNLOAD_BYTES`] as Telegram does for bots; the bytes are
//! served at `/file/bot<TOKEN>/<file_path>`.
//!
//! Not here: files the bot sends (`sendDocument`), photos, thumbnails, or the expiry of a
//! `file_path` (Telegram keeps one valid for at least an hour; tests never wait that long).

use std::sync::Arc;

use serde_json::{json, Value};

use super::methods::{bad, Params, Refusal};
use super::{Server, State};

/// Telegram's limit on files a bot may download: «up to 20MB in size»
/// (https://core.telegram.org/bots/api#getfile).
pub const MAX_DOWNLOAD_BYTES: usize = 20 * 1024 * 1024;

/// A document a user sends.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's name as the user's client gives it; Telegram may send none.
    pub file_name: Option<String>,
    /// The MIME type the user's client claims; may be absent or wrong.
    pub mime_type: Option<String>,
    /// The content.
    pub bytes: Vec<u8>,
    /// Whether the message states `file_size` (the Bot API makes it optional).
    pub with_size: bool,
}

impl Document {
    /// A document named `file_name` of type `mime_type`, its size stated.
    pub fn new(file_name: &str, mime_type: &str, bytes: Vec<u8>) -> Document {
        Document {
            file_name: Some(file_name.to_owned()),
            mime_type: Some(mime_type.to_owned()),
            bytes,
            with_size: true,
        }
    }
}

/// A file the emulator holds.
pub(super) struct StoredFile {
    id: String,
    unique_id: String,
    serial: usize,
    extension: Option<String>,
    bytes: Arc<Vec<u8>>,
    /// Set by the first `getFile`.
    path: Option<String>,
}

impl State {
    /// Stores `document` and queues a message from `chat`'s user carrying it (with
    /// `caption` when given); returns the message id.
    fn queue_document(&mut self, chat: i64, document: Document, caption: Option<&str>) -> i64 {
        let serial = self.files.len() + 1;
        let id = format!("BQACAgIAAxkBAAIB{serial:06}");
        let unique_id = format!("AgADFile{serial:06}");
        let extension = document
            .file_name
            .as_deref()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, extension)| extension.to_ascii_lowercase())
            .filter(|extension| {
                !extension.is_empty()
                    && extension.len() <= 8
                    && extension.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        let mut meta = json!({ "file_id": id, "file_unique_id": unique_id });
        if let Some(name) = &document.file_name {
            meta["file_name"] = json!(name);
        }
        if let Some(mime) = &document.mime_type {
            meta["mime_type"] = json!(mime);
        }
        if document.with_size {
            meta["file_size"] = json!(document.bytes.len());
        }
        self.files.push(StoredFile {
            id,
            unique_id,
            serial,
            extension,
            bytes: Arc::new(document.bytes),
            path: None,
        });
        let stored = self.chat(chat);
        stored.last_message_id += 1;
        let message_id = stored.last_message_id;
        let mut message = super::message(chat, "");
        let object = message.as_object_mut().expect("a message is an object");
        object.remove("text");
        object.insert("message_id".to_owned(), json!(message_id));
        object.insert("document".to_owned(), meta);
        if let Some(caption) = caption {
            object.insert("caption".to_owned(), json!(caption));
        }
        stored.messages.insert(message_id, message.clone());
        self.queue(json!({ "message": message }));
        message_id
    }
}

/// `getFile`: the file's metadata and a `file_path` to download it from.
pub(super) fn get_file(state: &mut State, params: &Params) -> Result<Value, Refusal> {
    let Some(file_id) = params.0.get("file_id").and_then(Value::as_str) else {
        return Err(bad("file_id not specified"));
    };
    let Some(file) = state.files.iter_mut().find(|file| file.id == file_id) else {
        return Err(bad("invalid file_id"));
    };
    if file.bytes.len() > MAX_DOWNLOAD_BYTES {
        return Err(bad("file is too big"));
    }
    let path = file.path.get_or_insert_with(|| {
        let extension = file
            .extension
            .as_deref()
            .map(|extension| format!(".{extension}"))
            .unwrap_or_default();
        format!("documents/file_{}{extension}", file.serial)
    });
    Ok(json!({
        "file_id": file.id,
        "file_unique_id": file.unique_id,
        "file_size": file.bytes.len(),
        "file_path": path,
    }))
}

impl Server {
    /// Queues a message from `chat`'s user carrying `document`; returns its message id.
    pub fn push_document(&self, chat: i64, document: Document) -> i64 {
        self.change(|state| state.queue_document(chat, document, None))
    }

    /// Like [`Server::push_document`] with a caption under the document.
    pub fn push_document_with_caption(&self, chat: i64, document: Document, caption: &str) -> i64 {
        self.change(|state| state.queue_document(chat, document, Some(caption)))
    }

    /// The bytes at `file_path` (given out by `getFile`), recording the download.
    pub(super) fn download(&self, file_path: &str) -> Option<Arc<Vec<u8>>> {
        self.change(|state| {
            let bytes = state
                .files
                .iter()
                .find(|file| file.path.as_deref() == Some(file_path))
                .map(|file| file.bytes.clone())?;
            state.records.downloads.push(file_path.to_owned());
            Some(bytes)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(value: Value) -> Params {
        match value {
            Value::Object(fields) => Params(fields),
            _ => unreachable!("a test passes an object"),
        }
    }

    #[test]
    fn a_document_gets_a_path_once_and_big_or_unknown_files_are_refused() {
        let mut state = State::default();
        let pdf = Document::new("Резюме.PDF", "application/pdf", b"%PDF-1.4".to_vec());
        let bare = Document {
            file_name: None,
            mime_type: None,
            bytes: vec![0; MAX_DOWNLOAD_BYTES + 1],
            with_size: false,
        };
        state.queue_document(42, pdf, None);
        state.queue_document(42, bare, Some("резюме"));
        let messages: Vec<Value> = state.updates.iter().map(|u| u["message"].clone()).collect();
        let document = &messages[0]["document"];
        assert_eq!(document["file_name"], "Резюме.PDF");
        assert_eq!(document["file_size"], 8);
        assert!(messages[0].get("text").is_none());
        assert!(messages[1]["document"].get("file_size").is_none());
        assert!(messages[1]["document"].get("file_name").is_none());
        assert_eq!(messages[1]["caption"], "резюме");

        let file = get_file(
            &mut state,
            &params(json!({ "file_id": document["file_id"] })),
        );
        let file = file.unwrap();
        assert_eq!(file["file_path"], "documents/file_1.pdf");
        assert_eq!(file["file_size"], 8);
        let again = get_file(
            &mut state,
            &params(json!({ "file_id": document["file_id"] })),
        );
        assert_eq!(again.unwrap()["file_path"], file["file_path"]);

        let big = messages[1]["document"]["file_id"].clone();
        let refused = get_file(&mut state, &params(json!({ "file_id": big }))).unwrap_err();
        assert_eq!(refused.description, "Bad Request: file is too big");
        let unknown = get_file(&mut state, &params(json!({ "file_id": "nope" }))).unwrap_err();
        assert_eq!(unknown.description, "Bad Request: invalid file_id");
        let missing = get_file(&mut state, &params(json!({}))).unwrap_err();
        assert_eq!(missing.description, "Bad Request: file_id not specified");
    }
}
