//! A tiny OpenAI-compatible `/v1/chat/completions` server on 127.0.0.1 for tests, one
//! thread per connection, with faults chosen per request: latency, 429 + Retry-After, 500,
//! malformed JSON, truncated body, connection closed without a response, stalled response,
//! a redirect, an oversized answer, and a careless server that echoes the request's headers
//! (the API key among them) in an error or in a successful answer.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// What the server does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer normally.
    None,
    /// Answer after this many milliseconds.
    Latency(u64),
    /// 429 with `Retry-After: N` seconds.
    TooMany(u64),
    /// 500.
    ServerError,
    /// 200 with a body that is not JSON.
    Malformed,
    /// 200 whose body stops before its Content-Length, then the connection closes.
    Truncated,
    /// The connection closes without a response.
    Reset,
    /// Headers never come (the connection is held for 10 s).
    Stall,
    /// 401 whose body echoes the request's Authorization header (a careless server).
    EchoAuth,
    /// Answer normally, with this content.
    Answer(&'static str),
    /// 200 whose answer echoes every request header, `name: value; ...` (the key included).
    EchoHeaders,
    /// This 3xx status with `Location: /moved/v1/chat/completions`.
    Redirect(u16),
    /// 200 whose answer is this many `x`.
    Huge(usize),
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The user message.
    pub user: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// Every header, names lowercased.
    pub headers: HashMap<String, String>,
    /// The whole JSON body.
    pub body: Value,
}

/// Chooses the fault for a request: `(user message, how many times it was seen before)`.
pub type Policy = dyn Fn(&str, usize) -> Fault + Send + Sync;

/// A running server; it lives as long as the test process.
pub struct Server {
    /// `http://127.0.0.1:PORT/v1`.
    pub base_url: String,
    /// Every request received, in arrival order.
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts a server with `policy`, recording every request in `seen`.
    pub fn start(policy: impl Fn(&str, usize) -> Fault + Send + Sync + 'static) -> Server {
        Server::start_with(policy, true)
    }

    /// Starts a server that records nothing (`seen` stays empty, and `policy` is always told
    /// the request was not seen before), so that its own memory and bookkeeping stay flat
    /// however many requests it serves: the harness bench's "instant" server.
    #[allow(dead_code)] // used by benches/harness.rs, which includes this file
    pub fn start_unrecorded(
        policy: impl Fn(&str, usize) -> Fault + Send + Sync + 'static,
    ) -> Server {
        Server::start_with(policy, false)
    }

    fn start_with(
        policy: impl Fn(&str, usize) -> Fault + Send + Sync + 'static,
        record: bool,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let policy: Arc<Policy> = Arc::new(policy);
        let shared = Arc::clone(&seen);
        let times: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (seen, policy) = (Arc::clone(&shared), Arc::clone(&policy));
                let times = Arc::clone(&times);
                std::thread::spawn(move || {
                    let log = record.then_some((seen.as_ref(), times.as_ref()));
                    serve(stream, log, policy.as_ref());
                });
            }
        });
        Server { base_url, seen }
    }

    /// How many requests carried a user message containing `needle`.
    pub fn count(&self, needle: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.user.contains(needle))
            .count()
    }
}

/// The requests seen, and how many times each user message came.
type Log<'a> = (&'a Mutex<Vec<Seen>>, &'a Mutex<HashMap<String, usize>>);

/// Serves requests on one connection until it closes or a fault ends it; records each
/// request in `log` when given.
fn serve(stream: TcpStream, log: Option<Log<'_>>, policy: &Policy) {
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    while let Some(request) = read_request(&mut reader) {
        let before = log.map_or(0, |(_, times)| {
            let mut times = times.lock().unwrap();
            let n = times.entry(request.user.clone()).or_insert(0);
            *n += 1;
            *n - 1
        });
        let fault = policy(&request.user, before);
        let authorization = request.authorization.clone();
        let answer = match fault {
            Fault::Answer(text) => text.to_string(),
            Fault::EchoHeaders => {
                let mut headers: Vec<String> = request
                    .headers
                    .iter()
                    .map(|(name, value)| format!("{name}: {value}"))
                    .collect();
                headers.sort();
                headers.join("; ")
            }
            Fault::Huge(n) => "x".repeat(n),
            _ => reply_text(&request.user),
        };
        if let Some((seen, _)) = log {
            seen.lock().unwrap().push(request);
        }
        if !respond(&mut stream, fault, &answer, authorization.as_deref()) {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Seen> {
    let mut length = 0;
    let mut authorization = None;
    let mut headers = HashMap::new();
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.insert(name.to_ascii_lowercase(), value.trim().to_string());
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "authorization" => authorization = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let body: Value = serde_json::from_slice(&body).ok()?;
    let user = body["messages"][1]["content"].as_str()?.to_string();
    Some(Seen {
        user,
        authorization,
        headers,
        body,
    })
}

/// The completion text: "answer to <question>" or a one-line summary.
fn reply_text(user: &str) -> String {
    match user.split_once("Question: ") {
        Some((_, q)) => format!("answer to {}", q.lines().next().unwrap_or_default()),
        None => "A summary sentence.".to_string(),
    }
}

/// Writes the response for `fault`; false when the connection must close.
fn respond(stream: &mut TcpStream, fault: Fault, answer: &str, auth: Option<&str>) -> bool {
    let ok = json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    })
    .to_string();
    let send = |stream: &mut TcpStream, status: &str, extra: &str, body: &str| {
        // One write: a head and a body in two packets would meet Nagle's algorithm and the
        // client's delayed ACK (40 ms per response on Linux).
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes()).is_ok()
    };
    match fault {
        Fault::None | Fault::Answer(_) | Fault::EchoHeaders | Fault::Huge(_) => {
            send(stream, "200 OK", "", &ok)
        }
        Fault::Redirect(status) => send(
            stream,
            &format!("{status} Moved"),
            "Location: /moved/v1/chat/completions\r\n",
            "",
        ),
        Fault::Latency(ms) => {
            std::thread::sleep(Duration::from_millis(ms));
            send(stream, "200 OK", "", &ok)
        }
        Fault::TooMany(secs) => send(
            stream,
            "429 Too Many Requests",
            &format!("Retry-After: {secs}\r\n"),
            "{\"error\":{\"message\":\"slow down\"}}",
        ),
        Fault::ServerError => send(
            stream,
            "500 Internal Server Error",
            "",
            "{\"error\":{\"message\":\"oops\"}}",
        ),
        Fault::Malformed => send(stream, "200 OK", "", "{\"choices\": [oops"),
        Fault::Truncated => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                ok.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&ok.as_bytes()[..20]);
            false
        }
        Fault::Reset => false,
        Fault::Stall => {
            std::thread::sleep(Duration::from_secs(10));
            false
        }
        Fault::EchoAuth => send(
            stream,
            "401 Unauthorized",
            "",
            &json!({"error": {"message": format!("bad key: {}", auth.unwrap_or("none"))}})
                .to_string(),
        ),
    }
}

/// A deterministic hash of a string, for choosing faults "at random" but reproducibly.
pub fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The server's per-user-message request counts.
pub fn counts(server: &Server) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for s in server.seen.lock().unwrap().iter() {
        *counts.entry(s.user.clone()).or_insert(0) += 1;
    }
    counts
}
