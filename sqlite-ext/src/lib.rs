//! synth's tables as SQLite table-valued functions (eponymous virtual tables).
//!
//! `register(&conn)` adds every table of `synth_core::TABLES` and `synth_version()` to a
//! connection (the seeder's embedded engine). Built with `--features loadable`, the same code is
//! a loadable extension: `.load ./libsynth` in the sqlite3 shell finds `sqlite3_synth_init`.
//!
//! Arguments are hidden columns in parameter order, so `synth_customers(1000, 7)` sets `n` and
//! `seed`, and `WHERE duplicates = 0.1` sets a later one. Each argument's type is checked here
//! (SQLite applies no affinity to hidden columns) and errors name the argument. No panic
//! crosses into SQLite: every callback runs under `catch_unwind`.

use rusqlite::ffi;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::vtab::{
    Context, Filters, IndexConstraintOp, IndexInfo, Module, VTab, VTabConfig, VTabConnection,
    VTabCursor,
};
use rusqlite::{Connection, Error, Result};
use std::borrow::Cow;
use std::ffi::{c_int, CStr, CString};
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use synth_core::checks::{QueryRunner, QuerySink};
use synth_core::schema::{Arg, Args, LType, PType, Param};
use synth_core::tables::sales;
use synth_core::{Date, Row, RowSource, TableDef, Value};

pub mod fill;

/// The parameters of `synth_fill(table, n, seed)`.
const FILL_PARAMS: &[Param] = &[
    Param {
        name: "table",
        ty: PType::Text,
        default: synth_core::schema::Default::Required,
        doc: "the table to fill",
    },
    Param {
        name: "n",
        ty: PType::Int,
        default: synth_core::schema::Default::Required,
        doc: "rows to add",
    },
    Param {
        name: "seed",
        ty: PType::Int,
        default: synth_core::schema::Default::Int(42),
        doc: "the seed",
    },
];

/// The oldest SQLite this extension supports (innocuous virtual tables: 3.31).
pub const MIN_SQLITE_VERSION: c_int = 3_031_000;

/// Whether a table function generates its rows on a second thread, ahead of SQLite (the same
/// rows in the same order): yes unless the environment variable `SYNTH_GENERATOR_THREAD` is
/// `off`, `0`, `false` or `no` when the first call reads it.
fn generator_thread() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        !matches!(
            std::env::var("SYNTH_GENERATOR_THREAD")
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str(),
            "off" | "0" | "false" | "no"
        )
    })
}

/// Registers every synth table function and `synth_version()` on `conn`.
pub fn register(conn: &Connection) -> Result<()> {
    const MODULE: Module<'static, SynthTab> = Module::eponymous_only_module();
    for def in synth_core::TABLES {
        let name = CString::new(def.function).expect("function names have no NUL");
        conn.create_module(name.as_c_str(), &MODULE, Some(def))?;
    }
    conn.create_scalar_function(
        c"synth_version",
        0,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |_| Ok(synth_core::VERSION),
    )?;
    // Writes to the database: never from a trigger or a view (SQLITE_DIRECTONLY).
    conn.create_scalar_function(
        c"synth_fill",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY,
        |ctx| {
            guard("synth_fill", || {
                let fail = |m: String| Error::UserFunctionError(m.into());
                if ctx.len() < 2 || ctx.len() > 3 {
                    return Err(fail(format!(
                        "synth_fill: takes 2 or 3 arguments (table, n, seed), got {}",
                        ctx.len()
                    )));
                }
                let mut args = Vec::new();
                for (i, p) in FILL_PARAMS.iter().enumerate().take(ctx.len()) {
                    let a = param_arg("synth_fill", p, ctx.get_raw(i)).map_err(fail)?;
                    if a == Arg::Null {
                        return Err(fail(format!(
                            "synth_fill: invalid argument {}: must not be NULL",
                            p.name
                        )));
                    }
                    args.push(a);
                }
                let (Arg::Text(table), Arg::Int(n)) = (&args[0], &args[1]) else {
                    unreachable!("checked by param_arg")
                };
                let seed = match args.get(2) {
                    Some(Arg::Int(s)) => *s,
                    _ => 42,
                };
                // SAFETY: the connection is only used inside this call, on this thread.
                let conn = unsafe { ctx.get_connection() }?;
                let n = fill::fill(&conn, table, *n, seed)
                    .map_err(|e| fail(format!("synth_fill: {e}")))?;
                Ok(n as i64)
            })
        },
    )?;
    conn.create_scalar_function(
        c"synth_sale",
        -1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            guard("synth_sale", || {
                let params = sales::SCALAR_PARAMS;
                if ctx.len() < 5 || ctx.len() > params.len() {
                    return Err(Error::UserFunctionError(
                        format!(
                            "synth_sale: takes 5 to {} arguments ({}), got {}",
                            params.len(),
                            params.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
                            ctx.len()
                        )
                        .into(),
                    ));
                }
                let mut values = Vec::with_capacity(ctx.len());
                for (i, p) in params.iter().enumerate().take(ctx.len()) {
                    values.push(
                        param_arg("synth_sale", p, ctx.get_raw(i))
                            .map_err(|e| Error::UserFunctionError(e.into()))?,
                    );
                }
                // NULL in, NULL out, as PostgreSQL's STRICT synth_sale (a customer without an
                // age has no sale).
                if values.contains(&Arg::Null) {
                    return Ok(None);
                }
                let a = Args::new(params, &values)
                    .map_err(|e| Error::UserFunctionError(e.to_string().into()))?;
                let cents = sales::sale(&a)
                    .map_err(|e| Error::UserFunctionError(format!("synth_sale: {e}").into()))?;
                Ok(Some(cents as f64 / 100.0))
            })
        },
    )?;
    Ok(())
}

fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => Err(Error::ModuleError(format!(
            "synth: internal error in {what}: {}",
            synth_core::error::panic_text(&*p)
        ))),
    }
}

fn sql_type(t: LType) -> &'static str {
    match t {
        LType::Int64 | LType::Int32 | LType::Int16 | LType::Bool => "INTEGER",
        LType::Money | LType::Float64 => "REAL",
        LType::Text | LType::Date | LType::Json => "TEXT",
    }
}

#[repr(C)]
pub struct SynthTab {
    base: ffi::sqlite3_vtab,
    def: &'static TableDef,
    /// The connection a reading function (the checks of a user's table) queries.
    db: *mut ffi::sqlite3,
}

unsafe impl<'vtab> VTab<'vtab> for SynthTab {
    type Aux = &'static TableDef;
    type Cursor = SynthCursor<'vtab>;

    fn connect(
        db: &mut VTabConnection,
        aux: Option<&&'static TableDef>,
        _module: &[u8],
        _database: &[u8],
        _table: &[u8],
        _args: &[&[u8]],
    ) -> Result<(Cow<'static, CStr>, Self)> {
        let def: &'static TableDef =
            aux.ok_or_else(|| Error::ModuleError("synth: module without a table".into()))?;
        // A function that reads tables named in its arguments must not run from a view,
        // trigger or CHECK of an untrusted schema; the generators are harmless anywhere.
        db.config(if def.reads() {
            VTabConfig::DirectOnly
        } else {
            VTabConfig::Innocuous
        })?;
        // SAFETY: the handle of the connection this virtual table belongs to; it outlives the
        // table and is only used from SQLite's own callbacks on that connection.
        let handle = unsafe { db.handle() };
        let mut sql = String::from("CREATE TABLE x(");
        for (i, c) in def.columns.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("\"{}\" {}", c.name, sql_type(c.ty)));
        }
        for p in def.params {
            sql.push_str(&format!(", \"{}\" HIDDEN", p.name));
        }
        sql.push(')');
        let sql = CString::new(sql).map_err(|e| Error::ModuleError(e.to_string()))?;
        Ok((
            Cow::Owned(sql),
            SynthTab {
                base: ffi::sqlite3_vtab::default(),
                def,
                db: handle,
            },
        ))
    }

    fn best_index(&self, info: &mut IndexInfo) -> Result<bool> {
        guard("best_index", || {
            let ncols = self.def.columns.len() as c_int;
            let nparams = self.def.params.len();
            let mut used: Vec<Option<usize>> = vec![None; nparams];
            let mut unusable = false;
            for (i, c) in info.constraints().enumerate() {
                let col = c.column();
                if col < ncols {
                    continue;
                }
                let p = (col - ncols) as usize;
                if !c.is_usable() {
                    unusable = true;
                } else if c.operator() == IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_EQ {
                    used[p] = Some(i);
                }
            }
            // A plan that cannot bind a given argument is not a plan: SQLite tries another.
            if unusable && used.iter().all(|u| u.is_none()) {
                return Ok(false);
            }
            let mut mask = 0;
            let mut argv = 0;
            for (p, u) in used.iter().enumerate() {
                if let Some(i) = *u {
                    argv += 1;
                    mask |= 1 << p;
                    let mut cu = info.constraint_usage(i);
                    cu.set_argv_index(argv);
                    cu.set_omit(true);
                }
            }
            info.set_idx_num(mask);
            info.set_estimated_cost(1000.0);
            info.set_estimated_rows(1000);
            Ok(true)
        })
    }

    fn open(&'vtab mut self) -> Result<SynthCursor<'vtab>> {
        Ok(SynthCursor {
            base: ffi::sqlite3_vtab_cursor::default(),
            def: self.def,
            db: self.db,
            src: None,
            row: Row::new(),
            eof: true,
            rowid: 0,
            text: String::new(),
            params: Vec::new(),
            _p: PhantomData,
        })
    }
}

#[repr(C)]
pub struct SynthCursor<'vtab> {
    base: ffi::sqlite3_vtab_cursor,
    def: &'static TableDef,
    db: *mut ffi::sqlite3,
    src: Option<Box<dyn RowSource>>,
    row: Row,
    eof: bool,
    rowid: i64,
    text: String,
    /// The value of each argument (hidden column) of this call: given or its default, so
    /// that `SELECT seed ...` and constraints SQLite re-checks on it see what was used.
    params: Vec<rusqlite::types::Value>,
    _p: PhantomData<&'vtab SynthTab>,
}

fn owned(v: ValueRef<'_>) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        ValueRef::Null => V::Null,
        ValueRef::Integer(i) => V::Integer(i),
        ValueRef::Real(f) => V::Real(f),
        ValueRef::Text(t) => V::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => V::Blob(b.to_vec()),
    }
}

/// A parameter's default as SQLite shows it (dates and lists as text).
fn default_value(d: &synth_core::schema::Default) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    use synth_core::schema::Default as D;
    match *d {
        D::Required | D::Null => V::Null,
        D::Int(i) => V::Integer(i),
        D::Float(f) => V::Real(f),
        D::Date(d) => V::Text(d.to_string()),
        D::FloatList(l) => V::Text(
            l.iter()
                .map(|f| format!("{f:?}"))
                .collect::<Vec<_>>()
                .join(","),
        ),
        D::Text(t) => V::Text(t.to_string()),
    }
}

fn describe(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => synth_core::error::shown(&f.to_string()),
        ValueRef::Text(t) => format!(
            "text '{}'",
            synth_core::error::shown(&String::from_utf8_lossy(t))
        ),
        ValueRef::Blob(_) => "a blob".into(),
    }
}

/// Converts one SQLite argument to the parameter's type, naming the argument on error.
fn to_arg(def: &TableDef, p: usize, v: ValueRef<'_>) -> Result<Arg, String> {
    param_arg(def.function, &def.params[p], v)
}

fn param_arg(function: &str, param: &Param, v: ValueRef<'_>) -> Result<Arg, String> {
    let bad = |what: &str| {
        format!(
            "{function}: invalid argument {}: must be {what}, got {}",
            param.name,
            describe(v)
        )
    };
    Ok(match (param.ty, v) {
        (_, ValueRef::Null) => Arg::Null,
        (PType::Int, ValueRef::Integer(i)) => Arg::Int(i),
        (PType::Int, ValueRef::Real(f)) if f.fract() == 0.0 && f.abs() < 9.0e18 => {
            Arg::Int(f as i64)
        }
        (PType::Int, _) => return Err(bad("an integer")),
        (PType::Float, ValueRef::Integer(i)) => Arg::Float(i as f64),
        (PType::Float, ValueRef::Real(f)) => Arg::Float(f),
        (PType::Float, _) => return Err(bad("a number")),
        (PType::Date, ValueRef::Text(t)) => match std::str::from_utf8(t).ok().and_then(Date::parse)
        {
            Some(d) => Arg::Date(d),
            None => return Err(bad("a date 'YYYY-MM-DD'")),
        },
        (PType::Date, _) => return Err(bad("a date 'YYYY-MM-DD'")),
        (PType::FloatList, ValueRef::Text(t)) => {
            match std::str::from_utf8(t)
                .ok()
                .and_then(synth_core::schema::parse_float_list)
            {
                Some(l) => Arg::FloatList(l),
                None => return Err(bad("a list of numbers such as '0,0.5,1'")),
            }
        }
        (PType::FloatList, ValueRef::Integer(i)) => Arg::FloatList(vec![i as f64]),
        (PType::FloatList, ValueRef::Real(f)) => Arg::FloatList(vec![f]),
        (PType::FloatList, _) => return Err(bad("a list of numbers such as '0,0.5,1'")),
        (PType::Text, ValueRef::Text(t)) => match std::str::from_utf8(t) {
            Ok(t) => Arg::Text(t.to_string()),
            Err(_) => return Err(bad("UTF-8 text")),
        },
        (PType::Text, _) => return Err(bad("a text")),
    })
}

impl SynthCursor<'_> {
    fn advance(&mut self) {
        self.eof = match self.src.as_mut() {
            Some(s) => !s.next_row(&mut self.row),
            None => true,
        };
        self.rowid += 1;
    }
}

unsafe impl VTabCursor for SynthCursor<'_> {
    fn filter(&mut self, idx_num: c_int, _idx_str: Option<&str>, args: &Filters<'_>) -> Result<()> {
        guard("filter", || {
            let def = self.def;
            let mut values = vec![Arg::Absent; def.params.len()];
            self.params.clear();
            let mut it = args.iter();
            for (p, v) in values.iter_mut().enumerate() {
                if idx_num & (1 << p) != 0 {
                    let raw = it.next().ok_or_else(|| {
                        Error::ModuleError("synth: argument count mismatch".into())
                    })?;
                    *v = to_arg(def, p, raw).map_err(Error::ModuleError)?;
                    self.params.push(owned(raw));
                } else {
                    self.params.push(default_value(&def.params[p].default));
                }
            }
            if values[0] == Arg::Absent {
                return Err(Error::ModuleError(format!(
                    "{}: missing required argument {} (call it as {}({}, ...))",
                    def.function, def.params[0].name, def.function, def.params[0].name
                )));
            }
            let src = if def.reads() {
                // SAFETY: the table's own connection, alive while SQLite runs this cursor; the
                // borrowed Connection does not close it when dropped.
                let conn = unsafe { Connection::from_handle(self.db) }?;
                def.open_reading(&values, Some(&mut Reader { conn: &conn }))
            } else {
                def.open_args(&values).map(|src| {
                    if generator_thread() {
                        synth_core::ahead::run_ahead(
                            src,
                            synth_core::ahead::MIN_ROWS,
                            synth_core::ahead::std_spawn,
                        )
                    } else {
                        src
                    }
                })
            }
            .map_err(|e| Error::ModuleError(format!("{}: {e}", def.function)))?;
            self.src = Some(src);
            self.rowid = 0;
            self.advance();
            Ok(())
        })
    }

    fn next(&mut self) -> Result<()> {
        guard("next", || {
            self.advance();
            Ok(())
        })
    }

    fn eof(&self) -> bool {
        self.eof
    }

    fn column(&self, ctx: &mut Context, i: c_int) -> Result<()> {
        guard("column", || {
            let i = i as usize;
            if i >= self.row.len() {
                // A hidden column: the argument's value in this call.
                return match self.params.get(i - self.def.columns.len()) {
                    Some(v) => ctx.set_result(v),
                    None => ctx.set_result(&rusqlite::types::Null),
                };
            }
            match self.row.get(i) {
                Value::Null => ctx.set_result(&rusqlite::types::Null),
                Value::Int(v) => ctx.set_result(&v),
                Value::Money(c) => ctx.set_result(&(c as f64 / 100.0)),
                Value::Float(f) => ctx.set_result(&f),
                Value::Bool(b) => ctx.set_result(&(b as i64)),
                Value::Text(s) => ctx.set_result(&s),
                Value::Date(d) => ctx.set_result(&d.to_string()),
            }
        })
    }

    fn rowid(&self) -> Result<i64> {
        Ok(self.rowid)
    }
}

/// Runs a check's query on the calling connection: one read-only statement, rows streamed.
struct Reader<'c> {
    conn: &'c Connection,
}

impl QueryRunner for Reader<'_> {
    fn run(&mut self, sql: &str, sink: &mut dyn QuerySink) -> synth_core::Result<()> {
        let err = |e: Error| synth_core::Error::Usage(e.to_string());
        let mut stmt = self.conn.prepare(sql).map_err(err)?;
        if !stmt.readonly() {
            return Err(synth_core::Error::Usage(format!(
                "not a read-only query: {sql}"
            )));
        }
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        sink.columns(&refs)?;
        let n = names.len();
        let mut rows = stmt.query([]).map_err(err)?;
        while let Some(r) = rows.next().map_err(err)? {
            let mut vals: Vec<Value<'_>> = Vec::with_capacity(n);
            for i in 0..n {
                vals.push(match r.get_ref(i).map_err(err)? {
                    ValueRef::Null | ValueRef::Blob(_) => Value::Null,
                    ValueRef::Integer(x) => Value::Int(x),
                    ValueRef::Real(f) => Value::Float(f),
                    ValueRef::Text(t) => Value::Text(std::str::from_utf8(t).unwrap_or("")),
                });
            }
            sink.row(&vals)?;
        }
        Ok(())
    }
}

/// Entry point of the loadable library: SQLite derives `sqlite3_synth_init` from `libsynth`.
///
/// # Safety
/// Called by SQLite with a valid connection and API table.
#[cfg(feature = "loadable")]
#[no_mangle]
pub unsafe extern "C" fn sqlite3_synth_init(
    db: *mut ffi::sqlite3,
    pz_err_msg: *mut *mut std::ffi::c_char,
    p_api: *mut ffi::sqlite3_api_routines,
) -> c_int {
    let r = catch_unwind(|| unsafe { Connection::extension_init2(db, pz_err_msg, p_api, init) });
    r.unwrap_or(ffi::SQLITE_ERROR)
}

#[cfg(feature = "loadable")]
fn init(conn: Connection) -> Result<bool> {
    let v = unsafe { ffi::sqlite3_libversion_number() };
    if v < MIN_SQLITE_VERSION {
        return Err(Error::ModuleError(format!(
            "synth needs SQLite 3.31.0 or newer, this is {v}"
        )));
    }
    register(&conn)?;
    Ok(false)
}
