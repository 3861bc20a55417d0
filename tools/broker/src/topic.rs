//! Topic names, topic filters and the MQTT matching rules.

/// True if `topic` is a valid topic name for PUBLISH (non-empty, no wildcards, no NUL).
pub fn valid_topic_name(topic: &str) -> bool {
    !topic.is_empty() && !topic.contains(['+', '#', '\0'])
}

/// True if `filter` is a valid topic filter: `#` only as the whole last level,
/// `+` only as a whole level.
pub fn valid_filter(filter: &str) -> bool {
    if filter.is_empty() || filter.contains('\0') {
        return false;
    }
    let levels: Vec<&str> = filter.split('/').collect();
    let last = levels.len() - 1;
    levels.iter().enumerate().all(|(i, level)| match *level {
        "#" => i == last,
        "+" => true,
        l => !l.contains(['+', '#']),
    })
}

/// True if the topic name `topic` matches the topic filter `filter`.
///
/// A filter whose first level is a wildcard does not match topics starting
/// with `$` (MQTT 3.1.1 section 4.7.2).
pub fn matches(filter: &str, topic: &str) -> bool {
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut f = filter.split('/');
    let mut t = topic.split('/');
    loop {
        match (f.next(), t.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// What an AWS IoT Jobs topic means for implicit response delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobsTopic<'a> {
    /// A device request (`$next/get`, `<jobId>/get`, `<jobId>/update`, `start-next`, `get`)
    /// for the given thing.
    Request(&'a str),
    /// A service response (`.../accepted` or `.../rejected`) for the given thing.
    Response(&'a str),
}

/// Classifies `$aws/things/<thing>/jobs/...` topics; `None` for anything else
/// (including `notify` and `notify-next`, which go to subscribers only).
pub fn classify_jobs_topic(topic: &str) -> Option<JobsTopic<'_>> {
    let rest = topic.strip_prefix("$aws/things/")?;
    let (thing, rest) = rest.split_once('/')?;
    let api = rest.strip_prefix("jobs/")?;
    if thing.is_empty() || api.is_empty() {
        return None;
    }
    if api.ends_with("/accepted") || api.ends_with("/rejected") {
        return Some(JobsTopic::Response(thing));
    }
    let is_request = api == "start-next"
        || api == "get"
        || api
            .strip_suffix("/get")
            .or_else(|| api.strip_suffix("/update"))
            .is_some_and(|job| !job.is_empty() && !job.contains('/'));
    is_request.then_some(JobsTopic::Request(thing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(matches("a/+/c", "a/b/c"));
        assert!(!matches("a/+/c", "a/b/d"));
        assert!(matches("a/#", "a"));
        assert!(matches("a/#", "a/b/c"));
        assert!(matches("#", "x/y"));
        assert!(!matches("#", "$aws/x"));
        assert!(!matches("+/things/t", "$aws/things/t"));
        assert!(matches(
            "$aws/things/+/jobs/+/get",
            "$aws/things/t/jobs/$next/get"
        ));
        assert!(matches("a/+", "a/"));
        assert!(!matches("a/+", "a"));
        assert!(!matches("a/b", "a/b/c"));
    }

    #[test]
    fn filter_validation() {
        assert!(valid_filter("a/#"));
        assert!(valid_filter("+/+"));
        assert!(!valid_filter("a/#/b"));
        assert!(!valid_filter("a/b+"));
        assert!(!valid_filter(""));
        assert!(valid_topic_name("a/b"));
        assert!(!valid_topic_name("a/+"));
    }

    #[test]
    fn jobs_topics() {
        use JobsTopic::*;
        let c = classify_jobs_topic;
        assert_eq!(c("$aws/things/t1/jobs/$next/get"), Some(Request("t1")));
        assert_eq!(c("$aws/things/t1/jobs/j-1/update"), Some(Request("t1")));
        assert_eq!(c("$aws/things/t1/jobs/j-1/get"), Some(Request("t1")));
        assert_eq!(c("$aws/things/t1/jobs/start-next"), Some(Request("t1")));
        assert_eq!(
            c("$aws/things/t1/jobs/$next/get/accepted"),
            Some(Response("t1"))
        );
        assert_eq!(
            c("$aws/things/t1/jobs/j/update/rejected"),
            Some(Response("t1"))
        );
        assert_eq!(c("$aws/things/t1/jobs/notify-next"), None);
        assert_eq!(c("$aws/things/t1/streams/s/get/cbor"), None);
        assert_eq!(c("a/b"), None);
    }
}
