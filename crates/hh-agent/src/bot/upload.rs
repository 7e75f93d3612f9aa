//! The resume as a file: a document the user sends (at any time, or after a bare /reset)
//! is fetched through the Bot API (`getFile`, then the file's path), read with
//! `resume::read_file` and kept like a pasted resume, and the profile is shown back.
//!
//! A file over `resume::MAX_FILE_BYTES` is refused before anything is downloaded (by the
//! size Telegram states; a file without one is cut off at the limit while downloading);
//! every failure is a Russian sentence and leaves the resume kept before as it was. Reading
//! formats is `crate::resume`'s; keeping the text is `resume::store_resume`'s.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use teloxide::errors::{ApiError, DownloadError};
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::Document;
use teloxide::RequestError;
use tracing::{info, warn};

use super::send::{say, HandlerResult};
use super::{Awaiting, Context};
use crate::resume::{self, FileError, MAX_FILE_BYTES};

/// What Telegram's document says when it states no size (teloxide's fallback).
const SIZE_UNKNOWN: u32 = u32::MAX;

/// The largest file a bot may download from Telegram
/// (https://core.telegram.org/bots/api#getfile).
const TELEGRAM_LIMIT: usize = 20 * 1024 * 1024;

const DOWNLOAD_FAILED: &str =
    "Не получилось скачать файл из Telegram. Пришлите его ещё раз чуть позже; резюме, сохранённое раньше, осталось как было.";

const READ_FAILED: &str =
    "Не получилось прочитать файл. Пришлите резюме в PDF, DOCX, RTF или TXT или вставьте его текст сообщением; резюме, сохранённое раньше, осталось как было.";

/// A document from the user: read it as the resume.
pub async fn on_document(
    bot: Bot,
    msg: Message,
    ctx: Arc<Context>,
    document: Document,
) -> HandlerResult {
    let chat = msg.chat.id;
    // A file is the resume whatever was asked before: one thing at a time.
    ctx.chat(chat.0, |state| state.awaiting = Awaiting::Nothing);
    let stated = (document.file.size != SIZE_UNKNOWN)
        .then(|| usize::try_from(document.file.size).unwrap_or(usize::MAX));
    if let Some(size) = stated.filter(|size| *size > MAX_FILE_BYTES) {
        info!(
            size,
            "refusing a resume file over the limit before downloading it"
        );
        return too_big(&bot, chat, size).await;
    }
    let bytes = match fetch(&bot, &document).await {
        Ok(bytes) => bytes,
        Err(Fetch::TooLarge(size)) => return too_big(&bot, chat, size).await,
        Err(Fetch::Failed(reason)) => {
            warn!(%reason, "cannot download a resume file from Telegram");
            return say(&bot, chat, DOWNLOAD_FAILED).await;
        }
    };
    // Parsing is CPU work (a PDF's content streams): off the async workers.
    let read = tokio::task::spawn_blocking(move || resume::read_file(&bytes)).await;
    match read {
        Ok(Ok(extracted)) => {
            info!(format = %extracted.format, chars = extracted.text.chars().count(), "resume file read");
            super::resume::store_resume(&bot, chat, &ctx, &extracted.text).await
        }
        Ok(Err(err)) => {
            info!(%err, "resume file refused");
            say(&bot, chat, &err.user_message()).await
        }
        Err(err) => {
            warn!(%err, "reading a resume file failed");
            say(&bot, chat, READ_FAILED).await
        }
    }
}

/// Says that a file of `size` bytes is over the limit.
async fn too_big(bot: &Bot, chat: ChatId, size: usize) -> HandlerResult {
    let error = FileError::TooLarge {
        size,
        limit: MAX_FILE_BYTES,
    };
    say(bot, chat, &error.user_message()).await
}

/// Why a file was not fetched.
enum Fetch {
    /// Past the limit while downloading (its size was not stated): the bytes seen.
    TooLarge(usize),
    /// Telegram refused or the connection failed, in words for the log (no URL: it holds
    /// the bot token).
    Failed(String),
}

/// `getFile`, then the file's bytes, at most [`MAX_FILE_BYTES`].
async fn fetch(bot: &Bot, document: &Document) -> Result<Vec<u8>, Fetch> {
    let file = bot
        .get_file(document.file.id.clone())
        .await
        .map_err(|err| match err {
            // Telegram's own limit for bots (20 MB), for a file that stated no size.
            RequestError::Api(ApiError::Unknown(text)) if text.contains("file is too big") => {
                Fetch::TooLarge(TELEGRAM_LIMIT)
            }
            err => Fetch::Failed(err.to_string()),
        })?;
    let mut capped = Capped::default();
    let downloaded = bot.download_file(&file.path, &mut capped).await;
    if let Some(size) = capped.over {
        return Err(Fetch::TooLarge(size));
    }
    downloaded.map_err(|err| match err {
        // The URL holds the bot token: never in a log.
        DownloadError::Network(err) => Fetch::Failed(match Arc::try_unwrap(err) {
            Ok(err) => err.without_url().to_string(),
            Err(_) => "network error".to_owned(),
        }),
        DownloadError::Io(err) => Fetch::Failed(err.to_string()),
    })?;
    Ok(capped.bytes)
}

/// A download destination that refuses to grow past [`MAX_FILE_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    /// The size reached when the limit was passed.
    over: Option<usize>,
}

impl tokio::io::AsyncWrite for Capped {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut TaskContext<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let size = self.bytes.len() + buf.len();
        if size > MAX_FILE_BYTES {
            self.over = Some(size);
            return Poll::Ready(Err(std::io::Error::other("the file is over the limit")));
        }
        self.bytes.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
