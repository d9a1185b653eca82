//! `synth_relationships` and `synth_households`: the links and the homes of the families of
//! `synth_people` (see [`crate::tables::family`]), row for row from the same blocks.

use crate::error::Result;
use crate::schema::{Args, Column, LType, Row};
use crate::tables::family::{HOUSEHOLD_TYPES, RELATIONSHIPS};
use crate::tables::people::{self, min_age_arg, open_range, BlockCache, People, PersonWalk};
use crate::tables::RowSource;

pub const RELATIONSHIP_COLUMNS: &[Column] = &[
    Column {
        name: "person_id",
        ty: LType::Text,
        nullable: false,
        doc: "a person of synth_people with the same arguments",
    },
    Column {
        name: "relative_id",
        ty: LType::Text,
        nullable: false,
        doc: "another person of the same call",
    },
    Column {
        name: "relationship",
        ty: LType::Text,
        nullable: false,
        doc: "what the relative is to the person: spouse, parent, child, sibling, grandparent \
              or grandchild (each link appears from both sides)",
    },
];

pub const HOUSEHOLD_COLUMNS: &[Column] = &[
    Column {
        name: "household_id",
        ty: LType::Int64,
        nullable: false,
        doc: "the household_id of its people (its first adult's number + 1)",
    },
    Column {
        name: "size",
        ty: LType::Int16,
        nullable: false,
        doc: "people living in it, minors included",
    },
    Column {
        name: "household_type",
        ty: LType::Text,
        nullable: false,
        doc: "married_with_children, married_without_children (own children under 18), \
              single_parent, other_family, living_alone or roommates (ACS B11003/B11010)",
    },
    // The address columns of the people rows: street, city, state, zip.
    people::COLUMNS[15],
    people::COLUMNS[16],
    people::COLUMNS[17],
    people::COLUMNS[18],
    Column {
        name: "householder_id",
        ty: LType::Text,
        nullable: false,
        doc: "person_id of the householder (an adult of the household)",
    },
    Column {
        name: "minors",
        ty: LType::Int16,
        nullable: false,
        doc: "people under 18 living in it",
    },
];

/// Links of the people of adults `[next, end)` and of their minors, in people row order.
pub struct RelationshipsCursor {
    t: People,
    walk: PersonWalk,
    min_age: u32,
    /// The current person's links still to write, reversed.
    links: Vec<(u32, u8)>,
    id: String,
}

impl RowSource for RelationshipsCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        loop {
            if let Some((rel, kind)) = self.links.pop() {
                let h = self.walk.block();
                if h.members[rel as usize].age < self.min_age {
                    continue;
                }
                row.clear();
                row.text(&self.id);
                row.text_with(|s| self.t.id_of(h, rel, s));
                row.text_static(RELATIONSHIPS[kind as usize]);
                return true;
            }
            let Some((h, p)) = self.walk.next(&self.t) else {
                return false;
            };
            h.relatives(p, &mut self.links);
            self.links.reverse();
            self.id.clear();
            self.t.id_of(h, p, &mut self.id);
        }
    }

    fn remaining(&self) -> u64 {
        self.walk.remaining()
    }
}

pub fn open_relationships(a: &Args) -> Result<Box<dyn RowSource>> {
    let (t, first, end) = open_range(a)?;
    let min_age = min_age_arg(a)?;
    Ok(Box::new(RelationshipsCursor {
        t,
        walk: PersonWalk::new(first, end, min_age),
        min_age,
        links: Vec::new(),
        id: String::new(),
    }))
}

/// Households whose first adult is in `[next, end)`.
pub struct HouseholdsCursor {
    t: People,
    next: u64,
    end: u64,
    cache: BlockCache,
}

impl RowSource for HouseholdsCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        while self.next < self.end {
            let i = self.next;
            self.next += 1;
            let h = self.cache.get(&self.t, i);
            let pos = (i - h.first) as u32;
            let hh_index = h.members[pos as usize].household;
            let hh = &h.households[hh_index as usize];
            if hh.adults.start != pos {
                continue;
            }
            row.clear();
            row.int(h.household_id(hh_index) as i64);
            row.int(hh.size() as i64);
            row.text_static(HOUSEHOLD_TYPES[hh.kind as usize]);
            self.t.write_home(h, hh_index, false, row);
            row.text_with(|s| self.t.id_of(h, hh.householder, s));
            row.int(hh.minors.len() as i64);
            return true;
        }
        false
    }

    fn remaining(&self) -> u64 {
        self.end - self.next
    }
}

pub fn open_households(a: &Args) -> Result<Box<dyn RowSource>> {
    let (t, first, end) = open_range(a)?;
    Ok(Box::new(HouseholdsCursor {
        t,
        next: first,
        end,
        cache: BlockCache::default(),
    }))
}
