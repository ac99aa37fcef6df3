//! [`Sources`]: the documents a summary item was written from, as the fact metrics see them
//! (key-fact recall resolves dates with them; unsupported numbers and names are checked
//! against them).

use crate::dataset::Document;
use crate::text::date::Date;

/// The source documents of one summary item: the item's document ids and the dataset's
/// documents to look them up in. Empty when the caller has no documents (`score rouge` on
/// files); the fact metrics then do not apply.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    /// The item's document ids, in item order.
    pub ids: &'a [String],
    /// Every document of the dataset.
    pub documents: &'a [Document],
}

impl<'a> Sources<'a> {
    /// The item's documents, in item order; unknown ids are skipped.
    pub fn iter(&self) -> impl Iterator<Item = &'a Document> + '_ {
        let documents = self.documents;
        self.ids
            .iter()
            .filter_map(move |id| documents.iter().find(|d| &d.id == id))
    }

    /// True when none of the item's documents is known.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The publication date of the item's first document: the year of dates written
    /// without one in the summary and in its key facts.
    pub fn publication(&self) -> Option<Date> {
        self.iter()
            .next()
            .and_then(|d| Date::parse_iso(&d.published))
    }
}
