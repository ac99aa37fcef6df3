//! Gate selectors with values (`--max-drop rougeLsum=0.01`, `[check] fail_under =
//! { "qa.f1" = 0.6 }`): parsed the same way from flags and from goldeval.toml.

use crate::dataset::Task;

/// A metric selector (`*`, `metric` or `task.metric`, where task is `summarize`, `answer`
/// or `qa`) with a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The task, when the selector names one.
    pub task: Option<Task>,
    /// The column, or `None` for `*`.
    pub metric: Option<String>,
    /// The value.
    pub value: f64,
    /// Where it was set, for messages: `None` on the command line, else `file:line (key)`.
    pub origin: Option<String>,
}

impl std::str::FromStr for Threshold {
    type Err = String;

    /// Parses `SELECTOR=VALUE`.
    fn from_str(s: &str) -> Result<Self, String> {
        let (selector, value) = s
            .split_once('=')
            .ok_or_else(|| format!("expected METRIC=VALUE, got {s:?}"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("{value:?} is not a number"))?;
        if !value.is_finite() || value < 0.0 {
            return Err(format!("{value} must be a finite number ≥ 0"));
        }
        let (task, metric) = match selector.split_once('.') {
            Some((t, m)) => (Some(parse_task(t)?), m),
            None => (None, selector),
        };
        let metric = (metric != "*").then(|| metric.to_string());
        Ok(Threshold {
            task,
            metric,
            value,
            origin: None,
        })
    }
}

/// How a selector names a task: `summarize` or `qa`.
pub fn task_word(task: Task) -> &'static str {
    match task {
        Task::Summarize => "summarize",
        Task::Answer => "qa",
    }
}

fn parse_task(t: &str) -> Result<Task, String> {
    match t {
        "summarize" | "summary" => Ok(Task::Summarize),
        "answer" | "qa" => Ok(Task::Answer),
        _ => Err(format!("unknown task {t:?} (summarize or qa)")),
    }
}

impl Threshold {
    /// The selector as written (`*`, `rougeLsum`, `qa.f1`, `summarize.*`).
    pub fn selector(&self) -> String {
        let metric = self.metric.as_deref().unwrap_or("*");
        match self.task {
            Some(task) => format!("{}.{metric}", task_word(task)),
            None => metric.to_string(),
        }
    }

    /// Whether the selector picks `task`'s column `metric`.
    pub fn matches(&self, task: Task, metric: &str) -> bool {
        self.task.is_none_or(|t| t == task) && self.metric.as_deref().is_none_or(|m| m == metric)
    }

    /// How specific the selector is: `task.metric` beats `metric` beats `task.*` beats `*`.
    pub fn rank(&self) -> u8 {
        u8::from(self.task.is_some()) + 2 * u8::from(self.metric.is_some())
    }
}
