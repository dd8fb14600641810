//! A tiny SMTP server for tests: it speaks just enough SMTP for lettre
//! (220, EHLO/HELO 250, MAIL/RCPT 250, DATA 354 ... "." 250, QUIT 221) and
//! hands each mail's DATA over a channel.

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// One mail as the sink received it.
#[derive(Debug)]
pub(crate) struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The raw message (headers and body), lines joined with "\r\n".
    pub data: String,
}

/// Listens on a free port of 127.0.0.1; returns the port and the mails.
pub(crate) async fn start() -> (u16, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
    let port = listener.local_addr().expect("sink addr").port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(session(stream, tx.clone()));
        }
    });
    (port, rx)
}

async fn session(stream: TcpStream, mails: mpsc::UnboundedSender<Received>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    if write.write_all(&crlf("220 sink.test ESMTP")).await.is_err() {
        return;
    }
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let answer: &'static str = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250 8BITMIME",
            "HELO" | "RSET" | "NOOP" => "250 OK",
            "MAIL" => {
                mail_from = line.clone();
                "250 OK"
            }
            "RCPT" => {
                rcpt_to.push(line.clone());
                "250 OK"
            }
            "DATA" => {
                if write.write_all(&crlf("354 go on")).await.is_err() {
                    return;
                }
                let mut data = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if line == "." {
                        break;
                    }
                    // Dot-stuffing undone.
                    data.push(line.strip_prefix('.').map_or(line.clone(), str::to_owned));
                }
                let _ = mails.send(Received {
                    mail_from: std::mem::take(&mut mail_from),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    data: data.join("\r\n"),
                });
                "250 queued"
            }
            "QUIT" => {
                let _ = write.write_all(&crlf("221 bye")).await;
                return;
            }
            _ => "502 not here",
        };
        if write.write_all(&crlf(answer)).await.is_err() {
            return;
        }
    }
}

fn crlf(text: &str) -> Vec<u8> {
    format!("{text}\r\n").into_bytes()
}

/// Undoes quoted-printable (soft line breaks and `=XX`), enough to find
/// text in a body lettre encoded.
pub(crate) fn unquote(s: &str) -> String {
    let joined = s.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
