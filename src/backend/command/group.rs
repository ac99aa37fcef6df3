//! Each command request runs in its own process group, killed whole when the request ends:
//! a grandchild (`sleep 30 &`) can neither outlive its request nor hold its stdout open past
//! the timeout. Live groups are registered, so a second Ctrl-C can kill them all
//! ([`kill_all`]) before goldeval exits.

use std::collections::BTreeSet;
use std::process::{Child, Command};
use std::sync::{Mutex, PoisonError};

/// The process group ids of every command process started and not yet killed.
static LIVE: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// A child process leading its own process group. Dropping it kills the group.
#[derive(Debug)]
pub(super) struct Group {
    /// The group's leader: the program goldeval started.
    pub child: Child,
    live: bool,
}

impl Group {
    /// Starts `command` as the leader of a new process group (on Unix).
    pub fn spawn(command: &mut Command) -> std::io::Result<Group> {
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(command, 0);
        let child = command.spawn()?;
        LIVE.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(child.id());
        Ok(Group { child, live: true })
    }

    /// Kills every process of the group (the leader and whatever it started that stayed in
    /// its group) and reaps the leader. Safe to call more than once.
    pub fn kill(&mut self) {
        if !self.live {
            return;
        }
        self.live = false;
        let id = self.child.id();
        kill_group(id);
        let _ = self.child.kill();
        let _ = self.child.wait();
        LIVE.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Kills the process group of every command request still running (a second Ctrl-C);
/// returns how many groups there were. Their leaders are reaped by their owners (or by the
/// system when goldeval exits).
pub fn kill_all() -> usize {
    let live = std::mem::take(&mut *LIVE.lock().unwrap_or_else(PoisonError::into_inner));
    for &id in &live {
        kill_group(id);
    }
    live.len()
}

#[cfg(unix)]
fn kill_group(id: u32) {
    use rustix::process::{kill_process_group, Pid, Signal};
    // Never group 0 or 1 (ours or everyone's): only ids of children we started.
    let pid = i32::try_from(id)
        .ok()
        .filter(|&p| p > 1)
        .and_then(Pid::from_raw);
    if let Some(pid) = pid {
        let _ = kill_process_group(pid, Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill_group(_id: u32) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    fn alive(pid: &str) -> bool {
        // Gone, or a zombie waiting for a reaper that is not us.
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit(") ")
                .next()
                .is_some_and(|s| !s.starts_with('Z'))
        })
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn killing_a_group_kills_the_grandchildren_too() {
        let mut command = Command::new("sh");
        command
            .args(["-c", "sleep 30 & echo $!; wait"])
            .stdout(Stdio::piped());
        let mut group = Group::spawn(&mut command).unwrap();
        let mut out = group.child.stdout.take().unwrap();
        let mut line = String::new();
        let mut byte = [0u8; 1];
        while std::io::Read::read(&mut out, &mut byte).unwrap() == 1 && byte[0] != b'\n' {
            line.push(byte[0] as char);
        }
        assert!(alive(&line), "the grandchild runs");
        assert!(LIVE.lock().unwrap().contains(&group.child.id()));
        drop(group);
        let start = Instant::now();
        while alive(&line) {
            assert!(start.elapsed() < Duration::from_secs(10), "still alive");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
