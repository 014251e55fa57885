//! Shared by the `vitrine serve` tests: a server process on a free port
//! against a temporary copy of a catalogue, raw HTTP requests (so that
//! refused paths reach the server exactly as written), and an SSE reader.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `vitrine serve` process, killed on drop, with its site in a temporary
/// folder (`root/content`, `root/themes/default`).
pub struct Served {
    child: Child,
    pub url: String,
    pub addr: String,
    pub root: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Copies `fixture` (a content folder) and serves the copy.
    pub fn start(fixture: &Path) -> Served {
        let root = tempfile::tempdir().unwrap();
        crate::build_support::copy_tree(fixture, &root.path().join("content"));
        // Theme folders are watched when serve starts: the theme tests
        // write into this one.
        std::fs::create_dir_all(root.path().join("themes/default")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .args(["serve", "--port", "0", "--content"])
            .arg(root.path().join("content"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("vitrine runs");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .trim_end()
            .strip_prefix("serving on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .trim_end_matches('/')
            .to_string();
        let addr = url.trim_start_matches("http://").to_string();
        Served {
            child,
            url,
            addr,
            root,
        }
    }

    /// The server's process id, to read its own memory.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn content(&self) -> PathBuf {
        self.root.path().join("content")
    }

    pub fn get(&self, target: &str) -> Reply {
        raw(&self.addr, "GET", target)
    }

    pub fn events(&self) -> Events {
        Events::open(&self.addr)
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

/// One request on its own connection, the target sent byte for byte.
pub fn raw(addr: &str, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head for {target}"));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {head:?}"));
    let body = &bytes[split + 4..];
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Reply {
        status,
        body: if chunked {
            dechunk(body)
        } else {
            body.to_vec()
        },
        head,
    }
}

/// The body of a `Transfer-Encoding: chunked` response (tiny_http sends
/// large bodies that way).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size");
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .expect("hex chunk size");
        body = &body[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

/// A live-reload stream, read event by event.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET /__vitrine/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let (name, _) = events.next_event();
        assert_eq!(name, "hello");
        events
    }

    /// The next event's name and data (comments and the head skipped).
    pub fn next_event(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        let started = Instant::now();
        loop {
            // Heartbeats keep the socket busy: the read timeout alone
            // would never fire.
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no event within 30 s"
            );
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }

    /// Waits for a `reload` or `css` event, skipping nothing else.
    pub fn change(&mut self) -> (String, String) {
        let started = Instant::now();
        loop {
            let event = self.next_event();
            if event.0 != "hello" {
                return event;
            }
            assert!(started.elapsed() < Duration::from_secs(30));
        }
    }
}

/// A page as `build` writes it: the live-reload script (and overlay) that
/// serve adds taken out.
pub fn without_injection(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let Some(start) = text
        .find("<div id=\"vitrine-overlay\"")
        .or_else(|| text.find("<script src=\"/__vitrine/live.js\""))
    else {
        return html.to_vec();
    };
    let end = text[start..]
        .find("</script>")
        .map(|i| start + i + "</script>".len())
        .unwrap();
    let mut out = text[..start].to_string();
    out.push_str(&text[end..]);
    out.into_bytes()
}

/// Writes `text` the way editors save: to a temporary file renamed over
/// the old one.
pub fn save(path: &Path, text: &str) {
    let temp = path.with_extension("tmp-save");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// Polls `check` until it holds (a save may reach the server as two
/// batches on a busy machine, each its own rebuild).
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
