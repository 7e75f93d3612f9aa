//! The write side of a connection: the first response head that leaves it carries every
//! header of [`page::HARDENING`], whoever wrote it.
//!
//! Our pages already have them (`page::harden`); hyper's own answers to requests it cannot
//! parse (400 for a bad request line, 431 for an oversize head, 414) do not, and hyper has
//! no hook for them. So [`Stamped`] holds back the bytes of the first head, adds the
//! missing header lines before its blank line, and then passes everything through.
//! Reading is untouched; limits and routing live elsewhere.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::page;

/// A head longer than this is passed on unchanged (ours are a few hundred bytes).
const MAX_HEAD: usize = 16 * 1024;

/// A stream whose first response head gets the hardening headers.
#[derive(Debug)]
pub struct Stamped<S> {
    inner: S,
    state: State,
}

#[derive(Debug)]
enum State {
    /// Holding back the first head until its blank line.
    Head(Vec<u8>),
    /// Sending the completed head; the number is how much of it is out.
    Send(Vec<u8>, usize),
    /// The head is out: bytes pass through.
    Through,
}

impl<S> Stamped<S> {
    /// Wraps a freshly accepted stream.
    pub fn new(inner: S) -> Stamped<S> {
        Stamped {
            inner,
            state: State::Head(Vec::new()),
        }
    }
}

impl<S: AsyncWrite + Unpin> Stamped<S> {
    /// Sends what is held back of a completed head; ready once it is all out.
    fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let State::Send(head, sent) = &mut self.state {
            if *sent == head.len() {
                self.state = State::Through;
                break;
            }
            let wrote = ready!(Pin::new(&mut self.inner).poll_write(cx, &head[*sent..]))?;
            if wrote == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *sent += wrote;
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Stamped<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Stamped<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let State::Head(head) = &mut this.state {
            let held = head.len();
            head.extend_from_slice(buf);
            let from = held.saturating_sub(3);
            let end = head[from..]
                .windows(4)
                .position(|window| window == b"\r\n\r\n")
                .map(|at| from + at + 4);
            let taken = match end {
                Some(end) => {
                    head.truncate(end);
                    this.state = State::Send(stamp(head), 0);
                    end - held
                }
                None if head.len() > MAX_HEAD => {
                    this.state = State::Send(std::mem::take(head), 0);
                    buf.len()
                }
                None => buf.len(),
            };
            return Poll::Ready(Ok(taken));
        }
        ready!(this.poll_send(cx))?;
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_send(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_send(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// `head` (ending in its blank line) with the hardening headers it lacks added last.
fn stamp(head: &[u8]) -> Vec<u8> {
    let (lines, blank) = head.split_at(head.len() - 2);
    let has = |name: &str| {
        lines.split(|&byte| byte == b'\n').skip(1).any(|line| {
            line.len() > name.len()
                && line[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && line[name.len()] == b':'
        })
    };
    let mut stamped = lines.to_vec();
    for (name, value) in page::HARDENING {
        if !has(name) {
            stamped.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
    }
    stamped.extend_from_slice(blank);
    stamped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_head_gets_every_header_and_a_stamped_one_is_unchanged() {
        let bare = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n";
        let stamped = String::from_utf8(stamp(bare)).unwrap();
        assert!(stamped.starts_with("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n"));
        assert!(stamped.ends_with("\r\n\r\n"));
        for (name, value) in page::HARDENING {
            assert_eq!(stamped.matches(&format!("{name}: {value}\r\n")).count(), 1);
        }
        assert_eq!(stamp(stamped.as_bytes()), stamped.as_bytes());
        // A header named like the start of another one is not mistaken for it.
        let near = b"HTTP/1.1 200 OK\r\ncache-controlled: x\r\nX-Frame-Options: SAMEORIGIN\r\n\r\n";
        let near = String::from_utf8(stamp(near)).unwrap();
        assert!(near.contains("cache-control: no-store\r\n"), "{near}");
        assert!(!near.contains("DENY"), "{near}");
    }

    #[tokio::test]
    async fn a_head_split_across_writes_is_stamped_and_the_body_follows() {
        let (client, server) = tokio::io::duplex(4096);
        let mut stamped = Stamped::new(server);
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        for part in [
            &b"HTTP/1.1 431 Request Header"[..],
            b" Fields Too Large\r",
            b"\n\r\nbody",
        ] {
            stamped.write_all(part).await.unwrap();
        }
        stamped.write_all(b" more").await.unwrap();
        stamped.shutdown().await.unwrap();
        drop(stamped);
        let mut text = String::new();
        let mut client = client;
        client.read_to_string(&mut text).await.unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(head.contains("cache-control: no-store"), "{head}");
        assert_eq!(body, "body more");
    }
}
