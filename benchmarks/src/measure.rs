//! Measurements from `/proc`: CPU time of a thread and of the process, peak RSS, the
//! machine's load; and the statistics the scenarios report.
//!
//! - **Thread CPU time** ([`thread_cpu`]): the first field of `/proc/thread-self/schedstat`,
//!   the nanoseconds the calling thread has run. The CPU scenarios run their clients on a
//!   current-thread tokio runtime, so every bit of client work — the stream, hyper's
//!   connection task, decoding — happens on the thread being measured. The kernel updates
//!   the figure when the thread is descheduled, so the reader yields first.
//! - **Process CPU time** ([`process_cpu`]): `utime + stime` from `/proc/self/stat`, in
//!   clock ticks (the tick rate read from the auxiliary vector, `AT_CLKTCK`). Coarse (10 ms)
//!   but covering every thread, it checks that no client work ran elsewhere.
//! - **Peak RSS** ([`peak_rss_kib`]): `VmHWM` from `/proc/self/status`.
//!
//! ```ignore
//! let before = measure::thread_cpu()?;
//! let spent = measure::thread_cpu()?.saturating_sub(before);
//! ```

use crate::Result;
use std::time::Duration;

/// The CPU time the calling thread has used so far.
pub fn thread_cpu() -> Result<Duration> {
    // Yielding makes the kernel account the time run since the last tick.
    std::thread::yield_now();
    let text = std::fs::read_to_string("/proc/thread-self/schedstat")?;
    let nanos: u64 = text
        .split_whitespace()
        .next()
        .ok_or("/proc/thread-self/schedstat is empty")?
        .parse()?;
    Ok(Duration::from_nanos(nanos))
}

/// The CPU time (user and system) every thread of this process has used so far, with the
/// kernel's clock-tick resolution.
pub fn process_cpu() -> Result<Duration> {
    stat_cpu(14, 15)
}

/// The CPU time (user and system) of the child processes this process has waited for, and
/// of their waited-for descendants (a `cargo build` and its `rustc`s), in clock ticks.
pub fn children_cpu() -> Result<Duration> {
    stat_cpu(16, 17)
}

/// The sum of two CPU-time fields of `/proc/self/stat` (1-based, as in proc(5)).
fn stat_cpu(user: usize, system: usize) -> Result<Duration> {
    let text = std::fs::read_to_string("/proc/self/stat")?;
    // The command name is in parentheses and may contain spaces: count fields after it.
    let (_, after_name) = text
        .rsplit_once(')')
        .ok_or("/proc/self/stat has no command name")?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // The first field after the name is field 3.
    let tick = |field: usize| -> Result<u64> {
        Ok(fields
            .get(field - 3)
            .ok_or("/proc/self/stat is too short")?
            .parse()?)
    };
    let ticks = tick(user)? + tick(system)?;
    let per_second = clock_ticks_per_second()?;
    Ok(Duration::from_nanos(
        ticks.saturating_mul(1_000_000_000) / per_second,
    ))
}

/// `AT_CLKTCK` from `/proc/self/auxv`: the unit of the CPU times in `/proc/self/stat`.
fn clock_ticks_per_second() -> Result<u64> {
    const AT_CLKTCK: u64 = 17;
    let auxv = std::fs::read("/proc/self/auxv")?;
    let words: Vec<u64> = auxv
        .chunks_exact(8)
        .map(|chunk| {
            let mut bytes = [0_u8; 8];
            bytes.copy_from_slice(chunk);
            u64::from_ne_bytes(bytes)
        })
        .collect();
    words
        .chunks_exact(2)
        .find_map(|pair| match pair {
            [AT_CLKTCK, value] if *value > 0 => Some(*value),
            _ => None,
        })
        .ok_or_else(|| "no AT_CLKTCK in /proc/self/auxv".into())
}

/// The peak resident set size of this process so far (`VmHWM`), in KiB.
pub fn peak_rss_kib() -> Result<u64> {
    status_kib("VmHWM:")
}

fn status_kib(key: &str) -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find(|line| line.starts_with(key))
        .ok_or_else(|| format!("no {key} in /proc/self/status"))?;
    let value = line
        .trim_start_matches(key)
        .split_whitespace()
        .next()
        .ok_or_else(|| format!("{key} has no value"))?;
    Ok(value.parse()?)
}

/// The load average and the cargo and rustc processes running (other builds disturb
/// wall-clock figures), for the record.
pub fn machine_load() -> String {
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| {
            let parts: Vec<&str> = text.split_whitespace().take(3).collect();
            (parts.len() == 3).then(|| parts.join(" "))
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let (cargo, rustc) = build_processes();
    format!(
        "load average {load}; {} cores; {cargo} cargo and {rustc} rustc processes running",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    )
}

/// How many `rustc` processes are running.
pub fn rustc_processes() -> usize {
    build_processes().1
}

/// How many `cargo` and `rustc` processes are running (the `cargo run` that started this
/// benchmark counts as one cargo).
fn build_processes() -> (usize, usize) {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return (0, 0);
    };
    let mut counts = (0, 0);
    for entry in entries.flatten() {
        let Ok(comm) = std::fs::read_to_string(entry.path().join("comm")) else {
            continue;
        };
        match comm.trim() {
            "cargo" => counts.0 += 1,
            "rustc" => counts.1 += 1,
            _ => {}
        }
    }
    counts
}

/// The median of `values` (the mean of the middle two for an even count); zero when empty.
pub fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match (sorted.len() % 2, sorted.get(middle), middle.checked_sub(1)) {
        (1, Some(value), _) => *value,
        (0, Some(high), Some(low)) => sorted.get(low).map_or(*high, |low| (*low + *high) / 2),
        _ => Duration::ZERO,
    }
}

/// `numerator / denominator` as a float; infinite when the denominator is zero.
pub fn ratio(numerator: Duration, denominator: Duration) -> f64 {
    numerator.as_secs_f64() / denominator.as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[]), Duration::ZERO);
        assert_eq!(median(&[ms(3)]), ms(3));
        assert_eq!(median(&[ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(median(&[ms(4), ms(1), ms(2), ms(10)]), ms(3));
    }

    #[test]
    fn proc_readers_work_here() {
        let before = thread_cpu().unwrap();
        let mut x = 0_u64;
        for i in 0..5_000_000_u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        assert!(thread_cpu().unwrap() > before);
        assert!(process_cpu().is_ok());
        assert!(peak_rss_kib().unwrap() >= status_kib("VmRSS:").unwrap());
        assert_eq!(clock_ticks_per_second().unwrap(), 100);
    }
}
