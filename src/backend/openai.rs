//! `openai`: any server speaking OpenAI's `POST {base_url}/chat/completions`.
//!
//! The API key is read from the environment variable named by `api_key_env` at each call and
//! is never stored in the backend, its description, errors or records. A server that echoes
//! the key or a configured header value back, in an error or in a successful answer, has it
//! replaced by `[redacted]` ([`Secrets`]) before anything else sees the text; an output so
//! changed is marked `redacted`.
//!
//! Failures and what becomes of them (retryable ones are retried by the runner up to
//! `max_retries`, default 2, honouring `Retry-After` up to `max_retry_after_secs`):
//!
//! | what happened | error kind | retried |
//! |---|---|---|
//! | connection refused or reset, truncated body | `connection` | yes |
//! | no complete response within `timeout_secs` | `timeout` | yes |
//! | HTTP 429 | `rate_limited` | yes, after `Retry-After` |
//! | HTTP 5xx | `server_error` | yes |
//! | HTTP 3xx (never followed) | `redirect` | no |
//! | other HTTP status | `http_status` | no |
//! | a body over `max_output_bytes` | `output_too_large` | no |
//! | 2xx whose body is not a chat completion | `malformed_response` | no |
//! | `api_key_env` names an unset variable | `missing_api_key` | no |
//! | any other client failure | `http_client` | no |

mod cork;
pub mod prompt;
mod resolver;

use crate::config::Prices;
use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::secrets::Secrets;
use super::{Backend, BackendError, CacheKey, ErrorKind, Output, Request, Response, Usage};
use crate::dataset::Task;
pub use prompt::Prompts;

/// Everything about one `openai` backend except the key.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The backend's name.
    pub name: String,
    /// The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`.
    pub base_url: String,
    /// The `model` field of each request.
    pub model: String,
    /// The name of the environment variable holding the key (`None`: no `Authorization`).
    pub api_key_env: Option<String>,
    /// Sampling temperature, when set.
    pub temperature: Option<f64>,
    /// Completion token limit, when set.
    pub max_tokens: Option<u32>,
    /// Sampling seed, when set.
    pub seed: Option<u64>,
    /// Extra HTTP headers.
    pub headers: BTreeMap<String, String>,
    /// The limit on one request, connection to last byte.
    pub timeout: Duration,
    /// The longest wait for a `Retry-After` before a retry.
    pub max_retry_after: Duration,
    /// The largest response body read.
    pub max_output_bytes: u64,
    /// Prompt templates.
    pub prompts: Prompts,
    /// Prices for the cost column, when configured.
    pub prices: Option<Prices>,
    /// The tasks this backend runs.
    pub tasks: Vec<Task>,
}

/// An OpenAI-compatible chat-completions backend.
pub struct OpenAi {
    spec: Spec,
    agent: ureq::Agent,
}

impl OpenAi {
    /// Retries of a retryable failure when the configuration does not say.
    pub const DEFAULT_MAX_RETRIES: u32 = 2;

    /// A backend for `spec` (no request is made until the first call).
    pub fn new(spec: Spec) -> OpenAi {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(spec.timeout))
            .http_status_as_error(false)
            // A redirect is an error naming the new location, never followed: following it
            // would resend the request (and its key) elsewhere, or turn the POST into a GET.
            .max_redirects(0)
            .max_idle_connections(256)
            .max_idle_connections_per_host(256)
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::Connector::chain(
                ureq::unversioned::transport::DefaultConnector::default(),
                cork::Cork,
            ),
            resolver::LiteralFirst::default(),
        );
        OpenAi { spec, agent }
    }

    /// The JSON body sent for `request`: model, messages and the sampling parameters set.
    pub fn body(&self, request: &Request) -> serde_json::Value {
        let user = self.spec.prompts.render(request);
        serde_json::to_value(self.chat_request(&user)).unwrap_or_default()
    }

    /// The body for the user message `user`, serialized straight to bytes (no
    /// `serde_json::Value` tree: its maps were a measurable share of the harness's time).
    fn chat_request<'a>(&'a self, user: &'a str) -> ChatRequest<'a> {
        ChatRequest {
            max_tokens: self.spec.max_tokens,
            messages: [
                ChatMessage {
                    content: &self.spec.prompts.system,
                    role: "system",
                },
                ChatMessage {
                    content: user,
                    role: "user",
                },
            ],
            model: &self.spec.model,
            seed: self.spec.seed,
            temperature: self.spec.temperature,
        }
    }

    fn key(&self) -> Result<Option<String>, BackendError> {
        let Some(var) = &self.spec.api_key_env else {
            return Ok(None);
        };
        match std::env::var(var) {
            Ok(key) if !key.is_empty() => Ok(Some(key)),
            _ => Err(BackendError::new(
                ErrorKind::MissingApiKey,
                format!("environment variable {var} (api_key_env) is not set"),
            )),
        }
    }

    fn complete(&self, request: &Request) -> Result<Output, BackendError> {
        let key = self.key()?;
        let secrets = Secrets::new(key.iter().chain(self.spec.headers.values()).cloned());
        match self.post(request, key.as_deref()) {
            Ok(output) => Ok(secrets.redact_output(output)),
            Err(error) => Err(secrets.redact_error(error)),
        }
    }

    fn post(&self, request: &Request, key: Option<&str>) -> Result<Output, BackendError> {
        let url = format!(
            "{}/chat/completions",
            self.spec.base_url.trim_end_matches('/')
        );
        let user = self.spec.prompts.render(request);
        let body = serde_json::to_vec(&self.chat_request(&user)).map_err(|e| {
            BackendError::new(ErrorKind::Internal, format!("encoding the request: {e}"))
        })?;
        let mut call = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json");
        for (name, value) in &self.spec.headers {
            call = call.header(name, value);
        }
        if let Some(key) = key {
            call = call.header("Authorization", format!("Bearer {key}"));
        }
        let mut response = call.send(&body[..]).map_err(transport)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX));
        if (300..=399).contains(&status) {
            return Err(redirect(&url, status, &response));
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(self.spec.max_output_bytes)
            .read_to_string()
            .map_err(transport)?;
        match status {
            200..=299 => self.parse(request.task, &text),
            429 => Err(BackendError::new(
                ErrorKind::RateLimited,
                format!("HTTP 429 from {url}: {}", excerpt(&text)),
            )
            .retryable(retry_after)),
            500..=599 => Err(BackendError::new(
                ErrorKind::ServerError,
                format!("HTTP {status} from {url}: {}", excerpt(&text)),
            )
            .retryable(retry_after)),
            _ => Err(BackendError::new(
                ErrorKind::HttpStatus,
                format!("HTTP {status} from {url}: {}", excerpt(&text)),
            )),
        }
    }

    fn parse(&self, task: Task, text: &str) -> Result<Output, BackendError> {
        let malformed = |why: String| {
            BackendError::new(
                ErrorKind::MalformedResponse,
                format!("{why}; body: {}", excerpt(text)),
            )
        };
        let parsed: ChatResponse = serde_json::from_str(text)
            .map_err(|e| malformed(format!("not a chat completion ({e})")))?;
        let content = parsed
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .ok_or_else(|| malformed("no choices[0].message.content".into()))?;
        let usage = parsed.usage.map(|u| Usage {
            prompt_tokens: u.prompt_tokens,
            completion_tokens: u.completion_tokens,
            cost_usd: self.spec.prices.map(|p| {
                (u.prompt_tokens as f64 * p.input_per_million
                    + u.completion_tokens as f64 * p.output_per_million)
                    / 1e6
            }),
        });
        let content = content.trim();
        let abstained = task == Task::Answer && is_abstention(content);
        Ok(Output {
            text: if abstained {
                String::new()
            } else {
                content.to_string()
            },
            abstained,
            usage,
            redacted: false,
        })
    }
}

/// The error for a 3xx response: where the server redirects to, not followed.
fn redirect(url: &str, status: u16, response: &ureq::http::Response<ureq::Body>) -> BackendError {
    let location = response
        .headers()
        .get("location")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let to = match &location {
        Some(location) => format!("redirects to {location:?}"),
        None => "redirects (without a Location header)".to_string(),
    };
    BackendError::new(
        ErrorKind::Redirect,
        format!(
            "HTTP {status} from {url} {to}; redirects are not followed (the request and its key \
             would go elsewhere): set base_url to the server's real address"
        ),
    )
}

/// "not stated" (any case, trailing period allowed): the default template's abstention.
fn is_abstention(content: &str) -> bool {
    content
        .trim_end_matches('.')
        .eq_ignore_ascii_case(prompt::ABSTAIN)
}

/// A failure before a complete response arrived.
fn transport(e: ureq::Error) -> BackendError {
    match e {
        ureq::Error::Timeout(_) => BackendError::new(
            ErrorKind::Timeout,
            format!("no complete response in time ({e})"),
        )
        .retryable(None),
        ureq::Error::Io(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Protocol(_) => {
            BackendError::new(ErrorKind::Connection, e.to_string()).retryable(None)
        }
        ureq::Error::BodyExceedsLimit(limit) => BackendError::new(
            ErrorKind::OutputTooLarge,
            format!("the response body is larger than max_output_bytes ({limit} bytes)"),
        ),
        other => BackendError::new(ErrorKind::HttpClient, other.to_string()),
    }
}

fn excerpt(text: &str) -> String {
    let short: String = text.chars().take(300).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// A chat-completions request body. Fields are in alphabetical order, as a
/// `serde_json::Value` map (a `BTreeMap`) orders its keys, so the bytes sent and the cache
/// key's `messages` part are those of the `Value` this replaced.
#[derive(Serialize)]
struct ChatRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    messages: [ChatMessage<'a>; 2],
    model: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
}

/// One message of a [`ChatRequest`].
#[derive(Serialize)]
struct ChatMessage<'a> {
    content: &'a str,
    role: &'static str,
}

#[derive(Deserialize)]
struct ChatResponse {
    choices: Vec<Choice>,
    usage: Option<ApiUsage>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

#[derive(Deserialize)]
struct ApiUsage {
    prompt_tokens: u64,
    completion_tokens: u64,
}

impl Backend for OpenAi {
    fn name(&self) -> &str {
        &self.spec.name
    }

    fn describe(&self) -> String {
        format!(
            "model `{}` at {} (OpenAI-compatible)",
            self.spec.model, self.spec.base_url
        )
    }

    fn supports(&self, task: Task) -> bool {
        self.spec.tasks.contains(&task)
    }

    fn call(&self, request: &Request) -> Response {
        Response::timed(|| self.complete(request))
    }

    fn max_retries(&self) -> u32 {
        OpenAi::DEFAULT_MAX_RETRIES
    }

    fn max_retry_after(&self) -> Duration {
        self.spec.max_retry_after
    }

    /// Kind, server, model, sampling parameters, the task's template and the rendered
    /// messages; never the key or the headers.
    fn cache_key(&self, request: &Request) -> Option<CacheKey> {
        let template = match request.task {
            Task::Summarize => &self.spec.prompts.summarize,
            Task::Answer => &self.spec.prompts.answer,
        };
        let user = self.spec.prompts.render(request);
        let messages = serde_json::to_string(&self.chat_request(&user).messages).ok()?;
        let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        Some(
            CacheKey::default()
                .with("kind", "openai")
                .with("base_url", self.spec.base_url.trim_end_matches('/'))
                .with("model", self.spec.model.clone())
                .with(
                    "temperature",
                    opt(self.spec.temperature.map(|t| t.to_string())),
                )
                .with(
                    "max_tokens",
                    opt(self.spec.max_tokens.map(|t| t.to_string())),
                )
                .with("seed", opt(self.spec.seed.map(|s| s.to_string())))
                .with("task", request.task.as_str())
                .with("template", template.clone())
                .with("messages", messages),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backend(prices: Option<Prices>) -> OpenAi {
        OpenAi::new(Spec {
            name: "m".into(),
            base_url: "http://127.0.0.1:9/v1".into(),
            model: "tiny".into(),
            api_key_env: None,
            temperature: Some(0.0),
            max_tokens: None,
            seed: Some(7),
            headers: BTreeMap::new(),
            timeout: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(120),
            max_output_bytes: 1 << 20,
            prompts: Prompts::default(),
            prices,
            tasks: Task::ALL.to_vec(),
        })
    }

    #[test]
    fn the_body_has_the_model_messages_and_only_the_parameters_set() {
        let request = Request {
            item_id: "q".into(),
            task: Task::Answer,
            documents: Vec::new(),
            question: Some("Who?".into()),
            references: Vec::new(),
        };
        let body = backend(None).body(&request);
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["messages", "model", "seed", "temperature"]);
        assert_eq!(body["messages"][0]["role"], "system");
        assert!(body["messages"][1]["content"]
            .as_str()
            .unwrap()
            .contains("Question: Who?"));
    }

    /// The body and the cache key's messages are byte for byte what the `json!` tree they
    /// replaced serialized to, so existing cache entries still match.
    #[test]
    fn the_body_bytes_are_those_of_the_json_tree() {
        let request = Request {
            item_id: "q".into(),
            task: Task::Answer,
            documents: Vec::new(),
            question: Some("Who said \"hi\"?\nWhen?".into()),
            references: Vec::new(),
        };
        let mut spec = backend(None).spec;
        spec.max_tokens = Some(64);
        spec.temperature = Some(0.25);
        let openai = OpenAi::new(spec);
        let user = openai.spec.prompts.render(&request);
        let tree = serde_json::json!({
            "model": openai.spec.model,
            "messages": [
                {"role": "system", "content": openai.spec.prompts.system},
                {"role": "user", "content": user},
            ],
            "temperature": 0.25,
            "max_tokens": 64,
            "seed": 7,
        });
        let bytes = serde_json::to_vec(&openai.chat_request(&user)).unwrap();
        assert_eq!(bytes, serde_json::to_vec(&tree).unwrap());
        let messages = serde_json::to_string(&openai.chat_request(&user).messages).unwrap();
        assert_eq!(messages, tree["messages"].to_string());
    }

    #[test]
    fn usage_cost_and_abstention_come_from_the_response() {
        let prices = Prices {
            input_per_million: 2.0,
            output_per_million: 8.0,
        };
        let text = r#"{"choices":[{"message":{"role":"assistant","content":" Not stated. "}}],"usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}}"#;
        let out = backend(Some(prices)).parse(Task::Answer, text).unwrap();
        assert!(out.abstained && out.text.is_empty());
        let usage = out.usage.unwrap();
        assert_eq!((usage.prompt_tokens, usage.completion_tokens), (1000, 500));
        assert_eq!(usage.cost_usd, Some(0.006));
        let summary = backend(None).parse(Task::Summarize, text).unwrap();
        assert_eq!(summary.text, "Not stated.");
        assert_eq!(summary.usage.unwrap().cost_usd, None);
        let bad = backend(None)
            .parse(Task::Answer, "{\"choices\":[]}")
            .unwrap_err();
        assert_eq!(bad.kind, ErrorKind::MalformedResponse);
        assert!(bad.retry.is_none());
    }
}
