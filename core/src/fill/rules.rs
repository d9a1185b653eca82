//! Column semantics: which generator a column gets from its name and type. The rules are tried
//! in the order of [`RULES`] on the column's normalised name (`BillingPostalCode` →
//! `billing_postal_code`); the first that matches wins. Keys come first and are not rules:
//! a foreign-key column takes its parent's key, a primary-key or UNIQUE column is unique by
//! construction, and a CHECK … IN list or an enum type decides the value set of any column.

use super::model::{ColType, ColumnSpec};

/// A column generator, by name (the `--map table.column=RULE` vocabulary).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Email,
    FirstName,
    LastName,
    /// Another first name of the row's sex (an initial in a one-character column).
    MiddleName,
    FullName,
    Username,
    Phone,
    Street,
    Street2,
    City,
    State,
    Zip,
    Country,
    County,
    Latitude,
    Longitude,
    BirthDate,
    Age,
    Gender,
    CreatedAt,
    UpdatedAt,
    /// Any other date/time column: a moment in the five years before the reference date.
    Moment,
    Money,
    Quantity,
    Status,
    Url,
    Uuid,
    Words,
    Title,
    Company,
    /// A calendar year (1950 to the reference year).
    Year,
    /// A reference code: a prefix from the table or column and the row's number (`INV-000042`).
    Code,
    /// A URL slug: lower-case words joined by hyphens (`blue-river-42` when unique).
    Slug,
    /// An ISO 4217 currency code, mostly `USD`.
    Currency,
    /// A public-looking IPv4 address (no private, loopback or reserved ranges).
    Ip,
    /// A locally administered MAC address (`02:…`), never a vendor's real one.
    Mac,
    Bool,
    /// A plain value of the column's type.
    Typed,
    /// Always NULL (nullable columns only).
    Null,
    /// Left out of the INSERT: the database's DEFAULT applies.
    Default,
}

/// The rules in order, with their `--map` names and the column names they match (on the
/// normalised name: the whole name, or its last `_` words). Documented in `docs/fill.md`.
pub const RULES: &[(Rule, &str, &[&str])] = &[
    (Rule::Email, "email", &["email", "email_address", "mail"]),
    (
        Rule::FirstName,
        "first_name",
        &["first_name", "fname", "firstname", "given_name", "forename"],
    ),
    (
        Rule::LastName,
        "last_name",
        &["last_name", "lname", "lastname", "surname", "family_name"],
    ),
    (
        Rule::MiddleName,
        "middle_name",
        &["middle_name", "middlename", "middle_initial"],
    ),
    (
        Rule::FullName,
        "full_name",
        &["full_name", "fullname", "display_name", "contact_name"],
    ),
    (
        Rule::Username,
        "username",
        &["username", "user_name", "login", "handle", "nickname"],
    ),
    (
        Rule::Phone,
        "phone",
        &[
            "phone",
            "fax",
            "mobile",
            "cell",
            "telephone",
            "phone_number",
        ],
    ),
    (
        Rule::Ip,
        "ip",
        &[
            "ip",
            "ip_address",
            "ipaddress",
            "ip_addr",
            "ipv4",
            "remote_addr",
            "remote_ip",
            "client_ip",
        ],
    ),
    (
        Rule::Mac,
        "mac",
        &["mac", "mac_address", "macaddress", "mac_addr"],
    ),
    (
        Rule::Street2,
        "street2",
        &[
            "address2",
            "address_2",
            "address_line2",
            "address_line_2",
            "street2",
        ],
    ),
    (
        Rule::Street,
        "street",
        &[
            "street",
            "address",
            "address1",
            "address_line1",
            "address_line_1",
            "street_address",
        ],
    ),
    (Rule::City, "city", &["city", "town"]),
    (Rule::State, "state", &["state", "province", "state_code"]),
    (
        Rule::Zip,
        "zip",
        &["zip", "zipcode", "zip_code", "postal_code", "postcode"],
    ),
    (
        Rule::Country,
        "country",
        &["country", "country_name", "country_code"],
    ),
    (Rule::County, "county", &["county", "district"]),
    (Rule::Latitude, "latitude", &["latitude", "lat"]),
    (Rule::Longitude, "longitude", &["longitude", "lon", "lng"]),
    (
        Rule::BirthDate,
        "birth_date",
        &[
            "birth_date",
            "birthdate",
            "dob",
            "date_of_birth",
            "birthday",
        ],
    ),
    (Rule::Age, "age", &["age"]),
    (Rule::Gender, "gender", &["gender", "sex"]),
    (
        Rule::CreatedAt,
        "created_at",
        &[
            "created_at",
            "created",
            "created_on",
            "create_date",
            "creation_date",
            "inserted_at",
            "registered_at",
            "registered_on",
            "registration_date",
            "signup_date",
            "signed_up_at",
            "date_joined",
            "joined_at",
            "joined_on",
            "join_date",
            "date_created",
            "date_added",
            "added_at",
            "enrolled_at",
            "enrollment_date",
            "hire_date",
        ],
    ),
    (
        Rule::UpdatedAt,
        "updated_at",
        &[
            "updated_at",
            "updated",
            "updated_on",
            "modified_at",
            "modified",
            "last_update",
            "last_updated",
            "last_modified",
            "date_modified",
            "date_updated",
        ],
    ),
    (
        Rule::Money,
        "money",
        &[
            "price",
            "amount",
            "total",
            "cost",
            "subtotal",
            "fee",
            "balance",
            "salary",
            "rate",
            "tax",
            "discount",
            "shipping",
            "tip",
            "surcharge",
            "wage",
            "income",
            "revenue",
            "budget",
            "rent",
            "deposit",
            "loan",
            "payment",
            "charge",
            "spend",
        ],
    ),
    (Rule::Quantity, "quantity", &["quantity", "qty"]),
    (Rule::Status, "status", &["status"]),
    (
        Rule::Url,
        "url",
        &[
            "url",
            "website",
            "web_site",
            "homepage",
            "home_page",
            "webpage",
            "web_page",
            "link",
            "uri",
        ],
    ),
    (Rule::Uuid, "uuid", &["uuid", "guid"]),
    (Rule::Currency, "currency", &["currency", "currency_code"]),
    (Rule::Slug, "slug", &["slug"]),
    (
        Rule::Code,
        "code",
        &[
            "code",
            "sku",
            "number",
            "reference",
            "ref",
            "serial",
            "serial_number",
            "barcode",
        ],
    ),
    (
        Rule::Words,
        "words",
        &[
            "description",
            "notes",
            "note",
            "comment",
            "comments",
            "bio",
            "summary",
            "body",
            "content",
        ],
    ),
    (Rule::Title, "title", &["title", "subject", "headline"]),
    (
        Rule::Company,
        "company",
        &["company", "company_name", "organization", "employer"],
    ),
    (Rule::Year, "year", &["year", "release_year", "model_year"]),
];

/// Rules that only have a `--map` name (no column-name pattern).
const EXTRA_NAMES: &[(Rule, &str)] = &[
    (Rule::FullName, "name"),
    (Rule::Moment, "timestamp"),
    (Rule::Bool, "bool"),
    (Rule::Typed, "typed"),
    (Rule::Null, "null"),
    (Rule::Default, "default"),
];

impl Rule {
    /// A rule by its `--map` name.
    pub fn parse(s: &str) -> Option<Rule> {
        let s = s.trim().to_ascii_lowercase();
        RULES
            .iter()
            .find(|r| r.1 == s)
            .map(|r| r.0)
            .or_else(|| EXTRA_NAMES.iter().find(|r| r.1 == s).map(|r| r.0))
    }

    /// The rule's `--map` name.
    pub fn name(self) -> &'static str {
        RULES
            .iter()
            .map(|r| (r.0, r.1))
            .chain(EXTRA_NAMES.iter().copied())
            .find(|r| r.0 == self)
            .map_or("?", |r| r.1)
    }

    /// Every `--map` name, for error messages.
    pub fn names() -> Vec<&'static str> {
        RULES
            .iter()
            .map(|r| r.1)
            .chain(EXTRA_NAMES.iter().map(|r| r.1))
            .collect()
    }

    /// Whether the rule's values come from the row's persona (name, place).
    pub fn uses_persona(self) -> bool {
        matches!(
            self,
            Rule::Email
                | Rule::FirstName
                | Rule::LastName
                | Rule::FullName
                | Rule::Username
                | Rule::Phone
                | Rule::Street
                | Rule::City
                | Rule::State
                | Rule::Zip
                | Rule::County
                | Rule::Latitude
                | Rule::Longitude
                | Rule::BirthDate
                | Rule::Age
                | Rule::Gender
                | Rule::Url
        )
    }
}

/// `BillingPostalCode` → `billing_postal_code`; `first-name` → `first_name`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        prev = Some(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Whether `name` is `pat` or ends with `_pat`.
fn ends_with_word(name: &str, pat: &str) -> bool {
    name == pat
        || (name.len() > pat.len()
            && name.ends_with(pat)
            && name.as_bytes()[name.len() - pat.len() - 1] == b'_')
}

/// Table names whose rows are people: their `name` column is a person's full name.
const PERSON_TABLES: &[&str] = &[
    "user", "customer", "client", "employee", "person", "people", "author", "artist", "actor",
    "staff", "member", "contact", "student", "teacher", "patient", "owner", "driver", "player",
    "account", "profile", "manager", "agent",
];

/// Whether a table's rows are people (by its name).
pub fn is_person_table(table: &str) -> bool {
    let t = normalize(table);
    PERSON_TABLES.iter().any(|p| {
        ends_with_word(&t, p)
            || ends_with_word(&t, &format!("{p}s"))
            || (*p == "person" && ends_with_word(&t, "persons"))
    })
}

/// The rule for a column from its name and type (keys and value sets are decided before this).
pub fn rule_for(table: &str, col: &ColumnSpec) -> Rule {
    let n = normalize(&col.name);
    let temporal = matches!(
        col.ty,
        ColType::Date | ColType::Timestamp { .. } | ColType::Time
    );
    let numeric = matches!(
        col.ty,
        ColType::Int { .. } | ColType::Numeric { .. } | ColType::Float
    );
    if matches!(col.ty, ColType::Uuid) {
        return Rule::Uuid;
    }
    if matches!(col.ty, ColType::Bool) {
        return Rule::Bool;
    }
    for &(rule, _, pats) in RULES {
        if !pats.iter().any(|p| ends_with_word(&n, p)) {
            continue;
        }
        // The creation and update moments are the row's own, by their whole name: Devise's
        // `remember_created_at` is some other event's moment.
        if matches!(rule, Rule::CreatedAt | Rule::UpdatedAt) && !pats.contains(&n.as_str()) {
            continue;
        }
        // A rule only applies to a column whose type can hold its values.
        let fits = match rule {
            Rule::BirthDate | Rule::CreatedAt | Rule::UpdatedAt => {
                temporal || matches!(col.ty, ColType::Text { .. })
            }
            Rule::Age | Rule::Quantity | Rule::Money | Rule::Latitude | Rule::Longitude => numeric,
            Rule::Year => numeric || matches!(col.ty, ColType::Text { .. }),
            Rule::Uuid => matches!(col.ty, ColType::Text { .. }),
            _ => matches!(
                col.ty,
                ColType::Text { .. } | ColType::Other(_) | ColType::Enum { .. }
            ),
        };
        if fits {
            return rule;
        }
    }
    const FLAGS: &[&str] = &[
        "active", "enabled", "disabled", "deleted", "verified", "archived", "visible",
    ];
    if (n.starts_with("is_") || n.starts_with("has_") || FLAGS.contains(&n.as_str()))
        && (numeric || matches!(col.ty, ColType::Text { .. }))
    {
        return Rule::Bool;
    }
    if ends_with_word(&n, "name") && matches!(col.ty, ColType::Text { .. }) {
        return if is_person_table(table) {
            Rule::FullName
        } else {
            Rule::Title
        };
    }
    if temporal || text_moment(&n, &col.ty) {
        return Rule::Moment;
    }
    Rule::Typed
}

/// A text column named like a moment (`deleted_at TEXT`, `due_date VARCHAR(10)`: SQLite keeps
/// dates as text) that can hold an ISO date.
fn text_moment(n: &str, ty: &ColType) -> bool {
    let fits = match ty {
        ColType::Text { max_len, .. } => max_len.is_none_or(|m| m >= 10),
        _ => false,
    };
    fits && ([
        "_at",
        "_date",
        "_on",
        "_time",
        "_timestamp",
        "_datetime",
        "_created",
        "_updated",
        "_modified",
    ]
    .iter()
    .any(|s| n.ends_with(s))
        || matches!(n, "date" | "timestamp" | "datetime"))
}

/// Common English words for descriptions and titles (no names, nothing offensive).
pub const WORDS: &[&str] = &[
    "able",
    "account",
    "action",
    "active",
    "amazing",
    "angle",
    "answer",
    "art",
    "autumn",
    "basic",
    "beautiful",
    "best",
    "better",
    "blue",
    "bold",
    "bright",
    "brilliant",
    "calm",
    "career",
    "careful",
    "center",
    "change",
    "classic",
    "clean",
    "clear",
    "clever",
    "close",
    "cloud",
    "coast",
    "color",
    "comfort",
    "common",
    "complete",
    "cool",
    "country",
    "crisp",
    "daily",
    "dark",
    "deep",
    "design",
    "detail",
    "direct",
    "early",
    "easy",
    "edge",
    "elegant",
    "energy",
    "epic",
    "essential",
    "evening",
    "exact",
    "extra",
    "fair",
    "family",
    "famous",
    "fast",
    "field",
    "final",
    "fine",
    "first",
    "focus",
    "forest",
    "free",
    "fresh",
    "friendly",
    "full",
    "garden",
    "gentle",
    "giant",
    "global",
    "golden",
    "good",
    "grand",
    "great",
    "green",
    "happy",
    "harbor",
    "heart",
    "heavy",
    "high",
    "home",
    "honest",
    "hope",
    "house",
    "ideal",
    "island",
    "journey",
    "joy",
    "kind",
    "large",
    "late",
    "light",
    "little",
    "local",
    "long",
    "lucky",
    "magic",
    "main",
    "major",
    "market",
    "master",
    "modern",
    "moment",
    "morning",
    "mountain",
    "music",
    "native",
    "natural",
    "new",
    "night",
    "noble",
    "north",
    "ocean",
    "open",
    "orange",
    "original",
    "palace",
    "paper",
    "past",
    "perfect",
    "plain",
    "planet",
    "pleasant",
    "plus",
    "point",
    "power",
    "prime",
    "proud",
    "pure",
    "quick",
    "quiet",
    "rapid",
    "rare",
    "ready",
    "real",
    "red",
    "rich",
    "river",
    "road",
    "rock",
    "royal",
    "safe",
    "secret",
    "silver",
    "simple",
    "sky",
    "small",
    "smart",
    "smooth",
    "soft",
    "solid",
    "south",
    "special",
    "spring",
    "square",
    "star",
    "steady",
    "stone",
    "story",
    "strong",
    "summer",
    "sun",
    "sweet",
    "swift",
    "thunder",
    "time",
    "top",
    "total",
    "tower",
    "travel",
    "true",
    "union",
    "unique",
    "urban",
    "valley",
    "vast",
    "victory",
    "vintage",
    "vivid",
    "warm",
    "water",
    "west",
    "white",
    "whole",
    "wild",
    "window",
    "winter",
    "wise",
    "wonder",
    "world",
    "young",
    "zone",
];

/// Company suffixes.
pub const COMPANY_SUFFIXES: &[&str] = &[
    "Inc",
    "LLC",
    "Group",
    "& Sons",
    "Co",
    "Partners",
    "Holdings",
    "Corp",
    "Industries",
    "Labs",
];

/// Job titles, for a `title` column of a table of people.
pub const JOB_TITLES: &[&str] = &[
    "Sales Manager",
    "Sales Support Agent",
    "Account Manager",
    "Software Engineer",
    "Senior Software Engineer",
    "Product Manager",
    "Data Analyst",
    "Customer Service Representative",
    "Operations Manager",
    "Marketing Specialist",
    "Accountant",
    "Office Manager",
    "IT Manager",
    "Registered Nurse",
    "Teacher",
    "Project Manager",
    "Financial Analyst",
    "HR Specialist",
    "General Manager",
    "Administrative Assistant",
];

/// Status values used when a `status` column has no CHECK list or enum.
pub const STATUSES: &[&str] = &["active", "pending", "inactive", "closed"];

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str) -> ColumnSpec {
        ColumnSpec::new(
            name,
            ColType::Text {
                max_len: None,
                fixed: false,
            },
        )
    }

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize("BillingPostalCode"), "billing_postal_code");
        assert_eq!(normalize("first-name"), "first_name");
        assert_eq!(normalize("SupportRepId"), "support_rep_id");
        assert_eq!(normalize("address2"), "address2");
        assert_eq!(normalize("IPAddress"), "ipaddress");
    }

    #[test]
    fn rules_by_name_and_type() {
        assert_eq!(rule_for("t", &text("Email")), Rule::Email);
        assert_eq!(rule_for("t", &text("BillingPostalCode")), Rule::Zip);
        assert_eq!(rule_for("t", &text("BillingCity")), Rule::City);
        assert_eq!(rule_for("t", &text("fname")), Rule::FirstName);
        assert_eq!(rule_for("t", &text("address2")), Rule::Street2);
        assert_eq!(rule_for("users", &text("name")), Rule::FullName);
        assert_eq!(rule_for("Genre", &text("Name")), Rule::Title);
        let ts = ColumnSpec::new("updated_at", ColType::Timestamp { tz: false });
        assert_eq!(rule_for("t", &ts), Rule::UpdatedAt);
        let money = ColumnSpec::new(
            "UnitPrice",
            ColType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
        );
        assert_eq!(rule_for("t", &money), Rule::Money);
        // A name rule never applies to a column of the wrong type.
        let int_email = ColumnSpec::new("email", ColType::Int { bits: 32 });
        assert_eq!(rule_for("t", &int_email), Rule::Typed);
        let flag = ColumnSpec::new("is_active", ColType::Int { bits: 16 });
        assert_eq!(rule_for("t", &flag), Rule::Bool);
        for name in Rule::names() {
            assert!(Rule::parse(name).is_some(), "{name}");
        }
    }
}
