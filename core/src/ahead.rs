//! Generation ahead of the reader, on a thread of its own.
//!
//! [`run_ahead`] wraps a [`RowSource`]: a worker thread generates the rows into batches while
//! the caller (a database backend forming tuples and writing them) consumes the previous batch,
//! so generation and the engine's own work overlap on two cores. The rows, their order and
//! their bytes are those of the wrapped source: only where they are computed changes.
//!
//! Memory is flat: at most [`DEPTH`] batches are in flight and batches are reused. The first
//! batches are small, so that `LIMIT 5` still returns at once. Dropping the wrapper (the end
//! of the scan, an error, a cancel) stops the worker within one batch and joins it.

use crate::{Row, RowSource};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Batches in flight between the worker and the reader.
pub const DEPTH: usize = 3;
/// Rows in the first batch; each next batch doubles, up to [`MAX_BATCH`].
const FIRST_BATCH: usize = 8;
/// Calls with fewer rows than this are not worth a thread (it costs tens of microseconds to
/// start, about a hundred rows' worth): the engines pass it to [`run_ahead`].
pub const MIN_ROWS: u64 = 4096;
/// Rows in a full batch: large enough that the hand-over costs nothing per row, small enough
/// that stopping the worker waits for well under a millisecond of generation.
pub const MAX_BATCH: usize = 512;

/// The worker's half: a function the spawner runs on a new thread.
pub type Work = Box<dyn FnOnce() + Send + 'static>;

/// Starts `work` on a new thread. An engine passes its own to prepare the thread (PostgreSQL
/// blocks signals so that its handlers only ever run on the backend's thread).
pub type Spawner = fn(Work) -> std::io::Result<JoinHandle<()>>;

/// Spawns with the standard library's defaults.
pub fn std_spawn(work: Work) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("synth-ahead".into())
        .spawn(work)
}

enum Msg {
    /// A batch, its rows in use, and the source's `remaining()` after them.
    Rows(Vec<Row>, usize, u64),
    Panicked(String),
}

/// A source whose rows are generated on a worker thread.
pub struct RunAhead {
    rx: Option<Receiver<Msg>>,
    back: Sender<Vec<Row>>,
    batch: Vec<Row>,
    fill: usize,
    at: usize,
    /// The source's `remaining()` after the batch being read.
    left: u64,
    slice_units: u64,
    worker: Option<JoinHandle<()>>,
}

/// Runs `src` ahead on a thread from `spawn`, or returns it as it is when it has fewer than
/// `min_rows` rows (a thread is not worth it) or the thread cannot be started.
pub fn run_ahead(src: Box<dyn RowSource>, min_rows: u64, spawn: Spawner) -> Box<dyn RowSource> {
    let remaining = src.remaining();
    if remaining < min_rows {
        return src;
    }
    let slice_units = src.slice_units();
    // The worker takes the source from here; a failed spawn leaves it here to hand back.
    let slot = Arc::new(Mutex::new(Some(src)));
    let (tx, rx) = sync_channel::<Msg>(DEPTH);
    let (back_tx, back_rx) = channel::<Vec<Row>>();
    let worker_slot = slot.clone();
    let work: Work = Box::new(move || {
        let Some(mut src) = worker_slot.lock().ok().and_then(|mut g| g.take()) else {
            return;
        };
        drop(worker_slot);
        let run = std::panic::AssertUnwindSafe(|| produce(&mut *src, &tx, &back_rx));
        if let Err(p) = std::panic::catch_unwind(run) {
            let _ = tx.send(Msg::Panicked(crate::error::panic_text(&*p)));
        }
    });
    match spawn(work) {
        Ok(worker) => Box::new(RunAhead {
            rx: Some(rx),
            back: back_tx,
            batch: Vec::new(),
            fill: 0,
            at: 0,
            left: remaining,
            slice_units,
            worker: Some(worker),
        }),
        Err(_) => match slot.lock().ok().and_then(|mut g| g.take()) {
            Some(src) => src,
            None => unreachable!("an unstarted worker cannot have taken the source"),
        },
    }
}

/// The worker: fills batches until the source ends or the reader is gone.
fn produce(src: &mut dyn RowSource, tx: &SyncSender<Msg>, back: &Receiver<Vec<Row>>) {
    let mut size = FIRST_BATCH;
    loop {
        let mut batch = back.try_recv().unwrap_or_default();
        if batch.len() < size {
            batch.resize_with(size, Row::new);
        }
        let mut fill = 0;
        while fill < size && src.next_row(&mut batch[fill]) {
            fill += 1;
        }
        let done = fill < size;
        if fill > 0 && tx.send(Msg::Rows(batch, fill, src.remaining())).is_err() {
            return; // the reader stopped
        }
        if done {
            return; // dropping `tx` tells the reader
        }
        size = (size * 2).min(MAX_BATCH);
    }
}

impl RowSource for RunAhead {
    fn next_row(&mut self, row: &mut Row) -> bool {
        if self.at == self.fill {
            let Some(rx) = &self.rx else { return false };
            match rx.recv() {
                Ok(Msg::Rows(batch, fill, left)) => {
                    let old = std::mem::replace(&mut self.batch, batch);
                    if !old.is_empty() {
                        let _ = self.back.send(old);
                    }
                    self.fill = fill;
                    self.at = 0;
                    self.left = left;
                }
                Ok(Msg::Panicked(msg)) => {
                    self.stop();
                    panic!("the generating thread failed: {msg}");
                }
                Err(_) => {
                    self.stop();
                    return false;
                }
            }
        }
        std::mem::swap(row, &mut self.batch[self.at]);
        self.at += 1;
        true
    }

    /// The source's own count after the batch being read, plus the batch's unread rows:
    /// exact for the tables that count rows, as close as the source's count for the others.
    fn remaining(&self) -> u64 {
        self.left.saturating_add((self.fill - self.at) as u64)
    }

    fn slice_units(&self) -> u64 {
        self.slice_units
    }
}

impl RunAhead {
    /// Stops the worker (its next hand-over fails) and waits for it.
    fn stop(&mut self) {
        self.rx = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

impl Drop for RunAhead {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Arg, TABLES};

    fn open(table: &str, n: i64) -> Box<dyn RowSource> {
        crate::find(table)
            .unwrap()
            .open_args(&[Arg::Int(n), Arg::Int(7)])
            .unwrap()
    }

    fn drain(src: &mut dyn RowSource) -> Vec<String> {
        let mut row = Row::new();
        let mut out = Vec::new();
        while src.next_row(&mut row) {
            out.push(format!("{:?}", row.values().collect::<Vec<_>>()));
        }
        out
    }

    #[test]
    fn rows_ahead_are_the_rows_inline() {
        for def in TABLES.iter().filter(|d| d.slices()) {
            let inline = drain(&mut *open(def.name, 1500));
            let mut ahead = run_ahead(open(def.name, 1500), 0, std_spawn);
            let units = open(def.name, 1500).slice_units();
            let before = open(def.name, 1500).remaining();
            assert_eq!(ahead.remaining(), before, "{}", def.name);
            assert_eq!(ahead.slice_units(), units, "{}", def.name);
            let got = drain(&mut *ahead);
            assert_eq!(got.len(), inline.len(), "{}", def.name);
            assert!(got == inline, "{}: rows differ ahead", def.name);
            assert_eq!(ahead.remaining(), 0);
            let mut row = Row::new();
            assert!(
                !ahead.next_row(&mut row),
                "a finished source stays finished"
            );
        }
    }

    #[test]
    fn remaining_counts_down_across_batches() {
        let mut src = run_ahead(open("customers", 5000), 0, std_spawn);
        let mut row = Row::new();
        for read in 1..=2000u64 {
            assert!(src.next_row(&mut row));
            assert_eq!(src.remaining(), 5000 - read);
        }
    }

    #[test]
    fn small_sources_stay_on_the_callers_thread() {
        fn refuse(_: Work) -> std::io::Result<JoinHandle<()>> {
            panic!("no thread may be spawned for a small source")
        }
        let mut src = run_ahead(open("customers", 100), 101, refuse);
        assert_eq!(drain(&mut *src).len(), 100);
    }

    #[test]
    fn a_failed_spawn_falls_back_to_the_source_itself() {
        fn fail(_: Work) -> std::io::Result<JoinHandle<()>> {
            Err(std::io::Error::other("no threads here"))
        }
        let inline = drain(&mut *open("customers", 3000));
        let mut src = run_ahead(open("customers", 3000), 0, fail);
        assert!(drain(&mut *src) == inline);
    }

    #[test]
    fn dropping_early_stops_the_worker() {
        // A billion rows: the test would hang if the worker kept generating after the drop.
        let mut src = run_ahead(open("customers", 1_000_000_000), 0, std_spawn);
        let mut row = Row::new();
        for _ in 0..5 {
            assert!(src.next_row(&mut row));
        }
        let t = std::time::Instant::now();
        drop(src);
        assert!(t.elapsed() < std::time::Duration::from_secs(5));
    }

    struct Bomb(u64);
    impl RowSource for Bomb {
        fn next_row(&mut self, row: &mut Row) -> bool {
            self.0 += 1;
            assert!(self.0 < 100, "bomb went off");
            row.clear();
            row.int(self.0 as i64);
            true
        }
        fn remaining(&self) -> u64 {
            u64::MAX
        }
    }

    #[test]
    fn a_panic_on_the_worker_reaches_the_reader() {
        let mut src = run_ahead(Box::new(Bomb(0)), 0, std_spawn);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drain(&mut *src)));
        let msg = r.unwrap_err();
        let msg = msg.downcast_ref::<String>().unwrap();
        assert!(msg.contains("bomb went off"), "{msg}");
    }
}
