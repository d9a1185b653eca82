//! Parquet via arrow, snappy-compressed. Types: all integers int64, text utf8, dates date32,
//! money decimal128(18, 2) (exact cents; the core's numeric(12,2) with room for sums),
//! floats float64, booleans bool; every column nullable. Rows are gathered in arrow batches of
//! [`BATCH`] rows and written in row groups of at most [`ROW_GROUP`] rows, so memory is flat.

use super::Writer;
use crate::types::{type_name, ColumnInfo};
use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Decimal128Builder, Float64Builder, Int64Builder,
    StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;
use synth_core::{LType, Row, Value};

pub const BATCH: usize = 8192;
pub const ROW_GROUP: usize = 128 * 1024;
pub const MONEY_PRECISION: u8 = 18;

enum Col {
    Int(Int64Builder),
    Text(StringBuilder),
    Date(Date32Builder),
    Money(Decimal128Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
}

impl Col {
    fn new(t: LType) -> Col {
        match t {
            LType::Int64 | LType::Int32 | LType::Int16 => {
                Col::Int(Int64Builder::with_capacity(BATCH))
            }
            LType::Text | LType::Json => Col::Text(StringBuilder::with_capacity(BATCH, BATCH * 16)),
            LType::Date => Col::Date(Date32Builder::with_capacity(BATCH)),
            LType::Money => Col::Money(
                Decimal128Builder::with_capacity(BATCH)
                    .with_precision_and_scale(MONEY_PRECISION, 2)
                    .expect("valid decimal"),
            ),
            LType::Float64 => Col::Float(Float64Builder::with_capacity(BATCH)),
            LType::Bool => Col::Bool(BooleanBuilder::with_capacity(BATCH)),
        }
    }

    fn data_type(t: LType) -> DataType {
        match t {
            LType::Int64 | LType::Int32 | LType::Int16 => DataType::Int64,
            LType::Text | LType::Json => DataType::Utf8,
            LType::Date => DataType::Date32,
            LType::Money => DataType::Decimal128(MONEY_PRECISION, 2),
            LType::Float64 => DataType::Float64,
            LType::Bool => DataType::Boolean,
        }
    }

    #[inline]
    fn push(&mut self, v: Value<'_>) -> bool {
        match (self, v) {
            (Col::Int(b), Value::Null) => b.append_null(),
            (Col::Text(b), Value::Null) => b.append_null(),
            (Col::Date(b), Value::Null) => b.append_null(),
            (Col::Money(b), Value::Null) => b.append_null(),
            (Col::Float(b), Value::Null) => b.append_null(),
            (Col::Bool(b), Value::Null) => b.append_null(),
            (Col::Int(b), Value::Int(i)) => b.append_value(i),
            (Col::Text(b), Value::Text(s)) => b.append_value(s),
            (Col::Date(b), Value::Date(d)) => b.append_value(d.0),
            (Col::Money(b), Value::Money(c))
                if c.unsigned_abs() < 10u64.pow(MONEY_PRECISION as u32) =>
            {
                b.append_value(c as i128)
            }
            (Col::Float(b), Value::Float(f)) => b.append_value(f),
            (Col::Bool(b), Value::Bool(x)) => b.append_value(x),
            _ => return false,
        }
        true
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Col::Int(b) => Arc::new(b.finish()),
            Col::Text(b) => Arc::new(b.finish()),
            Col::Date(b) => Arc::new(b.finish()),
            Col::Money(b) => Arc::new(b.finish()),
            Col::Float(b) => Arc::new(b.finish()),
            Col::Bool(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Col::Int(b) => b.len(),
            Col::Text(b) => b.len(),
            Col::Date(b) => b.len(),
            Col::Money(b) => b.len(),
            Col::Float(b) => b.len(),
            Col::Bool(b) => b.len(),
        }
    }
}

pub struct ParquetWriter {
    sink: Option<Box<dyn Write + Send>>,
    writer: Option<ArrowWriter<Box<dyn Write + Send>>>,
    schema: Option<SchemaRef>,
    cols: Vec<Col>,
    info: Vec<ColumnInfo>,
    rows: u64,
}

fn err(e: impl std::fmt::Display) -> String {
    format!("writing parquet: {e}")
}

impl ParquetWriter {
    pub fn new(w: Box<dyn Write + Send>) -> ParquetWriter {
        ParquetWriter {
            sink: Some(w),
            writer: None,
            schema: None,
            cols: Vec::new(),
            info: Vec::new(),
            rows: 0,
        }
    }

    fn flush_batch(&mut self) -> Result<(), String> {
        if self.cols.first().is_none_or(|c| c.len() == 0) {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        let schema = self.schema.clone().ok_or("parquet: no schema")?;
        let batch = RecordBatch::try_new(schema, arrays).map_err(err)?;
        self.writer
            .as_mut()
            .ok_or("parquet: not started")?
            .write(&batch)
            .map_err(err)
    }
}

impl Writer for ParquetWriter {
    fn begin(&mut self, _name: &str, cols: &[ColumnInfo]) -> Result<(), String> {
        let sink = self.sink.take().ok_or("a parquet file holds one query")?;
        let fields: Vec<Field> = cols
            .iter()
            .map(|c| Field::new(&c.name, Col::data_type(c.ty), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("seeder {}", synth_core::VERSION))
            .build();
        self.writer = Some(ArrowWriter::try_new(sink, schema.clone(), Some(props)).map_err(err)?);
        self.schema = Some(schema);
        self.cols = cols.iter().map(|c| Col::new(c.ty)).collect();
        self.info = cols.to_vec();
        Ok(())
    }

    #[inline]
    fn row(&mut self, row: &Row) -> Result<(), String> {
        self.rows += 1;
        for (i, col) in self.cols.iter_mut().enumerate() {
            let v = row.get(i);
            if !col.push(v) {
                let c = &self.info[i];
                return Err(format!(
                    "column {:?}, row {}: {v:?} does not fit parquet column type {}",
                    c.name,
                    self.rows,
                    type_name(c.ty)
                ));
            }
        }
        if self.cols.first().is_some_and(|c| c.len() >= BATCH) {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        self.flush_batch()
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        if let Some(w) = self.writer.take() {
            let mut inner = w.into_inner().map_err(err)?;
            inner.flush().map_err(err)?;
        }
        Ok(())
    }
}
