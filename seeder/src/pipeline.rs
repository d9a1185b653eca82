//! One query from an engine to a writer, on two threads: the engine fills batches of rows
//! (generation, SQLite, the network) while the writer formats and compresses the previous
//! batch. At most [`DEPTH`] batches of [`BATCH`] rows are in flight and batches are reused,
//! so memory is flat whatever the row count.

use crate::engine::{Engine, RowSink};
use crate::format::Writer;
use crate::types::ColumnInfo;
use std::io::IsTerminal;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use synth_core::Row;

const BATCH: usize = 2048;
const DEPTH: usize = 4;

enum Msg {
    Columns(Vec<ColumnInfo>),
    Rows(Vec<Row>, usize),
}

struct ChannelSink {
    tx: SyncSender<Msg>,
    back: Receiver<Vec<Row>>,
    batch: Vec<Row>,
    fill: usize,
}

const GONE: &str = "\u{0}writer stopped";

impl ChannelSink {
    fn flush(&mut self) -> Result<(), String> {
        if self.fill == 0 {
            return Ok(());
        }
        let next = self.back.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.batch, next);
        self.tx
            .send(Msg::Rows(full, self.fill))
            .map_err(|_| GONE.to_string())?;
        self.fill = 0;
        Ok(())
    }
}

impl RowSink for ChannelSink {
    fn columns(&mut self, cols: Vec<ColumnInfo>) -> Result<(), String> {
        self.tx
            .send(Msg::Columns(cols))
            .map_err(|_| GONE.to_string())
    }

    #[inline]
    fn row_buf(&mut self) -> &mut Row {
        if self.batch.len() <= self.fill {
            self.batch.push(Row::new());
        }
        let r = &mut self.batch[self.fill];
        r.clear();
        r
    }

    #[inline]
    fn push(&mut self) -> Result<(), String> {
        self.fill += 1;
        if self.fill == BATCH {
            self.flush()?;
        }
        Ok(())
    }
}

/// Progress on stderr, only when stderr is a terminal.
#[derive(Clone)]
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {msg}: {human_pos} rows ({per_sec:0}, {elapsed})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b.enable_steady_tick(std::time::Duration::from_millis(150));
            b
        });
        Progress { bar }
    }

    fn start(&self, name: &str) {
        if let Some(b) = &self.bar {
            b.reset();
            b.set_message(name.to_string());
        }
    }

    fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn note(&self, msg: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    /// Shown while the file is completed (xlsx compresses its sheets at the end).
    pub fn saving(&self, what: &str) {
        if let Some(b) = &self.bar {
            b.set_message(format!("{} (writing {what})", b.message()));
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Runs `sql` on `engine` and writes its rows with `writer` as result set `name`.
pub fn run(
    engine: &mut dyn Engine,
    sql: &str,
    allow_write: bool,
    name: &str,
    writer: &mut dyn Writer,
    progress: &Progress,
) -> Result<u64, String> {
    progress.start(name);
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Msg>(DEPTH);
        let (back_tx, back_rx): (Sender<Vec<Row>>, Receiver<Vec<Row>>) = channel();
        let producer = s.spawn(move || {
            let mut sink = ChannelSink {
                tx,
                back: back_rx,
                batch: Vec::with_capacity(BATCH),
                fill: 0,
            };
            let n = engine.run(sql, allow_write, &mut sink)?;
            sink.flush()?;
            Ok::<u64, String>(n)
        });
        let mut written: Result<(), String> = Ok(());
        let mut begun = false;
        for msg in rx.iter() {
            let r = match msg {
                Msg::Columns(cols) => {
                    begun = true;
                    writer.begin(name, &cols)
                }
                Msg::Rows(rows, n) => {
                    let r = rows[..n].iter().try_for_each(|row| writer.row(row));
                    progress.inc(n as u64);
                    let _ = back_tx.send(rows);
                    r
                }
            };
            if let Err(e) = r {
                written = Err(e);
                break;
            }
        }
        drop(rx);
        let produced = producer
            .join()
            .unwrap_or_else(|_| Err("internal error: the query thread panicked".into()));
        written?;
        let n = produced?;
        if !begun {
            return Err("the query produced no result".into());
        }
        writer.end()?;
        Ok(n)
    })
}
