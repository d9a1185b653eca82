//! The one set-returning function behind every `synth_<table>_rows(...)`: reads the call's
//! arguments in the order of the table's parameters, opens the core's row stream, and returns
//! one composite row per call (value-per-call), so memory stays flat and an enclosing `LIMIT`
//! stops generation.
//!
//! Nothing here is specific to a table: arguments are read by [`PType`], cells are converted by
//! [`LType`]. Errors from the core become `ereport(ERROR)` with the core's SQLSTATE.

use core::ptr;

use pgrx::pg_sys;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::{PgLogLevel, PgMemoryContexts, PgSqlErrorCode};
use synth_core::schema::PType;
use synth_core::{Arg, Date, Error, LType, Row, RowSource, TableDef, Value};

/// Days from 1970-01-01 (the core's date epoch) to 2000-01-01 (PostgreSQL's).
pub const PG_EPOCH_OFFSET_DAYS: i32 = 10_957;

/// Starts the generating thread with every signal blocked: PostgreSQL's signal handlers
/// (cancel, timeouts, termination) must only ever run on the backend's own thread. The thread
/// inherits the mask that is set while it is created; the backend's mask is restored at once,
/// so a signal arriving meanwhile waits and is then delivered to the backend as usual. The
/// thread never calls into PostgreSQL: it fills batches of rows with the core alone.
fn spawn_without_signals(
    work: synth_core::ahead::Work,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    // SAFETY: plain libc calls on a stack-allocated signal set.
    unsafe {
        let mut all: libc::sigset_t = core::mem::zeroed();
        let mut old: libc::sigset_t = core::mem::zeroed();
        libc::sigfillset(&mut all);
        if libc::pthread_sigmask(libc::SIG_BLOCK, &all, &mut old) != 0 {
            return Err(std::io::Error::other("pthread_sigmask failed"));
        }
        let r = synth_core::ahead::std_spawn(work);
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, ptr::null_mut());
        r
    }
}

/// The state of one call, kept in the call's multi-call memory context and dropped with it
/// (at the end of the rows, at the end of the scan, or on error).
struct Stream {
    def: &'static TableDef,
    src: Box<dyn RowSource>,
    row: Row,
    tupdesc: pg_sys::TupleDesc,
    datums: Vec<pg_sys::Datum>,
    nulls: Vec<bool>,
    /// Varlena images of the row's text cells (4-byte aligned), valid until the next row.
    text: Vec<u32>,
    /// (column, word offset into `text`) of each text cell of the current row.
    text_cells: Vec<(usize, usize)>,
}

/// The body of the C row source of every table.
///
/// # Safety
/// `fcinfo` must be the call info Postgres passed to a `synth_<table>_rows` function declared
/// by the generated SQL (its arguments and result columns are checked on the first call).
pub unsafe fn stream(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    unsafe {
        if (*(*fcinfo).flinfo).fn_extra.is_null() {
            first_call(table_of_call(fcinfo), fcinfo);
        }
        // What per_MultiFuncCall() does, without the FFI call.
        let fcx = (*(*fcinfo).flinfo)
            .fn_extra
            .cast::<pg_sys::FuncCallContext>();
        let state = &mut *(*fcx).user_fctx.cast::<Stream>();

        // Cancel and statement_timeout: one check per row.
        pgrx::check_for_interrupts!();

        if state.src.next_row(&mut state.row) {
            let datum = state.form_tuple();
            pgrx::fcinfo::srf_return_next(fcinfo, fcx);
            datum
        } else {
            // Deletes the multi-call context, which drops `state`.
            pgrx::fcinfo::srf_return_done(fcinfo, fcx);
            pgrx::fcinfo::pg_return_null(fcinfo)
        }
    }
}

/// The table whose row source was called: `synth_<table>_rows` names `synth_<table>`.
unsafe fn table_of_call(fcinfo: pg_sys::FunctionCallInfo) -> &'static TableDef {
    let name = unsafe {
        let p = pg_sys::get_func_name((*(*fcinfo).flinfo).fn_oid);
        if p.is_null() {
            String::new()
        } else {
            core::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    };
    match name
        .strip_suffix(crate::sqlgen::ROWS_SUFFIX)
        .and_then(synth_core::find)
    {
        Some(def) => def,
        None => {
            ErrorReport::new(
                PgSqlErrorCode::ERRCODE_UNDEFINED_FUNCTION,
                format!("synth: {name}() is not the row source of a synth table (is the extension up to date?)"),
                "synth_table_rows",
            )
            .report(PgLogLevel::ERROR);
            unreachable!("ereport(ERROR) returned")
        }
    }
}

unsafe fn first_call(def: &'static TableDef, fcinfo: pg_sys::FunctionCallInfo) {
    unsafe {
        // Check the calling context before anything else (raises 0A000 if it cannot take a set).
        let rsinfo = (*fcinfo).resultinfo.cast::<pg_sys::ReturnSetInfo>();
        if rsinfo.is_null() || (*rsinfo).type_ != pg_sys::NodeTag::T_ReturnSetInfo {
            ErrorReport::new(
                PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
                format!(
                    "{}: set-valued function called in context that cannot accept a set",
                    def.function
                ),
                def.function,
            )
            .report(PgLogLevel::ERROR);
        }
        // A bad call fails here, before any state exists.
        let args = read_args(def, fcinfo);
        let src = if def.reads() {
            def.open_reading(&args, Some(&mut crate::reader::SpiReader))
        } else {
            def.open_args(&args)
        }
        .unwrap_or_else(|e| raise(def, &e));
        // Generation runs ahead on a thread of its own (not for a reading function: SPI belongs
        // to the backend's thread), so that it overlaps with PostgreSQL's tuple work.
        let src = if !def.reads() && crate::GENERATOR_THREAD.get() {
            synth_core::ahead::run_ahead(src, synth_core::ahead::MIN_ROWS, spawn_without_signals)
        } else {
            src
        };

        let fcx = pg_sys::init_MultiFuncCall(fcinfo);
        let mut mcx = PgMemoryContexts::For((*fcx).multi_call_memory_ctx);
        let tupdesc = mcx.switch_to(|_| result_tupdesc(def, fcinfo));
        let ncols = def.columns.len();
        let state = Stream {
            def,
            src,
            row: Row::new(),
            tupdesc,
            datums: vec![pg_sys::Datum::null(); ncols],
            nulls: vec![false; ncols],
            text: Vec::with_capacity(256),
            text_cells: Vec::with_capacity(ncols),
        };
        (*fcx).user_fctx = mcx.leak_and_drop_on_delete(state).cast();
    }
}

/// The call's arguments as the core takes them: positional, in `def.params` order.
unsafe fn read_args(def: &'static TableDef, fcinfo: pg_sys::FunctionCallInfo) -> Vec<Arg> {
    unsafe {
        let nargs = (*fcinfo).nargs as usize;
        if nargs != def.params.len() {
            internal(
                def,
                format!(
                    "declared with {nargs} arguments, the table has {}",
                    def.params.len()
                ),
            );
        }
        let values = (*fcinfo).args.as_slice(nargs);
        def.params
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (p, v))| {
                let declared = pg_sys::get_fn_expr_argtype((*fcinfo).flinfo, i as i32);
                // InvalidOid: no expression info (direct call), trust the declaration.
                if declared != pg_sys::InvalidOid && declared != param_type_oid(p.ty) {
                    internal(
                        def,
                        format!("argument {} declared with type oid {declared:?}", p.name),
                    );
                }
                if v.isnull {
                    return Arg::Null;
                }
                let d = v.value;
                match p.ty {
                    PType::Int => Arg::Int(d.value() as i64),
                    PType::Text => match <String as pgrx::FromDatum>::from_datum(d, false) {
                        Some(t) => Arg::Text(t),
                        None => Arg::Null,
                    },
                    PType::Float => Arg::Float(f64::from_bits(d.value() as u64)),
                    PType::FloatList => {
                        let list =
                            <pgrx::datum::Array<f64> as pgrx::FromDatum>::from_datum(d, false);
                        let Some(list) = list else { return Arg::Null };
                        let mut out = Vec::with_capacity(list.len());
                        for x in list.iter() {
                            match x {
                                Some(x) => out.push(x),
                                None => raise(
                                    def,
                                    &Error::invalid(
                                        p.name,
                                        "a list of numbers without NULLs",
                                        "a NULL element",
                                    ),
                                ),
                            }
                        }
                        Arg::FloatList(out)
                    }
                    PType::Date => {
                        let days = d.value() as i32;
                        if days == i32::MIN || days == i32::MAX {
                            let got = if days == i32::MAX {
                                "infinity"
                            } else {
                                "-infinity"
                            };
                            raise(def, &Error::invalid(p.name, "a finite date", got));
                        }
                        Arg::Date(Date(days + PG_EPOCH_OFFSET_DAYS))
                    }
                }
            })
            .collect()
    }
}

/// The blessed result row type, checked against the table's columns so that a declaration
/// out of step with the core raises an error instead of misreading memory.
unsafe fn result_tupdesc(
    def: &'static TableDef,
    fcinfo: pg_sys::FunctionCallInfo,
) -> pg_sys::TupleDesc {
    unsafe {
        let mut tupdesc: pg_sys::TupleDesc = ptr::null_mut();
        let class = pg_sys::get_call_result_type(fcinfo, ptr::null_mut(), &mut tupdesc);
        if class != pg_sys::TypeFuncClass::TYPEFUNC_COMPOSITE || tupdesc.is_null() {
            internal(
                def,
                "must return a row type (SETOF synth_<table>_row or TABLE (...))".into(),
            );
        }
        let natts = (*tupdesc).natts as usize;
        if natts != def.columns.len() {
            internal(
                def,
                format!(
                    "declared with {natts} result columns, the table has {}",
                    def.columns.len()
                ),
            );
        }
        let attrs = (*tupdesc).attrs.as_slice(natts);
        for (a, c) in attrs.iter().zip(def.columns) {
            if a.atttypid != column_type_oid(c.ty) {
                internal(
                    def,
                    format!(
                        "result column {} declared with type oid {:?}",
                        c.name, a.atttypid
                    ),
                );
            }
        }
        // The type cache's copy of the descriptor (the row type `synth_<table>_row`, or a
        // blessed record for a row source declared RETURNS TABLE): it is reference-counted and
        // lives as long as the backend, so every row's expanded record can share it.
        let blessed = pg_sys::BlessTupleDesc(tupdesc);
        let cached = pg_sys::lookup_rowtype_tupdesc((*blessed).tdtypeid, (*blessed).tdtypmod);
        if (*cached).tdrefcount > 0 {
            pg_sys::DecrTupleDescRefCount(cached); // the pin lookup_rowtype_tupdesc took
        }
        cached
    }
}

impl Stream {
    /// Converts the current row into a composite datum: an expanded record, so that the public
    /// function's `(r).*` reads each field directly instead of walking a tuple per column.
    unsafe fn form_tuple(&mut self) -> pg_sys::Datum {
        if self.row.len() != self.datums.len() {
            internal(
                self.def,
                format!(
                    "row has {} cells, the table {} columns",
                    self.row.len(),
                    self.datums.len()
                ),
            );
        }
        self.text.clear();
        self.text_cells.clear();
        for (i, col) in self.def.columns.iter().enumerate() {
            let v = self.row.get(i);
            self.nulls[i] = matches!(v, Value::Null);
            self.datums[i] = match (col.ty, v) {
                (_, Value::Null) => pg_sys::Datum::null(),
                (LType::Int64, Value::Int(x)) => pg_sys::Datum::from(x),
                (LType::Int32, Value::Int(x)) => match i32::try_from(x) {
                    Ok(x) => pg_sys::Datum::from(x),
                    Err(_) => out_of_range(self.def, col.name, "integer", x),
                },
                (LType::Int16, Value::Int(x)) => match i16::try_from(x) {
                    Ok(x) => pg_sys::Datum::from(x),
                    Err(_) => out_of_range(self.def, col.name, "smallint", x),
                },
                (LType::Float64, Value::Float(x)) => pg_sys::Datum::from(x.to_bits()),
                (LType::Bool, Value::Bool(x)) => pg_sys::Datum::from(x),
                (LType::Date, Value::Date(d)) => pg_sys::Datum::from(d.0 - PG_EPOCH_OFFSET_DAYS),
                // numeric with display scale 2: 4380 cents -> 43.80
                (LType::Money, Value::Money(cents)) => unsafe {
                    pg_sys::Datum::from(pg_sys::int64_div_fast_to_numeric(cents, 2))
                },
                (LType::Text | LType::Json, Value::Text(s)) => {
                    let at = push_varlena(&mut self.text, s.as_bytes());
                    self.text_cells.push((i, at));
                    pg_sys::Datum::null() // pointed at below, once `text` stops growing
                }
                (ty, v) => internal(
                    self.def,
                    format!("column {} is {ty:?} but the row has {v:?}", col.name),
                ),
            };
        }
        let base = self.text.as_mut_ptr();
        for &(i, at) in &self.text_cells {
            self.datums[i] = pg_sys::Datum::from(unsafe { base.add(at) });
        }
        // An expanded record whose field values are this row's datums, as
        // expanded_record_set_fields() would set them but without copying each value: they
        // point into `self.text` and the per-row memory context, which stay valid until the
        // next call, the lifetime PostgreSQL gives any function result in a row pipeline
        // (nodes that keep a row copy it first, which flattens the record). FieldSelect reads
        // dvalues directly, so `(r).*` costs no tuple walk; whoever needs a flat tuple gets one
        // built from dvalues.
        unsafe {
            let erh = pg_sys::make_expanded_record_from_tupdesc(
                self.tupdesc,
                pg_sys::CurrentMemoryContext,
            );
            let n = self.datums.len();
            ptr::copy_nonoverlapping(self.datums.as_ptr(), (*erh).dvalues, n);
            ptr::copy_nonoverlapping(self.nulls.as_ptr(), (*erh).dnulls, n);
            (*erh).flags |= pg_sys::ER_FLAG_DVALUES_VALID as i32;
            pg_sys::Datum::from((*erh).hdr.eoh_ro_ptr.as_mut_ptr())
        }
    }
}

/// Appends a text varlena (4-byte header) to `buf` and returns its offset in words.
fn push_varlena(buf: &mut Vec<u32>, bytes: &[u8]) -> usize {
    let at = buf.len();
    let total = 4 + bytes.len();
    buf.resize(at + total.div_ceil(4), 0);
    // SAFETY: `buf[at..]` holds `total` bytes, 4-byte aligned; set_varsize_4b writes the
    // header in the platform's varlena layout.
    unsafe {
        let p = buf.as_mut_ptr().add(at).cast::<u8>();
        pgrx::varlena::set_varsize_4b(p.cast(), total as i32);
        ptr::copy_nonoverlapping(bytes.as_ptr(), p.add(4), bytes.len());
    }
    at
}

fn param_type_oid(t: PType) -> pg_sys::Oid {
    match t {
        PType::Int => pg_sys::INT8OID,
        PType::Float => pg_sys::FLOAT8OID,
        PType::Date => pg_sys::DATEOID,
        PType::FloatList => pg_sys::FLOAT8ARRAYOID,
        PType::Text => pg_sys::TEXTOID,
    }
}

fn column_type_oid(t: LType) -> pg_sys::Oid {
    match t {
        LType::Int64 => pg_sys::INT8OID,
        LType::Int32 => pg_sys::INT4OID,
        LType::Int16 => pg_sys::INT2OID,
        LType::Text => pg_sys::TEXTOID,
        LType::Date => pg_sys::DATEOID,
        LType::Money => pg_sys::NUMERICOID,
        LType::Float64 => pg_sys::FLOAT8OID,
        LType::Bool => pg_sys::BOOLOID,
        // Returned as text; the public SQL function casts it to jsonb.
        LType::Json => pg_sys::TEXTOID,
    }
}

/// The PostgreSQL error code for a five-character SQLSTATE such as "22023".
pub fn errcode(sqlstate: &str) -> PgSqlErrorCode {
    let b = sqlstate.as_bytes();
    if b.len() != 5 {
        return PgSqlErrorCode::ERRCODE_INTERNAL_ERROR;
    }
    // MAKE_SQLSTATE: six bits per character, first character lowest.
    let code = b.iter().enumerate().fold(0i32, |acc, (i, &c)| {
        acc + ((((c as i32) - ('0' as i32)) & 0x3F) << (6 * i))
    });
    PgSqlErrorCode::from(code)
}

/// Raises the core's error with its SQLSTATE, prefixed with the SQL function's name. A
/// cancellation first lets Postgres raise its own cancel or statement_timeout error.
pub fn raise(def: &'static TableDef, e: &Error) -> ! {
    if matches!(e, Error::Cancelled) {
        pgrx::check_for_interrupts!();
    }
    ErrorReport::new(
        errcode(e.sqlstate()),
        format!("{}: {e}", def.function),
        def.function,
    )
    .report(PgLogLevel::ERROR);
    unreachable!("ereport(ERROR) returned")
}

fn out_of_range(def: &'static TableDef, column: &str, ty: &str, v: i64) -> ! {
    ErrorReport::new(
        PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
        format!(
            "{}: column {column}: {v} is out of range for type {ty}",
            def.function
        ),
        def.function,
    )
    .report(PgLogLevel::ERROR);
    unreachable!("ereport(ERROR) returned")
}

/// A declaration out of step with the core: a bug, reported as XX000, never a crash.
fn internal(def: &'static TableDef, msg: String) -> ! {
    ErrorReport::new(
        PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
        format!("{}: {msg}", def.function),
        def.function,
    )
    .set_hint("the extension's SQL does not match its library; reinstall the extension")
    .report(PgLogLevel::ERROR);
    unreachable!("ereport(ERROR) returned")
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn sqlstates_map_to_their_codes() {
        assert_eq!(
            errcode("22023"),
            PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE
        );
        assert_eq!(
            errcode("22004"),
            PgSqlErrorCode::ERRCODE_NULL_VALUE_NOT_ALLOWED
        );
        assert_eq!(
            errcode("54000"),
            PgSqlErrorCode::ERRCODE_PROGRAM_LIMIT_EXCEEDED
        );
        assert_eq!(
            errcode("22003"),
            PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
        );
        assert_eq!(errcode("nope"), PgSqlErrorCode::ERRCODE_INTERNAL_ERROR);
    }

    #[test]
    fn varlena_images_are_aligned_and_sized() {
        let mut buf = Vec::new();
        assert_eq!(push_varlena(&mut buf, b"abc"), 0);
        assert_eq!(push_varlena(&mut buf, b"hello"), 2);
        assert_eq!(buf.len(), 5);
    }
}
